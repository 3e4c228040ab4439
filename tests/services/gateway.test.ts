import { afterEach, describe, expect, it } from 'vitest';
import type { ResiliencePolicy } from '../../src/core/service-contract.js';
import { buildApp as buildCatalog } from '../../services/catalog/app.js';
import { buildApp as buildGateway } from '../../services/gateway/app.js';
import { closedPortUrl, dependency, serviceConfig } from './helpers/config.js';
import { Closer, fakeDependency, gate, listen } from './helpers/servers.js';
import { backOffice, ordersApp, plainDependency } from './helpers/shop.js';

const closer = new Closer();
afterEach(() => closer.closeAll());

/** The whole shop: gateway (through inject) → catalog, orders → inventory, payments; all real. */
async function wholeShop() {
  const back = await backOffice(closer);
  const catalog = closer.add(buildCatalog(serviceConfig('catalog', { inventory: plainDependency(back.urls.inventory) }), { logger: false }));
  const orders = ordersApp(closer, { inventory: plainDependency(back.urls.inventory), payments: plainDependency(back.urls.payments) });
  const gateway = closer.add(
    buildGateway(serviceConfig('gateway', { catalog: plainDependency(await listen(catalog)), orders: plainDependency(await listen(orders)) }), { logger: false }),
  );
  const buy = (payload: Record<string, unknown>, key?: string) =>
    gateway.inject({ method: 'POST', url: '/orders', payload, headers: key === undefined ? {} : { 'idempotency-key': key } });
  return { ...back, gateway, buy };
}

/** A gateway in front of stand-in catalog and orders. */
async function gatewayWith(catalogUrl: string, catalogPolicy: ResiliencePolicy = { timeoutMs: 1_000 }, ordersUrl?: string) {
  const orders = ordersUrl ?? (closer.add(await fakeDependency(() => {})).url);
  return closer.add(buildGateway(serviceConfig('gateway', { catalog: dependency(catalogUrl, catalogPolicy), orders: plainDependency(orders) }), { logger: false }));
}

describe('the public API', () => {
  it('lists products and shows one', async () => {
    const { gateway } = await wholeShop();
    const list = await gateway.inject({ url: '/products' });
    expect(list.statusCode).toBe(200);
    expect(list.json().products).toHaveLength(10);
    const one = await gateway.inject({ url: '/products/p-01' });
    expect(one.json()).toEqual({ id: 'p-01', name: 'Rock hammer', priceCents: 3450, available: 10, stockStale: false });
    const unknown = await gateway.inject({ url: '/products/p-99' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toBe('unknown product p-99');
  });

  it('prices an order from the catalog and places it', async () => {
    const { gateway, buy, available, charges } = await wholeShop();
    const response = await buy({ productId: 'p-01', quantity: 2 }, 'k-1');
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ status: 'confirmed', productId: 'p-01', quantity: 2, unitPriceCents: 3450, totalCents: 6900, idempotencyKey: 'k-1' });
    expect(response.headers['idempotency-key']).toBe('k-1');
    expect(await available('p-01')).toBe(8);
    expect(await charges()).toBe(1);
    const shown = await gateway.inject({ url: `/orders/${response.json().orderId}` });
    expect(shown.json()).toEqual(response.json());
  });

  it('places one order for the client key sent twice', async () => {
    const { buy, available, charges } = await wholeShop();
    const first = await buy({ productId: 'p-01', quantity: 2 }, 'k-1');
    const again = await buy({ productId: 'p-01', quantity: 2 }, 'k-1');
    expect(again.statusCode).toBe(200);
    expect(again.json().orderId).toBe(first.json().orderId);
    expect(await available('p-01')).toBe(8);
    expect(await charges()).toBe(1);
  });

  it('mints a key when the client sends none and returns it', async () => {
    const { buy } = await wholeShop();
    const response = await buy({ productId: 'p-01', quantity: 1 });
    expect(response.statusCode).toBe(201);
    expect(response.headers['idempotency-key']).toMatch(/^key_/);
    expect(response.json().idempotencyKey).toBe(response.headers['idempotency-key']);
  });

  it.each([
    { payload: { productId: 'p-99', quantity: 1 }, status: 404, message: 'unknown product p-99' },
    { payload: { productId: 'p-02', quantity: 5 }, status: 409, message: 'insufficient stock: p-02 has 1 available, 5 requested' },
    { payload: { productId: 'p-01', quantity: 0 }, status: 400, message: 'body/quantity must be >= 1' },
    { payload: { productId: 'p-01', quantity: 1, unitPriceCents: 1 }, status: 400, message: 'body/unitPriceCents is not an allowed property' },
    { payload: { quantity: 1 }, status: 400, message: "body must have required property 'productId'" },
  ])('answers $status: $message', async ({ payload, status, message }) => {
    const { buy, charges } = await wholeShop();
    const response = await buy(payload, 'k-1');
    expect(response.statusCode).toBe(status);
    expect(response.json().message).toBe(message);
    expect(await charges()).toBe(0);
  });

  it('answers 404 for an unknown order', async () => {
    const { gateway } = await wholeShop();
    expect((await gateway.inject({ url: '/orders/ord_nope' })).statusCode).toBe(404);
  });

  it('carries the request id to the services behind it', async () => {
    const seen: unknown[] = [];
    const catalog = closer.add(await fakeDependency((app) => app.get('/products', async (request) => (seen.push(request.headers['x-request-id']), { products: [] }))));
    const gateway = await gatewayWith(catalog.url);
    const response = await gateway.inject({ url: '/products', headers: { 'x-request-id': 'shopper-7' } });
    expect(response.headers['x-request-id']).toBe('shopper-7');
    expect(seen).toEqual(['shopper-7']);
  });
});

