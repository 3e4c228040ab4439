import { Toxiproxy, type ICreateToxicBody } from 'toxiproxy-node-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSystem } from '../../../src/topology/system.js';
import { startTestSystem } from '../../helpers/system.js';
import { expectContinuousSeqs, faultsOn, getJson, ofType, phases, runFixture, useRunsDir } from './helpers.js';

/**
 * Runs against a system that outlives them (started here on free ports, as `faultline up` would
 * be), so what a run leaves behind can be seen: a preflight that refuses a dirty system, a manual
 * stop and an abort condition, each rolled back. The order matters: the abort's outage leaves the
 * gateway's catalog breaker open for a few seconds, so it goes last.
 */
const runsDir = useRunsDir();
let system: RunningSystem & { dataDir: string; logs: string[] };
let target: { toxiproxyUrl: string; supervisorUrl: string };

beforeAll(async () => {
  system = await startTestSystem(21);
  target = { toxiproxyUrl: system.endpoints.proxyApi, supervisorUrl: system.endpoints.supervisorApi };
});
afterAll(async () => {
  await system?.close();
});

interface AuditEvent {
  id: number;
  type: string;
  proxy?: string;
  toxic?: string;
  detail?: Record<string, unknown>;
}
const auditEvents = async () => (await getJson<{ events: AuditEvent[] }>(`${target.toxiproxyUrl}/events?since=0&limit=10000`)).events;

