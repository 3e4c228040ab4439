import { describe, expect, it } from 'vitest';
import type { FaultInjectedEvent, FaultRemovedEvent } from '../../../src/runner/journal/events.js';
import { summariseJournal } from '../../../src/runner/journal/summary.js';
import { expectContinuousSeqs, ofType, phases, runFixture, useRunsDir } from './helpers.js';

/**
 * A toxic experiment end to end, in this process, against the embedded system the runner starts on
 * free ports and stops afterwards: the journal must tell the whole story. (That nothing stays
 * behind on a system that outlives the run is tested against an external system.)
 */
const runsDir = useRunsDir();

describe('runExperiment with the embedded system', () => {
  it('runs a toxic experiment end to end and journals every step', { timeout: 40_000 }, async () => {
    const { outcome, events, lines } = await runFixture('toxics', runsDir());

    expect(outcome, lines.join('\n')).toMatchObject({ result: 'held', exitCode: 0 });
    expect(outcome.journalPath).toBe(`${outcome.runDir}/journal.jsonl`);
    expectContinuousSeqs(events);

    const started = events[0];
    expect(started).toMatchObject({ type: 'run_started', mode: 'embedded', seed: 11, experiment: { file: 'tests/fixtures/experiments/runner/toxics.yaml', title: 'Two short latency toxics' } });
    if (started?.type !== 'run_started') throw new Error('unreachable');
    expect(started.experiment.document).toMatchObject({ kind: 'Experiment', metadata: { name: 'runner-toxics' } });
    expect(started.toxiproxyUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(started.toxiproxyUrl).not.toBe('http://127.0.0.1:8474');
    expect(started.slos.length).toBeGreaterThan(0);

    expect(phases(events)).toEqual([
      'validate completed',
      'preflight started',
      'preflight completed',
      'baseline started',
      'baseline completed',
      'faults started',
      'faults completed',
      'rollback started',
      'rollback completed',
      'recovery started',
      'recovery completed',
      'observe started',
      'observe completed',
    ]);

    // Each fault injected once and removed once, in that order, with its lease and audit event.
    const injected = ofType(events, 'fault_injected');
    const removed = ofType(events, 'fault_removed');
    expect(injected.map((e) => e.faultId)).toEqual(['slow-catalog', 'slow-payments']);
    expect(removed.map((e) => e.faultId).sort()).toEqual(['slow-catalog', 'slow-payments']);
    const holder = (injected[0] as FaultInjectedEvent).lease?.holder;
    expect(holder).toMatch(/^faultline-run-.*runner-toxics/);
    for (const injection of injected) {
      const removal = removed.find((e) => e.faultId === injection.faultId) as FaultRemovedEvent;
      expect(removal.seq).toBeGreaterThan(injection.seq);
      expect(['scheduled', 'rollback']).toContain(removal.reason);
      expect(injection).toMatchObject({ kind: 'toxic', lease: { ttlMs: 5000, holder }, auditEventId: expect.any(Number) });
      expect(removal).toMatchObject({ kind: 'toxic', toxic: injection.toxic, target: injection.target, lease: injection.lease, auditEventId: injection.auditEventId });
    }
    expect(injected[0]).toMatchObject({
      target: { proxy: 'gateway_catalog', stream: 'downstream' },
      toxic: { name: 'faultline-slow-catalog', type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 100, jitter: 0 } },
      plannedOffsetMs: 0,
    });
    expect(injected[1]).toMatchObject({ target: { proxy: 'orders_payments', stream: 'upstream' }, toxic: { name: 'faultline-slow-payments', stream: 'upstream' }, plannedOffsetMs: 1000 });
    expect((injected[1] as FaultInjectedEvent).auditEventId).toBeGreaterThan((injected[0] as FaultInjectedEvent).auditEventId as number);
    // The second fault went in about a second after the first, on the plan's clock.
    const gap = Date.parse((injected[1] as FaultInjectedEvent).time) - Date.parse((injected[0] as FaultInjectedEvent).time);
    expect(gap).toBeGreaterThan(500);
    expect(gap).toBeLessThan(2500);

    // The hypothesis: the gate before, every second during the faults, recovery polling until it passes, the end.
    const hypotheses = ofType(events, 'hypothesis');
    expect(hypotheses.map((h) => h.when).join(' ')).toMatch(/^before during during during (recovery )+after$/);
    expect(hypotheses.filter((h) => h.when === 'recovery').at(-1)?.ok).toBe(true);
    for (const hypothesis of hypotheses) {
      if (hypothesis.when !== 'recovery') expect(hypothesis.ok).toBe(true);
      expect(hypothesis.checks.map((c) => `${c.name}: ${c.kind}`)).toEqual(['requests succeed: error_ratio', 'answered within a second: latency', 'gateway healthy: probe']);
    }
    expect(hypotheses[0]?.checks[0]).toMatchObject({ window: '2s', tolerance: '<= 5 %', observed: expect.any(Number) });
    expect(ofType(events, 'probe').length).toBe(hypotheses.length);
    expect(ofType(events, 'probe').every((p) => p.status === 200 && p.latencyMs !== undefined)).toBe(true);

    // Observations: the load second by second and the SLOs.
    const samples = ofType(events, 'load_sample');
    expect(samples.length).toBeGreaterThanOrEqual(6);
    const sent = samples.reduce((sum, s) => sum + s.sent, 0);
    // 160 planned; a starved machine may miss a few starts (counted apart, never sent late).
    expect(sent + samples.reduce((sum, s) => sum + s.missed, 0)).toBeGreaterThanOrEqual(150);
    expect(sent).toBeLessThanOrEqual(161);
    expect(ofType(events, 'slo_snapshot').length).toBeGreaterThanOrEqual(6);
    expect(ofType(events, 'slo_snapshot')[0]?.slos.map((s) => s.id)).toContain('gateway-browse-availability');

    expect(ofType(events, 'abort')).toEqual([]);
    expect(events.at(-2)).toMatchObject({ type: 'verdict', result: 'held', exitCode: 0, reasons: outcome.reasons });
    expect(events.at(-1)).toMatchObject({ type: 'run_finished', durationMs: expect.any(Number) });

    // The journal reads back as a complete run with its faults paired.
    const summary = summariseJournal(events);
    expect(summary).toMatchObject({ complete: true, faultsLeftBehind: [], warnings: [], verdict: { result: 'held' } });
    expect(summary.faults).toHaveLength(2);
  });
});
