import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Toxiproxy, type ICreateToxicBody } from 'toxiproxy-node-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSystem } from '../../src/topology/system.js';
import { runCli } from '../helpers/cli.js';
import { startTestSystem } from '../helpers/system.js';

/**
 * `faultline panic` as a user types it: what it prints (text and --json) and its exit code, on a
 * system left in a mess, on a clean one, and when a part of the system does not do as asked. The
 * choice of supervisor or Docker is tested with the helper both panic and the runner use
 * (tests/integration/runner/service-host.test.ts); here a supervisor always answers, so the output
 * does not depend on whether this machine runs a Docker engine.
 */
let system: RunningSystem & { dataDir: string; logs: string[] };
let target: string[];
/** A supervisor that lists no service and answers POST /restore with `restoreStatus`. */
let brokenSupervisor: { url: string; restoreStatus: number; server: Server };

beforeAll(async () => {
  system = await startTestSystem(63);
  target = ['--toxiproxy-url', system.endpoints.proxyApi, '--supervisor-url', system.endpoints.supervisorApi];
  const server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/services') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ services: [] }));
    } else if (request.method === 'POST' && request.url === '/restore') {
      const ok = brokenSupervisor.restoreStatus === 200;
      response.writeHead(brokenSupervisor.restoreStatus, { 'content-type': 'application/json' }).end(JSON.stringify(ok ? { restored: [] } : { error: 'inventory did not start' }));
    } else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  brokenSupervisor = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, restoreStatus: 500, server };
}, 60_000);
afterAll(async () => {
  await system?.close();
  await new Promise<void>((resolve) => (brokenSupervisor ? brokenSupervisor.server.close(() => resolve()) : resolve()));
});

const latency = (name: string) => ({ name, type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 50, jitter: 0 } }) as unknown as ICreateToxicBody<unknown>;

describe('faultline panic', () => {
  it('removes every kind of fault, says what in JSON, and exits 0; a second press finds nothing', { timeout: 60_000 }, async () => {
    const client = new Toxiproxy(system.endpoints.proxyApi);
    await (await client.get('gateway_catalog')).addToxic(latency('left-over'));
    const payments = await client.get('orders_payments');
    await payments.update({ enabled: false, listen: payments.listen, upstream: payments.upstream });
    expect((await fetch(`${system.endpoints.supervisorApi}/services/payments/pause`, { method: 'POST' })).status).toBe(200);
    const services = ((await (await fetch(`${system.endpoints.supervisorApi}/services`)).json()) as { services: Array<{ name: string; url: string }> }).services;
    const orders = services.find((s) => s.name === 'orders')?.url;
    const declared = system.topology.services.find((s) => s.name === 'orders')?.dependencies.find((d) => d.service === 'payments')?.policy;
    expect((await fetch(`${orders}/admin/policies/payments`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...declared, timeoutMs: 50 }) })).status).toBe(200);

    const pressed = await runCli(['panic', ...target, '--json']);

    expect(pressed.stderr).toBe('');
    expect(pressed.code).toBe(0);
    expect(pressed.stdout).toBe(
      `${JSON.stringify({
        removed: [
          'toxic left-over on gateway_catalog',
          'outage of orders_payments (proxy enabled again)',
          'process fault on payments (service resumed or started)',
          'resilience policy of orders → payments (declared policy restored)',
        ],
        failed: [],
      })}\n`,
    );

    const again = await runCli(['panic', ...target]);
    expect(again).toMatchObject({ code: 0, stdout: 'No fault was in place.\n', stderr: '' });
  });

  it('lists what it removed in words', async () => {
    await (await new Toxiproxy(system.endpoints.proxyApi).get('gateway_orders')).addToxic(latency('forgotten'));
    const pressed = await runCli(['panic', ...target]);
    expect(pressed).toMatchObject({ code: 0, stdout: 'Removed:\n  - toxic forgotten on gateway_orders\n', stderr: '' });
  });

  // The detail after "restoring services through <url>: " is the process control's (process-control.ts).
  const restoreFailed = () => `restoring services through ${brokenSupervisor.url}: POST ${brokenSupervisor.url}/restore answered 500: {"error":"inventory did not start"}`;

  it('exits 1 and lists on stderr what it could not remove, having done the rest', async () => {
    await (await new Toxiproxy(system.endpoints.proxyApi).get('gateway_orders')).addToxic(latency('stray'));
    const pressed = await runCli(['panic', '--toxiproxy-url', system.endpoints.proxyApi, '--supervisor-url', brokenSupervisor.url]);
    expect(pressed.code).toBe(1);
    expect(pressed.stdout).toBe('Removed:\n  - toxic stray on gateway_orders\n');
    expect(pressed.stderr).toBe(`faultline panic: could not remove:\n  - ${restoreFailed()}\n`);
  });

  it('in JSON too, and names the proxy API it could not read', async () => {
    const pressed = await runCli(['panic', '--toxiproxy-url', 'http://127.0.0.1:9', '--supervisor-url', brokenSupervisor.url, '--json']);
    expect(pressed.code).toBe(1);
    expect(pressed.stdout).toBe(`${JSON.stringify({ removed: [], failed: ['reading the proxies at http://127.0.0.1:9: fetch failed', restoreFailed()] })}\n`);
    expect(pressed.stderr).toBe(`faultline panic: could not remove:\n  - reading the proxies at http://127.0.0.1:9: fetch failed\n  - ${restoreFailed()}\n`);
  });
});
