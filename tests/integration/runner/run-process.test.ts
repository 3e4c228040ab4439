import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSystem } from '../../../src/topology/system.js';
import { startTestSystem } from '../../helpers/system.js';
import { expectContinuousSeqs, getJson, ofType, runFixture, servicesOf, useRunsDir, type ServiceState } from './helpers.js';

/**
 * Process faults go through the supervisor's API, so they need a system whose supervisor the run
 * can reach: one started here on free ports, named with `supervisorUrl`. A pause carries a lease
 * the runner renews; a kill lasts until the rollback; a restart is instantaneous.
 */
const runsDir = useRunsDir();
let system: RunningSystem & { dataDir: string; logs: string[] };
let supervisorUrl: string;

beforeAll(async () => {
  system = await startTestSystem(31);
  supervisorUrl = system.endpoints.supervisorApi;
});
afterAll(async () => {
  await system?.close();
});

interface SupervisorEvent {
  id: number;
  type: string;
  service?: string;
  detail?: Record<string, unknown>;
}

describe('process faults', () => {
  it('pauses with a lease, kills until the rollback, restarts at once, and leaves every service running', { timeout: 30_000 }, async () => {
    const before = await servicesOf(supervisorUrl);
    const firstEvent = (await getJson<{ next: number }>(`${supervisorUrl}/events?since=0&limit=10000`)).next;
    // What the supervisor says while payments is frozen.
    let whilePaused: Promise<{ services: ServiceState[]; leases: Array<{ service: string; holder: string; ttlMs: number }> }> | undefined;
    const { outcome, events, lines } = await runFixture('process', runsDir(), {
      toxiproxyUrl: system.endpoints.proxyApi,
      supervisorUrl,
      onLine: (line) => {
        if (line === 'injected freeze-payments') {
          whilePaused = Promise.all([servicesOf(supervisorUrl), getJson<{ leases: Array<{ service: string; holder: string; ttlMs: number }> }>(`${supervisorUrl}/leases`)]).then(([services, { leases }]) => ({ services, leases }));
        }
      },
    });

    expect(outcome, lines.join('\n')).toMatchObject({ result: 'held', exitCode: 0 });
    expectContinuousSeqs(events);
    const injected = ofType(events, 'fault_injected');
    const holder = injected[0]?.lease?.holder;
    expect(holder).toMatch(/^faultline-run-/);
    expect(injected).toEqual([
      expect.objectContaining({ faultId: 'freeze-payments', kind: 'process', action: 'pause', target: { service: 'payments' }, lease: { ttlMs: 2000, holder } }),
      expect.objectContaining({ faultId: 'kill-catalog', kind: 'process', action: 'kill', target: { service: 'catalog' } }),
      expect.objectContaining({ faultId: 'bounce-inventory', kind: 'process', action: 'restart', target: { service: 'inventory' } }),
    ]);
    const removed = Object.fromEntries(ofType(events, 'fault_removed').map((e) => [e.faultId, e.reason]));
    expect(ofType(events, 'fault_removed')).toHaveLength(3);
    expect(removed).toMatchObject({ 'kill-catalog': 'rollback', 'bounce-inventory': 'scheduled' });
    expect(['scheduled', 'rollback']).toContain(removed['freeze-payments']);

    // While it was frozen, payments was paused under the run's lease.
    const paused = await whilePaused;
    expect(paused?.services.find((s) => s.name === 'payments')?.state).toBe('paused');
    expect(paused?.leases).toEqual([expect.objectContaining({ service: 'payments', holder, ttlMs: 2000 })]);

    // Afterwards: every service runs on its old address, no lease is left, and the supervisor saw each step.
    const after = await servicesOf(supervisorUrl);
    expect(after.map((s) => `${s.name} ${s.state}`)).toEqual(before.map((s) => `${s.name} running`));
    expect(after.map((s) => s.url)).toEqual(before.map((s) => s.url));
    expect((await getJson<{ leases: unknown[] }>(`${supervisorUrl}/leases`)).leases).toEqual([]);
    const trail = (await getJson<{ events: SupervisorEvent[] }>(`${supervisorUrl}/events?since=${firstEvent}&limit=10000`)).events.map((e) => `${e.type} ${e.service}`);
    expect(trail).toEqual(expect.arrayContaining(['service.paused payments', 'service.resumed payments', 'service.killed catalog', 'service.restarted catalog', 'service.restarted inventory']));
    expect(trail.filter((t) => t === 'service.restarted inventory')).toHaveLength(1);
    // The pause ended by the run's hand, not by its lease.
    const resumed = (await getJson<{ events: SupervisorEvent[] }>(`${supervisorUrl}/events?since=${firstEvent}&limit=10000`)).events.find((e) => e.type === 'service.resumed');
    expect(resumed?.detail?.reason).toBeUndefined();
  });

  it('refuses a supervisor URL that does not answer: exit 4, nothing run', async () => {
    const closed = await closedPort();
    const { outcome, events } = await runFixture('process', runsDir(), { toxiproxyUrl: system.endpoints.proxyApi, supervisorUrl: `http://127.0.0.1:${closed}` });
    expect(outcome).toMatchObject({ result: 'error', exitCode: 4 });
    expect(outcome.reasons[0]).toBe(`the system could not be started: the supervisor API at http://127.0.0.1:${closed} does not answer GET /services`);
    expect(events.map((e) => e.type)).toEqual(['run_started', 'verdict', 'run_finished']);
    expect(events[0]).toMatchObject({ mode: 'external' });
  });
});

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
