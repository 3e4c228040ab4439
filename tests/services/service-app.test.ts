import { afterEach, describe, expect, it } from 'vitest';
import { HttpMetricNames, ResilienceMetricNames } from '../../src/core/conventions.js';
import { buildServiceApp, type ServiceKit } from '../../services/shared/app.js';
import { closedPortUrl, dependency, serviceConfig } from './helpers/config.js';
import { declaredNames, samplesOf, valueOf } from './helpers/metrics-text.js';
import { Closer, fakeDependency, gate } from './helpers/servers.js';

const closer = new Closer();
afterEach(() => closer.closeAll());

/** A catalog-shaped app with one route that calls its inventory dependency. */
async function kitWith(dependencies: Parameters<typeof serviceConfig>[1]): Promise<ServiceKit> {
  const kit = buildServiceApp(serviceConfig('catalog', dependencies), ['inventory'], { logger: false });
  kit.app.get('/things/:id', async (request) => {
    const result = await kit.client('inventory').call({ method: 'GET', path: '/echo', requestId: request.id });
    return result.ok ? result.response.body : { failed: result.outcome };
  });
  kit.app.get('/boom', async () => {
    throw new Error('SQLITE_CORRUPT: secret internals');
  });
  closer.add(kit.app);
  return kit;
}

async function echoInventory() {
  const fake = await fakeDependency((app) => app.get('/echo', async (request) => ({ requestId: request.headers['x-request-id'] })));
  return closer.add(fake);
}

describe('request ids', () => {
  it('reuses the caller x-request-id, echoes it, and sends it to dependencies', async () => {
    const inventory = await echoInventory();
    const { app } = await kitWith({ inventory: dependency(inventory.url) });
    const response = await app.inject({ url: '/things/1', headers: { 'x-request-id': 'trace-abc.123' } });
    expect(response.headers['x-request-id']).toBe('trace-abc.123');
    expect(response.json()).toEqual({ requestId: 'trace-abc.123' });
  });

  it.each([
    { name: 'absent', headers: {} },
    { name: 'too long', headers: { 'x-request-id': 'x'.repeat(200) } },
    { name: 'with spaces and quotes', headers: { 'x-request-id': 'a "b" c' } },
  ])('generates one when the incoming id is $name', async ({ headers }) => {
    const inventory = await echoInventory();
    const { app } = await kitWith({ inventory: dependency(inventory.url) });
    const response = await app.inject({ url: '/things/1', headers });
    const id = response.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.json()).toEqual({ requestId: id });
  });
});

describe('health', () => {
  it('is live and ready when every required dependency answers', async () => {
    const inventory = await echoInventory();
    const { app } = await kitWith({ inventory: dependency(inventory.url) });
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    const ready = await app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ ready: true, checks: { inventory: 'ok' } });
  });

  it('stays live but is not ready while a required dependency is down, and says why', async () => {
    const { app } = await kitWith({ inventory: dependency(await closedPortUrl()) });
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    const ready = await app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().ready).toBe(false);
    expect(ready.json().checks.inventory).toMatch(/^unreachable: .*ECONNREFUSED/);
  });

  it('ignores a dependency that is not required', async () => {
    const { app } = await kitWith({ inventory: dependency(await closedPortUrl(), {}, false) });
    const ready = await app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ ready: true, checks: {} });
  });

  it('reports a dependency that answers its health check with an error', async () => {
    const sick = closer.add(await fakeDependency((app) => app.get('/healthz', async (_request, reply) => reply.code(500).send())));
    const { app } = await kitWith({ inventory: dependency(sick.url) });
    const ready = await app.inject({ url: '/readyz' });
    expect(ready.json()).toEqual({ ready: false, checks: { inventory: 'GET /healthz answered 500' } });
  });
});

describe('readiness with a hung dependency', () => {
  it('gives up on a /healthz that does not answer within the readiness timeout', async () => {
    const held = gate();
    const hung = await fakeDependency((app) => app.get('/healthz', async () => held.promise.then(() => ({}))));
    closer.add({ close: async () => { held.open(); await hung.close(); } });
    const kit = buildServiceApp(serviceConfig('catalog', { inventory: dependency(hung.url) }), ['inventory'], { logger: false, readinessTimeoutMs: 50 });
    closer.add(kit.app);
    const ready = await kit.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks).toEqual({ inventory: 'unreachable: no answer within 50 ms' });
  });
});

describe('metrics', () => {
  it('observes requests by route pattern, and unmatched ones under one label', async () => {
    const inventory = await echoInventory();
    const { app } = await kitWith({ inventory: dependency(inventory.url) });
    await app.inject({ url: '/things/1' });
    await app.inject({ url: '/things/2' });
    await app.inject({ url: '/no/such/path' });
    const text = (await app.inject({ url: '/metrics' })).body;
    const count = `${HttpMetricNames.serverDuration}_count`;
    expect(valueOf(text, count, { service: 'catalog', method: 'GET', route: '/things/:id', status_code: '200' })).toBe(2);
    expect(valueOf(text, count, { service: 'catalog', method: 'GET', route: 'unmatched', status_code: '404' })).toBe(1);
    expect(samplesOf(text, count).every((sample) => !sample.labels.route?.includes('/things/1'))).toBe(true);
    expect(valueOf(text, `${HttpMetricNames.clientDuration}_count`, { service: 'catalog', peer: 'inventory', outcome: 'success' })).toBe(2);
    expect(valueOf(text, `${HttpMetricNames.serverDuration}_bucket`, { route: '/things/:id', status_code: '200', le: '0.3' })).toBe(2);
  });

  it('declares every resilience series, with the breaker closed from the start', async () => {
    const inventory = await echoInventory();
    const { app } = await kitWith({ inventory: dependency(inventory.url) });
    const text = (await app.inject({ url: '/metrics' })).body;
    const names = declaredNames(text);
    for (const name of [...Object.values(ResilienceMetricNames), ...Object.values(HttpMetricNames), 'process_cpu_user_seconds_total']) expect(names).toContain(name);
    expect(valueOf(text, ResilienceMetricNames.circuitState, { service: 'catalog', peer: 'inventory', state: 'closed' })).toBe(1);
  });
});

describe('errors', () => {
  it('answers an internal error without its internals, pointing at the request id', async () => {
    const inventory = await echoInventory();
    const { app } = await kitWith({ inventory: dependency(inventory.url) });
    const response = await app.inject({ url: '/boom', headers: { 'x-request-id': 'r-1' } });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'internal error; quote request id r-1' });
  });

  it('refuses to build a service whose config lacks a dependency it needs', () => {
    expect(() => buildServiceApp(serviceConfig('orders', {}), ['inventory', 'payments'], { logger: false })).toThrow('orders needs dependencies inventory, payments in its config');
  });
});
