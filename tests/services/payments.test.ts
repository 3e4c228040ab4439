import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { ShopMetricNames } from '../../src/core/conventions.js';
import { buildApp } from '../../services/payments/app.js';
import { PaymentLedger } from '../../services/payments/payment-ledger.js';
import { logNormalSampler, seededRng } from '../../services/shared/random.js';
import { pollUntil } from '../helpers/http.js';
import { serviceConfig } from './helpers/config.js';
import { valueOf } from './helpers/metrics-text.js';
import { gate } from './helpers/servers.js';

let app: FastifyInstance;
afterEach(() => app.close());

const instant = { medianMs: 0, p99Ms: 0 };
const body = { amountCents: 6900, currency: 'EUR', orderKey: 'o-1' };
const pay = (key: string | undefined, payload: Record<string, unknown> = body) =>
  app.inject({ method: 'POST', url: '/payments', payload, headers: key === undefined ? {} : { 'idempotency-key': key } });
const charges = async () => valueOf((await app.inject({ url: '/metrics' })).body, ShopMetricNames.paymentCharges, { service: 'payments' });

describe('payments', () => {
  it('authorises a payment and can show it', async () => {
    app = buildApp(serviceConfig('payments'), { logger: false, processingTime: instant });
    const response = await pay('k-1');
    expect(response.statusCode).toBe(201);
    const payment = response.json();
    expect(payment).toMatchObject({ status: 'authorised', amountCents: 6900, currency: 'EUR', orderKey: 'o-1' });
    const shown = await app.inject({ url: `/payments/${payment.paymentId}` });
    expect(shown.json()).toEqual({ ...payment, idempotencyKey: 'k-1', charges: 1 });
    expect(await charges()).toBe(1);
  });

  it('returns the same payment for the same Idempotency-Key and never charges twice', async () => {
    app = buildApp(serviceConfig('payments'), { logger: false, processingTime: instant });
    const first = await pay('k-1');
    const again = await pay('k-1');
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect((await app.inject({ url: `/payments/${first.json().paymentId}` })).json().charges).toBe(1);
    expect(await charges()).toBe(1);
    expect((await pay('k-2')).statusCode).toBe(201);
    expect(await charges()).toBe(2);
  });

  it('refuses an Idempotency-Key reused for a different payment', async () => {
    app = buildApp(serviceConfig('payments'), { logger: false, processingTime: instant });
    await pay('k-1');
    const response = await pay('k-1', { ...body, amountCents: 1 });
    expect(response.statusCode).toBe(409);
    expect(response.json().message).toBe('Idempotency-Key k-1 was already used for a different payment');
    expect(await charges()).toBe(1);
  });

  it.each([
    { key: undefined, payload: body, message: "headers must have required property 'idempotency-key'" },
    { key: 'k', payload: { ...body, amountCents: 0 }, message: 'body/amountCents must be >= 1' },
    { key: 'k', payload: { ...body, amountCents: 10.5 }, message: 'body/amountCents must be integer' },
    { key: 'k', payload: { ...body, currency: 'euro' }, message: 'body/currency must match pattern "^[A-Z]{3}$"' },
    { key: 'k', payload: { amountCents: 5, currency: 'EUR' }, message: "body must have required property 'orderKey'" },
  ])('refuses bad input: $message', async ({ key, payload, message }) => {
    app = buildApp(serviceConfig('payments'), { logger: false, processingTime: instant });
    const response = await pay(key, payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe(message);
    expect(await charges()).toBe(0);
  });

  it('answers 404 for an unknown payment', async () => {
    app = buildApp(serviceConfig('payments'), { logger: false, processingTime: instant });
    const response = await app.inject({ url: '/payments/pay_nope' });
    expect(response.statusCode).toBe(404);
    expect(response.json().message).toBe('no payment pay_nope');
  });

  it('takes the processing time it drew before answering', async () => {
    const clock = new ManualClock();
    app = buildApp(serviceConfig('payments'), { logger: false, clock, processingTime: { medianMs: 15, p99Ms: 80 } });
    let answered = false;
    const pending = pay('k-1').then((response) => {
      answered = true;
      return response;
    });
    await pollUntil(async () => (clock.pendingTimers() === 1 ? true : undefined), 2_000, 'the processing delay to start');
    expect(answered).toBe(false);
    clock.advance(10_000);
    expect((await pending).statusCode).toBe(201);
  });
});

describe('the payment ledger', () => {
  it('charges once when a retry arrives while the first attempt is still processing', async () => {
    const network = gate();
    const charged: string[] = [];
    const ledger = new PaymentLedger(() => network.promise, (payment) => charged.push(payment.paymentId));
    const first = ledger.authorise('k-1', body);
    const retry = ledger.authorise('k-1', body);
    const different = await ledger.authorise('k-1', { ...body, amountCents: 1 });
    expect(different.ok).toBe(false);
    network.open();
    const [a, b] = await Promise.all([first, retry]);
    expect(a).toMatchObject({ ok: true, replayed: false });
    expect(b).toMatchObject({ ok: true, replayed: true });
    expect(a.ok && b.ok && a.payment === b.payment).toBe(true);
    expect(charged).toHaveLength(1);
    expect(ledger.chargesFor('k-1')).toBe(1);
  });
});

describe('simulated processing time', () => {
  it('has the median and p99 it was given (log-normal, seeded)', () => {
    const sample = logNormalSampler(seededRng(1), 15, 80);
    const draws = Array.from({ length: 20_000 }, sample).sort((a, b) => a - b);
    const median = draws[10_000] as number;
    const p99 = draws[19_800] as number;
    expect(median).toBeGreaterThan(14);
    expect(median).toBeLessThan(16);
    expect(p99).toBeGreaterThan(72);
    expect(p99).toBeLessThan(88);
    expect(draws[0]).toBeGreaterThan(0);
  });

  it('replays the same draws for the same seed and turns off at a median of 0', () => {
    const a = logNormalSampler(seededRng(9), 15, 80);
    const b = logNormalSampler(seededRng(9), 15, 80);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
    expect(logNormalSampler(seededRng(9), 0, 80)()).toBe(0);
  });
});
