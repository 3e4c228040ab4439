import { Toxiproxy } from 'toxiproxy-node-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyProxies, desiredProxies, diffProxies } from '../../../src/topology/reconcile.js';
import type { RunningSystem } from '../../../src/topology/system.js';
import { eventually, isAlive, sample, startTestSystem } from '../../helpers/system.js';

/**
 * The whole shop up through `startSystem` (the code path of `faultline up`): five child processes,
 * every inter-service call through a Faultline proxy. One system serves the file; each test leaves
 * it as it found it.
 */
let system: RunningSystem & { logs: string[] };
let gateway: string;
const url = (service: string) => system.endpoints.services.find((s) => s.name === service)?.url as string;
const metricsOf = async (service: string) => (await fetch(`${url(service)}/metrics`)).text();
const proxyMetrics = async () => (await fetch(`${system.endpoints.proxyApi}/metrics`)).text();
let orderNumber = 0;
const placeOrder = (key = `test-order-${++orderNumber}`) =>
  fetch(`${gateway}/orders`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify({ productId: 'p-01', quantity: 1 }) });

beforeAll(async () => {
  system = await startTestSystem();
  gateway = system.endpoints.gateway;
}, 60_000);

afterAll(async () => {
  await system?.close();
});

describe('the system under test', () => {
  it('serves a browse request gateway → catalog → inventory through the proxies', async () => {
    const response = await fetch(`${gateway}/products`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { products: Array<{ id: string; available: number; stockStale: boolean }> };
    expect(body.products.length).toBeGreaterThanOrEqual(8);
    expect(body.products[0]).toMatchObject({ id: 'p-01', stockStale: false });
    const metrics = await proxyMetrics();
    for (const proxy of ['gateway_catalog', 'catalog_inventory']) {
      expect(sample(metrics, 'toxiproxy_proxy_sent_bytes_total', { proxy, direction: 'downstream' }), proxy).toBeGreaterThan(0);
    }
  });

  it('places an order gateway → orders → inventory and payments through the proxies, once per idempotency key', async () => {
    const first = await placeOrder('same-key');
    expect(first.status).toBe(201);
    const order = (await first.json()) as { orderId: string; status: string; paymentId: string };
    expect(order.status).toBe('confirmed');
    const again = await placeOrder('same-key');
    expect(again.status).toBe(200);
    expect(((await again.json()) as { orderId: string }).orderId).toBe(order.orderId);
    const metrics = await proxyMetrics();
    for (const proxy of ['gateway_orders', 'orders_inventory', 'orders_payments']) {
      expect(sample(metrics, 'toxiproxy_proxy_sent_bytes_total', { proxy, direction: 'upstream' }), proxy).toBeGreaterThan(0);
    }
    expect(sample(await metricsOf('payments'), 'faultline_payments_charges_total')).toBe(1);
  });

  it('exposes the declared series on every service', async () => {
    for (const service of ['gateway', 'catalog', 'orders', 'payments', 'inventory']) {
      const metrics = await metricsOf(service);
      expect(metrics, service).toContain(`http_server_request_duration_seconds_bucket{le="0.3",service="${service}"`);
      expect(metrics, service).toMatch(/process_cpu_user_seconds_total/);
    }
    const orders = await metricsOf('orders');
    expect(sample(orders, 'http_client_request_duration_seconds_count', { service: 'orders', peer: 'payments', outcome: 'success' })).toBeGreaterThan(0);
    expect(sample(orders, 'faultline_client_circuit_state', { peer: 'payments', state: 'closed' })).toBe(1);
  });

  it('times out slow payments at the configured timeout, retries, opens the breaker, and recovers when the fault goes', async () => {
    const admin = `${url('orders')}/admin/policies/payments`;
    const original = await (await fetch(`${url('orders')}/admin/policies`)).json() as Record<string, unknown>;
    const fast = { timeoutMs: 150, retries: { attempts: 1, backoffMs: 10, maxBackoffMs: 20, budget: 1 }, circuitBreaker: { failureRatio: 0.5, minimumRequests: 3, windowMs: 5000, halfOpenAfterMs: 1000 } };
    expect((await fetch(admin, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fast) })).status).toBe(200);
    const proxy = await new Toxiproxy(system.endpoints.proxyApi).get('orders_payments');
    const toxic = await proxy.addToxic({ name: 'slow_payments', type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 600, jitter: 0 } });
    try {
      const started = performance.now();
      const failed = await placeOrder();
      const elapsed = performance.now() - started;
      expect(failed.status).toBeGreaterThanOrEqual(500);
      // Two attempts of 150 ms plus a backoff of at most 20 ms: well under the 600 ms the fault adds.
      expect(elapsed).toBeGreaterThanOrEqual(290);
      expect(elapsed).toBeLessThan(590);
      let metrics = await metricsOf('orders');
      // One observation per call with its final outcome; the retry inside it is counted on its own.
      expect(sample(metrics, 'http_client_request_duration_seconds_count', { peer: 'payments', outcome: 'timeout' })).toBeGreaterThanOrEqual(1);
      expect(sample(metrics, 'faultline_client_retries_total', { peer: 'payments' })).toBeGreaterThanOrEqual(1);

      await eventually(async () => {
        await placeOrder();
        return sample(await metricsOf('orders'), 'faultline_client_circuit_state', { peer: 'payments', state: 'open' }) === 1;
      });
      const fastFail = performance.now();
      expect((await placeOrder()).status).toBeGreaterThanOrEqual(500);
      expect(performance.now() - fastFail).toBeLessThan(140);
      metrics = await metricsOf('orders');
      expect(sample(metrics, 'http_client_request_duration_seconds_count', { peer: 'payments', outcome: 'circuit_open' })).toBeGreaterThanOrEqual(1);
    } finally {
      await toxic.remove();
    }
    await eventually(async () => (await placeOrder()).status === 201, 15_000, 200);
    expect(sample(await metricsOf('orders'), 'faultline_client_circuit_state', { peer: 'payments', state: 'closed' })).toBe(1);
    expect((await fetch(admin, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(original.payments) })).status).toBe(200);
  });

  it('reports a killed dependency in /readyz, and recovers when it is restarted', async () => {
    await system.supervisor.kill('payments');
    const notReady = await fetch(`${url('orders')}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.text()).toMatch(/payments/);
    await system.supervisor.restart('payments');
    await eventually(async () => (await fetch(`${url('orders')}/readyz`)).status === 200);
  });

  it('applies the topology idempotently and reports drift', async () => {
    const desired = desiredProxies(system.topology, (name) => system.supervisor.addressOf(name));
    expect(await applyProxies(system.endpoints.proxyApi, desired)).toEqual([]);
    expect(await diffProxies(system.endpoints.proxyApi, desired)).toEqual([]);

    const client = new Toxiproxy(system.endpoints.proxyApi);
    const catalog = await client.get('gateway_catalog');
    await catalog.addToxic({ name: 'stray', type: 'latency', stream: 'upstream', toxicity: 1, attributes: { latency: 5, jitter: 0 } });
    await (await client.get('orders_inventory')).update({ enabled: false, listen: (await client.get('orders_inventory')).listen, upstream: (await client.get('orders_inventory')).upstream });
    expect(await diffProxies(system.endpoints.proxyApi, desired)).toEqual([
      { proxy: 'orders_inventory', kind: 'disabled' },
      { proxy: 'gateway_catalog', kind: 'toxic', toxic: 'stray', type: 'latency', stream: 'upstream' },
    ]);
    expect((await applyProxies(system.endpoints.proxyApi, desired)).map((d) => `${d.proxy}:${d.kind}`).sort()).toEqual(['gateway_catalog:toxic', 'orders_inventory:disabled']);
    expect(await applyProxies(system.endpoints.proxyApi, desired)).toEqual([]);
    expect((await placeOrder()).status).toBe(201);
  });

  it('offers process faults over the supervisor API: pause freezes a service, resume thaws it, all recorded', async () => {
    const api = system.endpoints.supervisorApi;
    const post = (path: string) => fetch(`${api}${path}`, { method: 'POST' });
    const since = ((await (await fetch(`${api}/events`)).json()) as { next: number }).next;

    const paused = await post('/services/payments/pause');
    expect(paused.status).toBe(200);
    expect(((await paused.json()) as { service: { state: string } }).service.state).toBe('paused');
    await expect(fetch(`${url('payments')}/healthz`, { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    expect((await post('/services/payments/pause')).status).toBe(409);

    expect((await post('/services/payments/resume')).status).toBe(200);
    expect((await fetch(`${url('payments')}/healthz`)).status).toBe(200);
    expect((await post('/services/payments/resume')).status).toBe(409);
    expect((await post('/services/billing/kill')).status).toBe(404);

    const page = (await (await fetch(`${api}/events?since=${since}`)).json()) as { events: Array<{ type: string; service: string; time: string }> };
    expect(page.events.map((e) => `${e.type} ${e.service}`)).toEqual(['service.paused payments', 'service.resumed payments']);
    expect(page.events[0]?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('ends a leased pause by itself when its holder stops renewing, and keeps it while renewed', async () => {
    const api = system.endpoints.supervisorApi;
    const post = (path: string, body: unknown) => fetch(`${api}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const state = () => system.supervisor.list().find((s) => s.name === 'payments')?.state;

    const paused = (await (await post('/services/payments/pause', { ttl_ms: 400, holder: 'run-a' })).json()) as { lease: { holder: string; ttl_ms?: number; ttlMs: number } };
    expect(paused.lease).toMatchObject({ service: 'payments', holder: 'run-a', ttlMs: 400 });
    // Renewed three times 200 ms apart: still paused 600 ms later, past the first expiry.
    for (let i = 0; i < 3; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(((await (await post('/leases/renew', { holder: 'run-a' })).json()) as { leases: unknown[] }).leases).toHaveLength(1);
    }
    expect(state()).toBe('paused');
    // Then the holder falls silent: the lease lapses and the service thaws, with the reason recorded.
    await eventually(async () => state() === 'running', 3000);
    expect((await fetch(`${url('payments')}/healthz`)).status).toBe(200);
    const events = (await (await fetch(`${api}/events`)).json()) as { events: Array<{ type: string; detail?: { reason?: string } }> };
    expect(events.events.at(-1)).toMatchObject({ type: 'service.resumed', detail: { reason: 'lease expired' } });
    expect(((await (await fetch(`${api}/leases`)).json()) as { leases: unknown[] }).leases).toEqual([]);
  });

  it('drops a pause lease when the paused service is restarted, so it can never resume a later pause', async () => {
    const api = system.endpoints.supervisorApi;
    const post = (path: string, body: unknown) => fetch(`${api}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post('/services/payments/pause', { ttl_ms: 60_000, holder: 'run-b' })).status).toBe(200);
    expect(((await (await fetch(`${api}/leases`)).json()) as { leases: unknown[] }).leases).toHaveLength(1);
    expect((await post('/services/payments/restart', {})).status).toBe(200);
    expect(((await (await fetch(`${api}/leases`)).json()) as { leases: unknown[] }).leases).toEqual([]);
    await eventually(async () => (await fetch(`${url('payments')}/healthz`).then((r) => r.status, () => 0)) === 200, 10_000);
  });

  it.each([
    [{ ttl_ms: 500 }, 'a pause lease needs both ttl_ms and holder'],
    [{ ttl_ms: 0, holder: 'x' }, 'ttl_ms must be a whole number of milliseconds above 0 and at most 86400000'],
    [{ ttl_ms: 500, holder: '' }, 'holder must be a non-empty string'],
  ])('refuses a pause lease %j with a 400 naming the field, and pauses nothing', async (body, error) => {
    const response = await fetch(`${system.endpoints.supervisorApi}/services/payments/pause`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error });
    expect(system.supervisor.list().find((s) => s.name === 'payments')?.state).toBe('running');
  });

  it.each([
    [{}, 'missing required field: holder'],
    [{ ttl_ms: 500 }, 'missing required field: holder'],
    [{ holder: '' }, 'holder must be a non-empty string'],
    [{ holder: 'x', ttl_ms: 86_400_001 }, 'ttl_ms must be a whole number of milliseconds above 0 and at most 86400000'],
    [{ holder: 'x', ttl_ms: 1.5 }, 'ttl_ms must be a whole number of milliseconds above 0 and at most 86400000'],
    [[1], 'the body must be a JSON object such as {"ttl_ms": 5000, "holder": "run-1"}'],
  ])('refuses a lease renewal %j with a 400 naming the field', async (body, error) => {
    const response = await fetch(`${system.endpoints.supervisorApi}/leases/renew`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error });
  });

  it('kills and restarts a service over the API, on the same port', async () => {
    const api = system.endpoints.supervisorApi;
    const before = system.supervisor.list().find((s) => s.name === 'inventory');
    const killed = (await (await fetch(`${api}/services/inventory/kill`, { method: 'POST' })).json()) as { service: { state: string; pid: number | null } };
    expect(killed.service).toMatchObject({ state: 'stopped', pid: null });
    expect(isAlive(before?.pid as number)).toBe(false);
    const restarted = (await (await fetch(`${api}/services/inventory/restart`, { method: 'POST' })).json()) as { service: { state: string; url: string } };
    expect(restarted.service).toMatchObject({ state: 'running', url: before?.url });
    expect((await fetch(`${gateway}/products`)).status).toBe(200);
  });

  it('restores every process fault at once: resumes the paused, starts the killed', async () => {
    const api = system.endpoints.supervisorApi;
    await fetch(`${api}/services/payments/pause`, { method: 'POST' });
    await fetch(`${api}/services/inventory/kill`, { method: 'POST' });
    const restored = (await (await fetch(`${api}/restore`, { method: 'POST' })).json()) as { restored: string[] };
    expect(restored.restored.sort()).toEqual(['inventory', 'payments']);
    expect(system.supervisor.list().map((s) => s.state)).toEqual(['running', 'running', 'running', 'running', 'running']);
    expect((await fetch(`${api}/restore`, { method: 'POST' }).then((r) => r.json())) as unknown).toEqual({ restored: [] });
    await eventually(async () => (await placeOrder()).status === 201);
  });

  it('notices a service that dies unexpectedly and restarts it, as the topology says', async () => {
    const before = system.supervisor.list().find((s) => s.name === 'catalog');
    process.kill(before?.pid as number, 'SIGKILL');
    await eventually(async () => {
      const now = system.supervisor.list().find((s) => s.name === 'catalog');
      return now?.state === 'running' && now.pid !== before?.pid;
    });
    expect(system.logs).toContain('notice: catalog exited unexpectedly (SIGKILL); restarting it');
    const types = system.supervisor.events.since(0).events.filter((e) => e.service === 'catalog').map((e) => e.type);
    expect(types.slice(-2)).toEqual(['service.crashed', 'service.restarted']);
    await eventually(async () => (await fetch(`${gateway}/products`)).status === 200);
  });

  it('stops every service process and frees every port on close', async () => {
    const pids = system.supervisor.list().map((s) => s.pid as number);
    expect(pids.every((pid) => isAlive(pid))).toBe(true);
    await system.close();
    expect(pids.filter((pid) => isAlive(pid))).toEqual([]);
    await expect(fetch(`${gateway}/healthz`)).rejects.toThrow();
    await expect(fetch(`${system.endpoints.proxyApi}/version`)).rejects.toThrow();
  });
});
