import { Toxiproxy, type ICreateToxicBody } from 'toxiproxy-node-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpControlApis } from '../../../src/runner/control-apis.js';
import { panic } from '../../../src/runner/panic.js';
import { dockerProcessControl, findServiceHost, supervisorProcessControl, type ProcessControl } from '../../../src/runner/process-control.js';
import type { RunningSystem } from '../../../src/topology/system.js';
import { startTestSystem } from '../../helpers/system.js';
import { startFakeDocker } from './fake-docker.js';
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

/** The control APIs as `faultline panic` builds them: whoever findServiceHost chooses, policies at the supervisor's addresses. */
async function apisOf(toxiproxyUrl: string, supervisorUrl: string) {
  const host = await findServiceHost(system.topology, supervisorUrl);
  const urls = new Map(host.supervised?.map((s) => [s.name, s.url]));
  return httpControlApis({ toxiproxyUrl, ...(host.processes ? { processes: host.processes } : {}), serviceUrl: (name) => urls.get(name) });
}

/** Control APIs with this process control and no service address (a Docker stack, or a supervisor that does not answer). */
const withProcesses = (processes: ProcessControl) => httpControlApis({ toxiproxyUrl: urls.toxiproxyUrl, processes, serviceUrl: () => undefined });

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

    const result = await panic({ apis: await apisOf(urls.toxiproxyUrl, urls.supervisorUrl), topology: system.topology });

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
    expect(await panic({ apis: await apisOf(urls.toxiproxyUrl, urls.supervisorUrl), topology: system.topology })).toEqual({ removed: [], failed: [] });
  });

  it('says what it could not reach, and still does the rest', async () => {
    await (await new Toxiproxy(urls.toxiproxyUrl).get('gateway_orders')).addToxic(latency('left'));
    const result = await panic({ apis: withProcesses(supervisorProcessControl('http://127.0.0.1:9')), topology: system.topology });
    expect(result.removed).toEqual(['toxic left on gateway_orders']);
    expect(result.failed).toEqual([expect.stringMatching(/^restoring services through http:\/\/127\.0\.0\.1:9: /)]);
    expect(await faultsOn(urls.toxiproxyUrl)).toEqual([]);
  });

  it('unpauses and starts containers when Docker runs the services, and leaves running ones alone', async () => {
    const docker = await startFakeDocker([{ service: 'payments', state: 'paused' }, { service: 'inventory', state: 'exited' }, { service: 'catalog', state: 'running' }]);
    try {
      const result = await panic({ apis: withProcesses(dockerProcessControl({ socketPath: docker.socketPath })), topology: system.topology });
      expect(result).toEqual({ removed: ['process fault on payments (container unpaused or started)', 'process fault on inventory (container unpaused or started)'], failed: [] });
      expect(docker.calls).toEqual(['GET /v1.41/containers/json?all=1', 'POST /v1.41/containers/c0/unpause', 'POST /v1.41/containers/c1/start']);
      expect(docker.states()).toEqual({ payments: 'running', inventory: 'running', catalog: 'running' });
    } finally {
      await docker.close();
    }
  });

  it('names the Docker engine it could not use', async () => {
    const docker = await startFakeDocker([{ service: 'payments', state: 'paused' }]);
    docker.failListing(500);
    try {
      const result = await panic({ apis: withProcesses(dockerProcessControl({ socketPath: docker.socketPath })), topology: system.topology });
      expect(result).toEqual({ removed: [], failed: [`restoring containers through Docker containers (${docker.socketPath}): Docker GET /containers/json?all=1 answered 500: {"message":"engine in trouble"}`] });
    } finally {
      await docker.close();
    }
  });
});
