import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { httpControlApis, type ControlApis } from '../../../src/runner/control-apis.js';
import type { ToxicFault } from '../../../src/runner/experiment/model.js';
import { FaultController } from '../../../src/runner/faults.js';
import type { FaultFields, RemovalReason } from '../../../src/runner/journal/events.js';
import { Cleanup, startEchoServer, startTestProxyServer } from '../../helpers/sockets.js';
import { faultsOn, getJson, send } from './helpers.js';

/**
 * The FaultController's edges, against a real proxy server: a removal asked for twice at the same
 * instant (the schedule and the rollback), a rollback while an injection is still on its way, and
 * an injection that fails half-way (the toxic went in, its lease did not). Each must end with the
 * proxy clean and the journal's pairs intact.
 */
const cleanup = new Cleanup();
afterEach(() => cleanup.closeAll());

let toxiproxyUrl: string;
let steps: string[];

beforeEach(async () => {
  const server = await startTestProxyServer(cleanup);
  toxiproxyUrl = server.url;
  const upstream = await startEchoServer(cleanup);
  expect((await send('POST', `${toxiproxyUrl}/proxies`, { name: 'p', listen: '127.0.0.1:0', upstream: `127.0.0.1:${upstream}` })).status).toBe(201);
  steps = [];
});

const fault: ToxicFault = { kind: 'toxic', name: 'slow', atMs: 0, durationMs: 1000, proxy: 'p', toxicName: 'faultline-slow', type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 10, jitter: 0 } };

function controller(apis: Partial<ControlApis> = {}): FaultController {
  const real = httpControlApis({ toxiproxyUrl, serviceUrl: () => undefined });
  return new FaultController({
    apis: { ...real, ...apis },
    holder: 'test-run',
    leaseTtlMs: 5000,
    clock: systemClock,
    observer: {
      injected: (fields: FaultFields) => steps.push(`injected ${fields.faultId}${fields.error ? ` (error: ${fields.error})` : ''}`),
      removed: (fields: FaultFields & { reason: RemovalReason }) => steps.push(`removed ${fields.faultId} (${fields.reason})`),
      removalFailed: (fields: FaultFields, error: Error) => steps.push(`removal of ${fields.faultId} failed: ${error.message}`),
    },
  });
}

const toxicEvents = async () => (await getJson<{ events: Array<{ type: string; toxic?: string }> }>(`${toxiproxyUrl}/events?since=0&limit=1000`)).events.filter((e) => e.toxic === 'faultline-slow').map((e) => e.type);

describe('FaultController', () => {
  it('removes a fault once when its scheduled end and the rollback come at the same instant', async () => {
    const faults = controller();
    await faults.detectLeases();
    await faults.inject(fault, 'slow', 0);
    const [scheduled, failures] = await Promise.all([faults.remove('slow', 'scheduled'), faults.removeAll('rollback')]);
    expect(scheduled).toBeUndefined();
    expect(failures).toEqual([]);
    expect(steps).toEqual(['injected slow', 'removed slow (scheduled)']);
    expect(faults.active()).toEqual([]);
    expect(await toxicEvents()).toEqual(['toxic.added', 'lease.set', 'toxic.removed']);
  });

  it('waits for an injection on its way before rolling back, so it cannot land after the rollback', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const real = httpControlApis({ toxiproxyUrl, serviceUrl: () => undefined });
    // The injection stalls after the toxic went in (as a slow audit read would make it).
    const faults = controller({
      latestProxyAuditId: async () => {
        await held;
        return real.latestProxyAuditId();
      },
    });
    await faults.detectLeases();
    const injection = faults.inject(fault, 'slow', 0);
    const rollback = faults.removeAll('abort');
    await expectToxicSoon();
    expect(faults.active()).toEqual([]);
    release();
    await injection;
    expect(await rollback).toEqual([]);
    expect(steps).toEqual(['injected slow', 'removed slow (abort)']);
    expect(await faultsOn(toxiproxyUrl)).toEqual([]);
  });

  it('keeps a fault whose injection failed half-way, journalled with its error, and removes it at the rollback', async () => {
    const faults = controller({
      leaseToxic: async () => {
        throw new Error('PUT …/lease answered 503');
      },
    });
    await faults.detectLeases();
    await expect(faults.inject(fault, 'slow', 0)).rejects.toThrow('answered 503');
    // The toxic did go in, without the lease that would have taken it away.
    expect(await faultsOn(toxiproxyUrl)).toEqual(['p: toxic faultline-slow (latency, downstream)']);
    expect(steps).toEqual(['injected slow (error: PUT …/lease answered 503)']);
    expect(faults.active().map((r) => r.fields)).toEqual([expect.objectContaining({ faultId: 'slow', kind: 'toxic', toxic: expect.objectContaining({ name: 'faultline-slow' }), error: 'PUT …/lease answered 503' })]);

    expect(await faults.removeAll('abort')).toEqual([]);
    expect(await faultsOn(toxiproxyUrl)).toEqual([]);
    expect(steps.at(-1)).toBe('removed slow (abort)');
  });

  it('counts a failed injection that never reached the proxy as removed at the rollback (nothing to remove)', async () => {
    const faults = controller();
    await faults.detectLeases();
    await expect(faults.inject({ ...fault, proxy: 'missing' }, 'slow', 0)).rejects.toThrow();
    expect(await faults.removeAll('abort')).toEqual([]);
    expect(steps).toEqual([expect.stringMatching(/^injected slow \(error: .+\)$/), 'removed slow (abort)']);
  });
});

/** The toxic is on the proxy (the stalled injection has applied it), polled without a fixed sleep. */
async function expectToxicSoon(): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if ((await faultsOn(toxiproxyUrl)).length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the toxic never appeared');
}
