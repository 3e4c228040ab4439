import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpMetricNames } from '../../src/core/conventions.js';
import { ManualClock } from '../../src/core/clock.js';
import { buildApp } from '../../services/inventory/app.js';
import { PRODUCT_IDS } from '../../services/shared/catalogue.js';
import { serviceConfig } from './helpers/config.js';
import { valueOf } from './helpers/metrics-text.js';

let clock: ManualClock;
let app: FastifyInstance;

beforeEach(() => {
  clock = new ManualClock(Date.UTC(2026, 0, 1));
  app = buildApp(serviceConfig('inventory'), { logger: false, clock, holdTtlMs: 30_000, initialStock: new Map([['p-01', 10], ['p-02', 3]]) });
});
afterEach(() => app.close());

const reserve = (body: Record<string, unknown>) => app.inject({ method: 'POST', url: '/reservations', payload: body });
const available = async (productId: string) => (await app.inject({ url: `/stock/${productId}` })).json().available as number;

describe('inventory stock', () => {
  it('lists stock for every product', async () => {
    const response = await app.inject({ url: '/stock' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([{ productId: 'p-01', available: 10 }, { productId: 'p-02', available: 3 }]);
  });

  it('answers 404 for an unknown product', async () => {
    const response = await app.inject({ url: '/stock/p-99' });
    expect(response.statusCode).toBe(404);
    expect(response.json().message).toBe('unknown product p-99');
  });

  it('seeds deep stock for the whole catalogue by default, the same for the same seed', async () => {
    const first = buildApp(serviceConfig('inventory', {}, { seed: 5 }), { logger: false });
    const second = buildApp(serviceConfig('inventory', {}, { seed: 5 }), { logger: false });
    const levels = (await first.inject({ url: '/stock' })).json() as { productId: string; available: number }[];
    expect(levels.map((level) => level.productId)).toEqual(PRODUCT_IDS);
    expect(levels.every((level) => level.available >= 50_000)).toBe(true);
    expect((await second.inject({ url: '/stock' })).json()).toEqual(levels);
    await Promise.all([first.close(), second.close()]);
  });
});

describe('reservations', () => {
  it('holds stock and says until when', async () => {
    const response = await reserve({ productId: 'p-01', quantity: 4, orderKey: 'o-1' });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ productId: 'p-01', quantity: 4, orderKey: 'o-1', status: 'held', expiresAt: '2026-01-01T00:00:30.000Z' });
    expect(response.json().reservationId).toMatch(/^res_/);
    expect(await available('p-01')).toBe(6);
  });

  it('returns the same reservation for the same orderKey, taking stock once', async () => {
    const first = await reserve({ productId: 'p-01', quantity: 4, orderKey: 'o-1' });
    const again = await reserve({ productId: 'p-01', quantity: 4, orderKey: 'o-1' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(await available('p-01')).toBe(6);
  });

  it('refuses an orderKey reused for something else', async () => {
    await reserve({ productId: 'p-01', quantity: 4, orderKey: 'o-1' });
    const response = await reserve({ productId: 'p-01', quantity: 5, orderKey: 'o-1' });
    expect(response.statusCode).toBe(409);
    expect(response.json().message).toBe('orderKey o-1 already reserved 4 of p-01');
  });

  it('refuses more than is available with 409 insufficient stock', async () => {
    const response = await reserve({ productId: 'p-02', quantity: 4, orderKey: 'o-1' });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toEqual({ statusCode: 409, error: 'Conflict', message: 'insufficient stock: p-02 has 3 available, 4 requested' });
    expect(await available('p-02')).toBe(3);
  });

  it('answers 404 for an unknown product', async () => {
    expect((await reserve({ productId: 'p-99', quantity: 1, orderKey: 'o-1' })).statusCode).toBe(404);
  });

  it.each([
    { body: { productId: 'p-01', quantity: 0, orderKey: 'o' }, message: 'body/quantity must be >= 1' },
    { body: { productId: 'p-01', quantity: 1.5, orderKey: 'o' }, message: 'body/quantity must be integer' },
    { body: { productId: 'p-01', quantity: '2', orderKey: 'o' }, message: 'body/quantity must be integer' },
    { body: { productId: 'p-01', quantity: 1 }, message: "body must have required property 'orderKey'" },
    { body: { productId: '', quantity: 1, orderKey: 'o' }, message: 'body/productId must NOT have fewer than 1 characters' },
    { body: { productId: 'p-01', quantity: 1, orderKey: 'o', priority: 'high' }, message: 'body/priority is not an allowed property' },
  ])('refuses bad input: $message', async ({ body, message }) => {
    const response = await reserve(body);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ statusCode: 400, error: 'Bad Request', message });
  });

  it('releases a hold that was not confirmed in time, exactly at the TTL', async () => {
    const { reservationId } = (await reserve({ productId: 'p-01', quantity: 4, orderKey: 'o-1' })).json();
    clock.advance(29_999);
    expect(await available('p-01')).toBe(6);
    clock.advance(1);
    expect(await available('p-01')).toBe(10);
    expect((await app.inject({ url: `/reservations/${reservationId}` })).json().status).toBe('released');
    const confirm = await app.inject({ method: 'POST', url: `/reservations/${reservationId}/confirm` });
    expect(confirm.statusCode).toBe(409);
    expect(confirm.json().message).toContain('was released');
  });

  it('lets an orderKey reserve afresh once its hold lapsed', async () => {
    const first = (await reserve({ productId: 'p-01', quantity: 4, orderKey: 'o-1' })).json();
    clock.advance(30_000);
    const second = await reserve({ productId: 'p-01', quantity: 4, orderKey: 'o-1' });
    expect(second.statusCode).toBe(201);
    expect(second.json().reservationId).not.toBe(first.reservationId);
    expect(await available('p-01')).toBe(6);
  });

  it('keeps confirmed stock for good, and confirming twice is fine', async () => {
    const { reservationId } = (await reserve({ productId: 'p-01', quantity: 4, orderKey: 'o-1' })).json();
    const confirm = await app.inject({ method: 'POST', url: `/reservations/${reservationId}/confirm` });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.json().status).toBe('confirmed');
    expect((await app.inject({ method: 'POST', url: `/reservations/${reservationId}/confirm` })).statusCode).toBe(200);
    clock.advance(60_000);
    expect(await available('p-01')).toBe(6);
    const release = await app.inject({ method: 'DELETE', url: `/reservations/${reservationId}` });
    expect(release.statusCode).toBe(409);
  });

  it('releases on DELETE (idempotently) and cancels the hold timer', async () => {
    const { reservationId } = (await reserve({ productId: 'p-01', quantity: 4, orderKey: 'o-1' })).json();
    expect(clock.pendingTimers()).toBe(1);
    expect((await app.inject({ method: 'DELETE', url: `/reservations/${reservationId}` })).statusCode).toBe(204);
    expect(clock.pendingTimers()).toBe(0);
    expect(await available('p-01')).toBe(10);
    expect((await app.inject({ method: 'DELETE', url: `/reservations/${reservationId}` })).statusCode).toBe(204);
    expect(await available('p-01')).toBe(10);
  });

  it.each([
    { method: 'GET', url: '/reservations/res_nope' },
    { method: 'POST', url: '/reservations/res_nope/confirm' },
    { method: 'DELETE', url: '/reservations/res_nope' },
  ] as const)('answers 404 to $method $url', async ({ method, url }) => {
    const response = await app.inject({ method, url });
    expect(response.statusCode).toBe(404);
    expect(response.json().message).toBe('no reservation res_nope');
  });

  it('records requests under their route pattern', async () => {
    const { reservationId } = (await reserve({ productId: 'p-01', quantity: 1, orderKey: 'o-1' })).json();
    await app.inject({ method: 'POST', url: `/reservations/${reservationId}/confirm` });
    const text = (await app.inject({ url: '/metrics' })).body;
    const labels = { service: 'inventory', method: 'POST', route: '/reservations/:id/confirm', status_code: '200' };
    expect(valueOf(text, `${HttpMetricNames.serverDuration}_count`, labels)).toBe(1);
    expect(valueOf(text, `${HttpMetricNames.serverDuration}_count`, { ...labels, route: '/reservations', status_code: '201' })).toBe(1);
  });

  it('is ready with no dependencies', async () => {
    expect((await app.inject({ url: '/readyz' })).json()).toEqual({ ready: true, checks: {} });
  });
});
