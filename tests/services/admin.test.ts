import { afterEach, describe, expect, it } from 'vitest';
import { ResilienceMetricNames } from '../../src/core/conventions.js';
import { buildServiceApp } from '../../services/shared/app.js';
import { dependency, serviceConfig } from './helpers/config.js';
import { valueOf } from './helpers/metrics-text.js';
import { Closer, fakeDependency, gate } from './helpers/servers.js';

const closer = new Closer();
afterEach(() => closer.closeAll());

/** A gateway kit with a slow catalog (held until the test ends) and a plain orders. */
async function gatewayKit() {
  const held = gate();
  const catalog = await fakeDependency((app) => app.get('/slow', async () => held.promise.then(() => ({ late: true }))));
  closer.add({ close: async () => { held.open(); await catalog.close(); } });
  const orders = closer.add(await fakeDependency(() => {}));
  const policy = { timeoutMs: 5_000 };
  const kit = buildServiceApp(serviceConfig('gateway', { catalog: dependency(catalog.url, policy), orders: dependency(orders.url, {}) }), ['catalog', 'orders'], { logger: false });
  kit.app.get('/try', async () => (await kit.client('catalog').call({ method: 'GET', path: '/slow' })).outcome);
  closer.add(kit.app);
  return { app: kit.app, policy };
}

describe('admin policies', () => {
  it('lists the policy of every dependency', async () => {
    const { app, policy } = await gatewayKit();
    const response = await app.inject({ url: '/admin/policies' });
    expect(response.json()).toEqual({ catalog: policy, orders: {} });
  });

  it('replaces a policy at run time: it takes effect, is listed, and is counted', async () => {
    const { app } = await gatewayKit();
    const faster = { timeoutMs: 30, fallback: false };
    const put = await app.inject({ method: 'PUT', url: '/admin/policies/catalog', payload: faster });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual(faster);
    expect((await app.inject({ url: '/try' })).body).toBe('timeout');
    expect((await app.inject({ url: '/admin/policies' })).json().catalog).toEqual(faster);
    const text = (await app.inject({ url: '/metrics' })).body;
    expect(valueOf(text, ResilienceMetricNames.policyChanges, { service: 'gateway', peer: 'catalog' })).toBe(1);
    expect(valueOf(text, ResilienceMetricNames.policyChanges, { service: 'gateway', peer: 'orders' })).toBe(0);
  });

  it.each([
    { payload: { timeoutMs: 0 }, message: 'body/timeoutMs must be >= 1' },
    { payload: { retries: { attempts: 2, backoffMs: 10, maxBackoffMs: 100 } }, message: "body/retries must have required property 'budget'" },
    { payload: { bulkhead: { limit: 2, queue: 1, size: 3 } }, message: 'body/bulkhead/size is not an allowed property' },
    { payload: { fallback: 'yes' }, message: 'body/fallback must be boolean' },
  ])('refuses an invalid policy with a message naming the field: $message', async ({ payload, message }) => {
    const { app, policy } = await gatewayKit();
    const response = await app.inject({ method: 'PUT', url: '/admin/policies/catalog', payload });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ statusCode: 400, error: 'Bad Request', message });
    expect((await app.inject({ url: '/admin/policies' })).json().catalog).toEqual(policy);
  });

  it('answers 404 for a peer that is not a dependency', async () => {
    const { app } = await gatewayKit();
    const response = await app.inject({ method: 'PUT', url: '/admin/policies/payments', payload: {} });
    expect(response.statusCode).toBe(404);
    expect(response.json().message).toBe('gateway has no dependency named "payments"');
  });
});