describe('dependency failures at the edge', () => {
  it('answers 502 when catalog is unreachable', async () => {
    const gateway = await gatewayWith(await closedPortUrl());
    const response = await gateway.inject({ url: '/products' });
    expect(response.statusCode).toBe(502);
    expect(response.json()).toMatchObject({ error: 'Bad Gateway' });
    expect(response.json().message).toMatch(/^could not list products: catalog unreachable: .*ECONNREFUSED/);
  });

  it('answers 504 when catalog is too slow', async () => {
    const held = gate();
    const slow = await fakeDependency((app) => app.get('/products/:id', async () => held.promise.then(() => ({}))));
    closer.add({ close: async () => { held.open(); await slow.close(); } });
    const gateway = await gatewayWith(slow.url, { timeoutMs: 40 });
    const response = await gateway.inject({ method: 'POST', url: '/orders', payload: { productId: 'p-01', quantity: 1 } });
    expect(response.statusCode).toBe(504);
    expect(response.json().message).toBe('could not price the order: catalog did not answer within 40 ms');
  });

  it('answers 503 while the circuit to catalog is open', async () => {
    const gateway = await gatewayWith(await closedPortUrl(), { circuitBreaker: { failureRatio: 0.5, minimumRequests: 1, windowMs: 10_000, halfOpenAfterMs: 60_000 } });
    expect((await gateway.inject({ url: '/products/p-01' })).statusCode).toBe(502);
    const response = await gateway.inject({ url: '/products/p-01' });
    expect(response.statusCode).toBe(503);
    expect(response.json().message).toBe('could not read the product: circuit to catalog is open');
  });

  it('passes on a 503 that catalog explained (inventory down, fallback off)', async () => {
    const catalog = closer.add(buildCatalog(serviceConfig('catalog', { inventory: plainDependency(await closedPortUrl()) }), { logger: false }));
    const gateway = await gatewayWith(await listen(catalog));
    const response = await gateway.inject({ method: 'POST', url: '/orders', payload: { productId: 'p-01', quantity: 1 } });
    expect(response.statusCode).toBe(503);
    expect(response.json().message).toMatch(/^stock levels unavailable \(fallback is off\): inventory unreachable/);
  });

  it('is not ready while orders is down', async () => {
    const catalog = closer.add(await fakeDependency(() => {}));
    const gateway = await gatewayWith(catalog.url, {}, await closedPortUrl());
    const ready = await gateway.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks).toMatchObject({ catalog: 'ok', orders: expect.stringMatching(/^unreachable/) });
  });
});
