import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { closedPortUrl, dependency } from './helpers/config.js';
import { Closer, fakeDependency, gate } from './helpers/servers.js';
import { backOffice, ordersApp, plainDependency } from './helpers/shop.js';

const closer = new Closer();
afterEach(() => closer.closeAll());

const order = { productId: 'p-01', quantity: 3, unitPriceCents: 3450 };

async function shop() {
  const back = await backOffice(closer);
  const orders = ordersApp(closer, { inventory: plainDependency(back.urls.inventory), payments: plainDependency(back.urls.payments) });
  const place = (payload: Record<string, unknown> = order, key?: string) =>
    orders.inject({ method: 'POST', url: '/orders', payload, headers: key === undefined ? {} : { 'idempotency-key': key } });
  return { ...back, orders, place };
}

describe('placing an order', () => {
  it('reserves, pays, confirms and stores it', async () => {
    const { orders, place, available, charges, inventory, payments } = await shop();
    const response = await place(order, 'k-1');
    expect(response.statusCode).toBe(201);
    const placed = response.json();
    expect(placed).toMatchObject({ status: 'confirmed', productId: 'p-01', quantity: 3, unitPriceCents: 3450, totalCents: 10350, idempotencyKey: 'k-1' });
    expect(placed.orderId).toMatch(/^ord_/);
    expect(await available('p-01')).toBe(7);
    expect(await charges()).toBe(1);
    expect((await payments.inject({ url: `/payments/${placed.paymentId}` })).json()).toMatchObject({ amountCents: 10350, charges: 1 });
    expect((await inventory.inject({ url: `/reservations/${placed.reservationId}` })).json().status).toBe('confirmed');
    const shown = await orders.inject({ url: `/orders/${placed.orderId}` });
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toEqual(placed);
  });

  it('places one order, one reservation and one charge for the same key sent twice', async () => {
    const { place, available, charges, payments } = await shop();
    const first = await place(order, 'k-1');
    const again = await place(order, 'k-1');
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(await available('p-01')).toBe(7);
    expect(await charges()).toBe(1);
    expect((await payments.inject({ url: `/payments/${first.json().paymentId}` })).json().charges).toBe(1);
  });

  it('places one order when the same key arrives twice at once', async () => {
    const { place, available, charges } = await shop();
    const [a, b] = await Promise.all([place(order, 'k-1'), place(order, 'k-1')]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.json().orderId).toBe(b.json().orderId);
    expect(await available('p-01')).toBe(7);
    expect(await charges()).toBe(1);
  });

  it('refuses a key reused for a different order', async () => {
    const { place, charges } = await shop();
    await place(order, 'k-1');
    const response = await place({ ...order, quantity: 1 }, 'k-1');
    expect(response.statusCode).toBe(409);
    expect(response.json().message).toMatch(/^Idempotency-Key k-1 was already used for a different order/);
    expect(await charges()).toBe(1);
  });

  it('makes up a key when the caller sends none, and says which', async () => {
    const { place } = await shop();
    const response = await place(order);
    expect(response.statusCode).toBe(201);
    expect(response.headers['idempotency-key']).toMatch(/^key_/);
    expect(response.json().idempotencyKey).toBe(response.headers['idempotency-key']);
  });

  it.each([
    { payload: { ...order, productId: 'p-99' }, status: 404, message: 'unknown product p-99' },
    { payload: { ...order, productId: 'p-02', quantity: 2 }, status: 409, message: 'insufficient stock: p-02 has 1 available, 2 requested' },
  ])('passes on inventory refusing: $message', async ({ payload, status, message }) => {
    const { place, charges } = await shop();
    const response = await place(payload, 'k-1');
    expect(response.statusCode).toBe(status);
    expect(response.json().message).toBe(message);
    expect(await charges()).toBe(0);
  });

  it.each([
    { payload: { ...order, quantity: 0 }, message: 'body/quantity must be >= 1' },
    { payload: { ...order, unitPriceCents: 12.5 }, message: 'body/unitPriceCents must be integer' },
    { payload: { productId: 'p-01', quantity: 1 }, message: "body must have required property 'unitPriceCents'" },
  ])('refuses bad input: $message', async ({ payload, message }) => {
    const { place } = await shop();
    const response = await place(payload, 'k-1');
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe(message);
  });

  it('answers 404 for an unknown order', async () => {
    const { orders } = await shop();
    const response = await orders.inject({ url: '/orders/ord_nope' });
    expect(response.statusCode).toBe(404);
    expect(response.json().message).toBe('no order ord_nope');
  });
});

