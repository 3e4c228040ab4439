import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpMetricNames, ResilienceMetricNames } from '../../src/core/conventions.js';
import type { ResiliencePolicy } from '../../src/core/service-contract.js';
import { buildApp as buildCatalog } from '../../services/catalog/app.js';
import { buildApp as buildInventory } from '../../services/inventory/app.js';
import { PRODUCTS } from '../../services/shared/catalogue.js';
import { closedPortUrl, dependency, serviceConfig } from './helpers/config.js';
import { valueOf } from './helpers/metrics-text.js';
import { Closer, listen } from './helpers/servers.js';

const closer = new Closer();
afterEach(() => closer.closeAll());

const stock = new Map(PRODUCTS.map((product, i) => [product.id, 100 + i]));

/** A real inventory on a loopback port, and a catalog (through inject) that calls it. */
async function shop(policy: ResiliencePolicy) {
  const inventory = buildInventory(serviceConfig('inventory'), { logger: false, initialStock: stock });
  const inventoryUrl = await listen(inventory);
  closer.add(inventory);
  const catalog = closer.add(buildCatalog(serviceConfig('catalog', { inventory: dependency(inventoryUrl, policy) }), { logger: false }));
  return { catalog, stopInventory: () => inventory.close() };
}

const scrape = async (app: FastifyInstance) => (await app.inject({ url: '/metrics' })).body;

describe('catalog with inventory up', () => {
  it('lists every product with live stock', async () => {
    const { catalog } = await shop({ timeoutMs: 500 });
    const response = await catalog.inject({ url: '/products' });
    expect(response.statusCode).toBe(200);
    const { products, stockStale } = response.json();
    expect(stockStale).toBe(false);
    expect(products).toHaveLength(PRODUCTS.length);
    expect(products[0]).toEqual({ id: 'p-01', name: 'Rock hammer', priceCents: 3450, available: 100, stockStale: false });
    expect(valueOf(await scrape(catalog), `${HttpMetricNames.clientDuration}_count`, { service: 'catalog', peer: 'inventory', outcome: 'success' })).toBe(1);
  });

  it('shows one product with its stock', async () => {
    const { catalog } = await shop({});
    const response = await catalog.inject({ url: '/products/p-04' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ id: 'p-04', name: 'Compass clinometer', priceCents: 12900, available: 103, stockStale: false });
  });

  it('answers 404 for an unknown product without asking inventory', async () => {
    const { catalog } = await shop({});
    const response = await catalog.inject({ url: '/products/p-99' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'unknown product p-99' });
    expect(valueOf(await scrape(catalog), `${HttpMetricNames.clientDuration}_count`, { service: 'catalog', peer: 'inventory', outcome: 'success' })).toBe(0);
  });

  it('refuses an over-long product id with a message naming it', async () => {
    const { catalog } = await shop({});
    const response = await catalog.inject({ url: `/products/${'x'.repeat(65)}` });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe('params/id must NOT have more than 64 characters');
  });

  it('is ready', async () => {
    const { catalog } = await shop({});
    expect((await catalog.inject({ url: '/readyz' })).json()).toEqual({ ready: true, checks: { inventory: 'ok' } });
  });
});

describe('catalog with inventory down', () => {
  it('serves the last known stock marked stale when fallback is on, and counts it', async () => {
    const { catalog, stopInventory } = await shop({ timeoutMs: 500, fallback: true });
    expect((await catalog.inject({ url: '/products' })).json().stockStale).toBe(false);
    await stopInventory();

    const list = await catalog.inject({ url: '/products' });
    expect(list.statusCode).toBe(200);
    expect(list.json().stockStale).toBe(true);
    expect(list.json().products[1]).toEqual({ id: 'p-02', name: 'Hand lens 10x', priceCents: 1890, available: 101, stockStale: true });
    const one = await catalog.inject({ url: '/products/p-03' });
    expect(one.json()).toEqual({ id: 'p-03', name: 'Field notebook', priceCents: 795, available: 102, stockStale: true });

    const text = await scrape(catalog);
    expect(valueOf(text, ResilienceMetricNames.fallbacks, { service: 'catalog', peer: 'inventory' })).toBe(2);
    expect(valueOf(text, `${HttpMetricNames.clientDuration}_count`, { service: 'catalog', peer: 'inventory', outcome: 'error' })).toBe(2);
  });

  it('serves unknown (null) stock when it never had any', async () => {
    const catalog = closer.add(buildCatalog(serviceConfig('catalog', { inventory: dependency(await closedPortUrl(), { fallback: true }) }), { logger: false }));
    const response = await catalog.inject({ url: '/products/p-01' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ available: null, stockStale: true });
  });

  it('answers 503 with the reason when fallback is off', async () => {
    const { catalog, stopInventory } = await shop({ timeoutMs: 500 });
    await catalog.inject({ url: '/products' });
    await stopInventory();
    const response = await catalog.inject({ url: '/products' });
    expect(response.statusCode).toBe(503);
    expect(response.json().error).toBe('Service Unavailable');
    expect(response.json().message).toMatch(/^stock levels unavailable \(fallback is off\): inventory unreachable: .*ECONNREFUSED/);
    expect(valueOf(await scrape(catalog), ResilienceMetricNames.fallbacks, { service: 'catalog', peer: 'inventory' })).toBe(0);
  });

  it('switches to the fallback when an experiment turns it on through the admin API', async () => {
    const { catalog, stopInventory } = await shop({ timeoutMs: 500 });
    await catalog.inject({ url: '/products' });
    await stopInventory();
    expect((await catalog.inject({ url: '/products/p-01' })).statusCode).toBe(503);
    const put = await catalog.inject({ method: 'PUT', url: '/admin/policies/inventory', payload: { timeoutMs: 500, fallback: true } });
    expect(put.statusCode).toBe(200);
    const response = await catalog.inject({ url: '/products/p-01' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ available: 100, stockStale: true });
    expect(valueOf(await scrape(catalog), ResilienceMetricNames.policyChanges, { service: 'catalog', peer: 'inventory' })).toBe(1);
  });

  it('is live but not ready, naming inventory', async () => {
    const { catalog, stopInventory } = await shop({});
    await stopInventory();
    expect((await catalog.inject({ url: '/healthz' })).statusCode).toBe(200);
    const ready = await catalog.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks.inventory).toMatch(/^unreachable/);
  });
});
