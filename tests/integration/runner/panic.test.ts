import { Toxiproxy, type ICreateToxicBody } from 'toxiproxy-node-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { panic } from '../../../src/runner/panic.js';
import type { RunningSystem } from '../../../src/topology/system.js';
import { startTestSystem } from '../../helpers/system.js';
import { faultsOn, getJson, send, servicesOf } from './helpers.js';

/**
 * The big red button on a system someone left in a mess: toxics on two proxies, a proxy disabled,
 * a service frozen without a lease, another killed, and a resilience policy changed. One press puts
 * everything back; a second press finds nothing to do.
 */
let system: RunningSystem & { dataDir: string; logs: string[] };
let urls: { toxiproxyUrl: string; supervisorUrl: string };

beforeAll(async () => {
  system = await startTestSystem(41);
  urls = { toxiproxyUrl: system.endpoints.proxyApi, supervisorUrl: system.endpoints.supervisorApi };
});
afterAll(async () => {
  await system?.close();
});

const latency = (name: string) => ({ name, type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 50, jitter: 0 } }) as unknown as ICreateToxicBody<unknown>;

describe('panic', () => {
  it('removes toxics, re-enables proxies, resumes and restarts services and restores changed policies', { timeout: 30_000 }, async () => {
    const client = new Toxiproxy(urls.toxiproxyUrl);
    await (await client.get('gateway_catalog')).addToxic(latency('faultline-left-over'));
    await (await client.get('gateway_catalog')).addToxic(latency('someone-elses'));
    await (await client.get('orders_inventory')).addToxic(latency('another'));
    const payments = await client.get('orders_payments');
    await payments.update({ enabled: false, listen: payments.listen, upstream: payments.upstream });
    expect((await send('POST', `${urls.supervisorUrl}/services/payments/pause`)).status).toBe(200);
    expect((await send('POST', `${urls.supervisorUrl}/services/inventory/kill`)).status).toBe(200);
    const orders = (await servicesOf(urls.supervisorUrl)).find((s) => s.name === 'orders');
    const declared = system.topology.services.find((s) => s.name === 'orders')?.dependencies.find((d) => d.service === 'payments')?.policy;
    expect(declared).toBeDefined();
    expect((await send('PUT', `${orders?.url}/admin/policies/payments`, { ...declared, timeoutMs: 50 })).status).toBe(200);

    expect(await faultsOn(urls.toxiproxyUrl)).toHaveLength(4);
    expect((await servicesOf(urls.supervisorUrl)).map((s) => `${s.name} ${s.state}`)).toEqual(expect.arrayContaining(['payments paused', 'inventory stopped']));

    const result = await panic({ ...urls, topology: system.topology });

    expect(result.failed).toEqual([]);
    expect(result.removed.sort()).toEqual(
      [
        'toxic faultline-left-over on gateway_catalog',
        'toxic someone-elses on gateway_catalog',
        'toxic another on orders_inventory',
        'outage of orders_payments (proxy enabled again)',
        'process fault on payments (service resumed or started)',
        'process fault on inventory (service resumed or started)',
        'resilience policy of orders → payments (declared policy restored)',
      ].sort(),
    );
    expect(await faultsOn(urls.toxiproxyUrl)).toEqual([]);
    expect((await servicesOf(urls.supervisorUrl)).every((s) => s.state === 'running')).toBe(true);
    expect((await getJson<Record<string, unknown>>(`${orders?.url}/admin/policies`)).payments).toEqual(declared);
    // The system works again end to end: an order needs orders, payments and inventory.
    const gateway = (await servicesOf(urls.supervisorUrl)).find((s) => s.name === 'gateway')?.url;
    expect((await fetch(`${gateway}/products`, { signal: AbortSignal.timeout(5000) })).status).toBe(200);

    // A clean system: nothing to report, nothing failed.
    expect(await panic({ ...urls, topology: system.topology })).toEqual({ removed: [], failed: [] });
  });

  it('says what it could not reach, and still does the rest', async () => {
    await (await new Toxiproxy(urls.toxiproxyUrl).get('gateway_orders')).addToxic(latency('left'));
    const result = await panic({ toxiproxyUrl: urls.toxiproxyUrl, supervisorUrl: 'http://127.0.0.1:9', topology: system.topology });
    expect(result.removed).toEqual(['toxic left on gateway_orders']);
    expect(result.failed).toEqual([expect.stringMatching(/^restoring services through http:\/\/127\.0\.0\.1:9: /)]);
    expect(await faultsOn(urls.toxiproxyUrl)).toEqual([]);
  });
});