describe('when payment fails', () => {
  it('releases the reservation and answers 502 when payments is unreachable', async () => {
    const back = await backOffice(closer);
    const orders = ordersApp(closer, { inventory: plainDependency(back.urls.inventory), payments: plainDependency(await closedPortUrl()) });
    const response = await orders.inject({ method: 'POST', url: '/orders', payload: order, headers: { 'idempotency-key': 'k-1' } });
    expect(response.statusCode).toBe(502);
    expect(response.json().message).toMatch(/^payment failed: payments unreachable: .*ECONNREFUSED/);
    expect(await back.available('p-01')).toBe(10);
  });

  it('releases the reservation and answers 504 when payments is too slow', async () => {
    const back = await backOffice(closer);
    const held = gate();
    const slow = await fakeDependency((app) => app.post('/payments', async () => held.promise.then(() => ({}))));
    closer.add({ close: async () => { held.open(); await slow.close(); } });
    const orders = ordersApp(closer, { inventory: plainDependency(back.urls.inventory), payments: dependency(slow.url, { timeoutMs: 50 }) });
    const response = await orders.inject({ method: 'POST', url: '/orders', payload: order, headers: { 'idempotency-key': 'k-1' } });
    expect(response.statusCode).toBe(504);
    expect(response.json().message).toBe('payment failed: payments did not answer within 50 ms');
    expect(await back.available('p-01')).toBe(10);
  });

  it('lets the client retry with the same key once payments is back, charging once', async () => {
    const back = await backOffice(closer);
    let failing = true;
    const flaky = await fakeDependency((app) =>
      app.post('/payments', async (request, reply) => {
        if (failing) return reply.code(503).send({ message: 'card network down' });
        const forwarded = await back.payments.inject({ method: 'POST', url: '/payments', payload: request.body as object, headers: { 'idempotency-key': request.headers['idempotency-key'] as string } });
        return reply.code(forwarded.statusCode).send(forwarded.json());
      }),
    );
    closer.add(flaky);
    const orders = ordersApp(closer, { inventory: plainDependency(back.urls.inventory), payments: plainDependency(flaky.url) });
    const place = () => orders.inject({ method: 'POST', url: '/orders', payload: order, headers: { 'idempotency-key': 'k-1' } });
    const failed = await place();
    expect(failed.statusCode).toBe(503);
    expect(failed.json().message).toBe('payment failed: payments answered 503: card network down');
    failing = false;
    expect((await place()).statusCode).toBe(201);
    expect(await back.available('p-01')).toBe(7);
    expect(await back.charges()).toBe(1);
  });

  it('is not ready while payments is down, naming it', async () => {
    const back = await backOffice(closer);
    const orders = ordersApp(closer, { inventory: plainDependency(back.urls.inventory), payments: plainDependency(await closedPortUrl()) });
    const ready = await orders.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks.inventory).toBe('ok');
    expect(ready.json().checks.payments).toMatch(/^unreachable/);
  });
});

describe('the order database', () => {
  it('lives in <dataDir>/orders.sqlite in WAL mode and survives a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'faultline-orders-'));
    closer.add({ close: () => rmSync(dataDir, { recursive: true, force: true }) });
    const back = await backOffice(closer);
    const deps = { inventory: plainDependency(back.urls.inventory), payments: plainDependency(back.urls.payments) };
    const first = ordersApp(closer, deps, {}, dataDir);
    const placed = (await first.inject({ method: 'POST', url: '/orders', payload: order, headers: { 'idempotency-key': 'k-1' } })).json();
    await first.close();

    const db = new Database(join(dataDir, 'orders.sqlite'), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();

    const second = ordersApp(closer, deps, {}, dataDir);
    expect((await second.inject({ url: `/orders/${placed.orderId}` })).json()).toEqual(placed);
    const replay = await second.inject({ method: 'POST', url: '/orders', payload: order, headers: { 'idempotency-key': 'k-1' } });
    expect(replay.statusCode).toBe(200);
    expect(await back.charges()).toBe(1);
  });
});