describe('runExperiment against a running system', () => {
  it('refuses to start over a stray toxic: exit 4, the toxic named, nothing injected and nothing touched', async () => {
    const proxy = await new Toxiproxy(target.toxiproxyUrl).get('gateway_orders');
    await proxy.addToxic({ name: 'stray', type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 10, jitter: 0 } } as unknown as ICreateToxicBody<unknown>);
    try {
      const before = (await auditEvents()).length;
      const { outcome, events } = await runFixture('toxics', runsDir(), target);

      expect(outcome).toMatchObject({ result: 'error', exitCode: 4 });
      expect(outcome.reasons[0]).toContain('faults from an earlier run are still in place (gateway_orders: toxic stray (latency, downstream))');
      expect(outcome.reasons[0]).toContain('faultline panic');
      expect(events[0]).toMatchObject({ type: 'run_started', mode: 'external', toxiproxyUrl: target.toxiproxyUrl, harnessUrl: target.supervisorUrl });
      expect(phases(events)).toEqual(['validate completed', 'preflight started', 'preflight failed']);
      expect(ofType(events, 'phase')[2]?.detail).toContain('gateway_orders: toxic stray');
      expect(ofType(events, 'fault_injected')).toEqual([]);
      expect(ofType(events, 'load_sample')).toEqual([]);
      expect(events.at(-2)).toMatchObject({ type: 'verdict', result: 'error', exitCode: 4 });
      expectContinuousSeqs(events);
      // Not a single change on the proxy: the stray toxic is the user's to remove.
      expect((await auditEvents()).length).toBe(before);
      expect(await faultsOn(target.toxiproxyUrl)).toEqual(['gateway_orders: toxic stray (latency, downstream)']);
    } finally {
      await (await proxy.getToxic('stray')).remove();
    }
  });

  it('stops by hand mid-fault: aborted, the fault rolled back, the next one never injected', { timeout: 30_000 }, async () => {
    const stop = new AbortController();
    const { outcome, events, lines } = await runFixture('toxics', runsDir(), {
      ...target,
      stop: stop.signal,
      onLine: (line) => {
        if (line === 'injected slow-catalog') stop.abort();
      },
    });

    expect(outcome, lines.join('\n')).toMatchObject({ result: 'aborted', exitCode: 2 });
    expect(outcome.reasons[0]).toBe('stopped by hand (Ctrl-C or SIGTERM): rolled back before the plan ended');
    expect(ofType(events, 'fault_injected').map((e) => e.faultId)).toEqual(['slow-catalog']);
    expect(ofType(events, 'fault_removed')).toMatchObject([{ faultId: 'slow-catalog', reason: 'abort' }]);
    expect(ofType(events, 'rollback')).toEqual([expect.objectContaining({ faultId: 'slow-catalog', ok: true })]);
    expect(phases(events)).toEqual(['validate completed', 'preflight started', 'preflight completed', 'baseline started', 'baseline completed', 'faults started', 'rollback started', 'rollback completed']);
    expect(ofType(events, 'phase').find((p) => p.phase === 'rollback' && p.status === 'started')?.detail).toContain('stopped by hand');
    expect(events.at(-2)).toMatchObject({ type: 'verdict', result: 'aborted', exitCode: 2 });
    expectContinuousSeqs(events);

    // Nothing left behind: the toxic is gone (removed by the run, not by its lease), and its lease with it.
    expect(await faultsOn(target.toxiproxyUrl)).toEqual([]);
    const injection = ofType(events, 'fault_injected')[0];
    const audit = await auditEvents();
    expect(audit.find((e) => e.id === injection?.auditEventId)).toMatchObject({ type: 'toxic.added', proxy: 'gateway_catalog', toxic: 'faultline-slow-catalog' });
    const ours = audit.filter((e) => e.toxic === 'faultline-slow-catalog').map((e) => e.type);
    expect(ours).toContain('toxic.removed');
    expect(ours).not.toContain('lease.expired');
  });

  it('stops when an abort condition holds for its `for`: aborted, the outage rolled back, the proxy enabled again', { timeout: 30_000 }, async () => {
    const { outcome, events, lines } = await runFixture('outage-abort', runsDir(), target);

    expect(outcome, lines.join('\n')).toMatchObject({ result: 'aborted', exitCode: 2 });
    expect(outcome.reasons[0]).toMatch(/^aborted: \d+(\.\d+)? % of requests failed over 1s, above 50 % for 1s$/);

    const [abort] = ofType(events, 'abort');
    expect(abort).toMatchObject({ condition: 'errorRatio > 50 % for 1s', observed: expect.any(Number) });
    expect(abort?.observed).toBeGreaterThan(0.5);
    const [injected] = ofType(events, 'fault_injected');
    expect(injected).toMatchObject({ faultId: 'catalog-down', kind: 'outage', target: { proxy: 'gateway_catalog' }, lease: { ttlMs: 5000 } });
    // `for: 1s`: the breach had to be seen at two evaluations a second apart, after the outage began.
    expect(Date.parse(abort?.time ?? '') - Date.parse(injected?.time ?? '')).toBeGreaterThanOrEqual(1000);
    // …and the run stopped long before the outage's scheduled end (4 s).
    expect(Date.parse(abort?.time ?? '') - Date.parse(injected?.time ?? '')).toBeLessThan(4000);

    expect(ofType(events, 'fault_removed')).toMatchObject([{ faultId: 'catalog-down', reason: 'abort' }]);
    expect(ofType(events, 'rollback')).toEqual([expect.objectContaining({ faultId: 'catalog-down', ok: true })]);
    const abortAt = events.findIndex((e) => e.type === 'abort');
    const rollbackAt = events.findIndex((e) => e.type === 'phase' && e.phase === 'rollback' && e.status === 'started');
    expect(rollbackAt).toBeGreaterThan(abortAt);
    expect(ofType(events, 'phase')[ofType(events, 'phase').length - 1]).toMatchObject({ phase: 'rollback', status: 'completed' });
    expect(events.at(-2)).toMatchObject({ type: 'verdict', result: 'aborted', exitCode: 2 });
    expectContinuousSeqs(events);

    expect(await faultsOn(target.toxiproxyUrl)).toEqual([]);
    const proxy = await getJson<{ enabled: boolean }>(`${target.toxiproxyUrl}/proxies/gateway_catalog`);
    expect(proxy.enabled).toBe(true);
  });
});
