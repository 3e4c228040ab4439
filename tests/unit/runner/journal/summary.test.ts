import { describe, expect, it } from 'vitest';
import type { FaultFields, JournalEventInput } from '../../../../src/runner/journal/events.js';
import { renderSummaryText } from '../../../../src/runner/journal/summary-text.js';
import { summariseJournal, type JournalSummary } from '../../../../src/runner/journal/summary.js';
import { expectGolden, sampleEvents } from './helpers.js';
import { RUN_STARTED, SAMPLE_RUN } from './sample-run.js';

type Step = [advanceMs: number, event: JournalEventInput];

/** A run from run_started through the given steps (each after its clock advance). */
const run = (...steps: Step[]) => summariseJournal(sampleEvents([[0, RUN_STARTED], ...steps]));

const latency: FaultFields = { faultId: 'lat', kind: 'toxic', target: { proxy: 'gw-cat', stream: 'downstream' }, toxic: { name: 'lat', type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 500 } }, plannedOffsetMs: 0 };
const kill: FaultFields = { faultId: 'kill', kind: 'process', target: { service: 'payments' }, action: 'kill', plannedOffsetMs: 0, lease: { ttlMs: 30_000, holder: 'run-1' } };
const inject = (fault: FaultFields, extra: Partial<FaultFields> = {}): JournalEventInput => ({ type: 'fault_injected', ...fault, ...extra });
const remove = (fault: FaultFields, reason: 'scheduled' | 'rollback' | 'abort' | 'panic' | 'lease-expired', extra: Partial<FaultFields> = {}): JournalEventInput => ({ type: 'fault_removed', ...fault, reason, ...extra });

describe('summariseJournal of the sample run', () => {
  const summary = summariseJournal(sampleEvents());

  it('names the experiment, seed and span of the run', () => {
    expect(summary).toMatchObject({
      complete: true,
      experiment: { title: 'Checkout survives a slow catalog', file: 'experiments/catalog-latency.yaml' },
      seed: 42,
      mode: 'embedded',
      host: 'ci-runner-1',
      startedAt: '2026-11-27T10:00:00.123Z',
      endedAt: '2026-11-27T10:00:04.177Z',
      durationMs: 4054,
      verdict: { result: 'deviated', exitCode: 1, reasons: ['during: gateway error ratio observed 8 %, tolerance <= 1 %'] },
    });
  });

  it('times every phase', () => {
    expect(summary.phases.map((p) => [p.phase, p.status, p.durationMs])).toEqual([
      ['validate', 'completed', 12],
      ['preflight', 'completed', 41],
      ['baseline', 'completed', 1000],
      ['faults', 'completed', 2000],
      ['rollback', 'completed', 3],
      ['recovery', 'completed', 997],
      ['verdict', 'completed', 1],
    ]);
  });

  it('pairs each fault with its removal and leaves none behind', () => {
    expect(summary.faults.map((f) => [f.faultId, f.description, f.durationMs, f.removal])).toEqual([
      ['catalog-latency', 'latency toxic on proxy gateway-catalog (downstream)', 1995, 'scheduled'],
      ['payments-kill', 'kill of service payments', 1498, 'rollback'],
    ]);
    expect(summary.faultsLeftBehind).toEqual([]);
  });

  it('adds up the load, keeps the worst p99, and what the run cost each SLO', () => {
    expect(summary.load).toEqual({ seconds: 3, sent: 150, ok: 146, failed: 4, missed: 1, errorRatio: 4 / 150, worstP99Ms: 1210.5, worstP99Second: 1795773602, byOutcome: { '200': 146, '503': 3, timeout: 1 } });
    expect(summary.budgets).toEqual([{ slo: 'gateway-availability', consumedAtStart: 0.1, consumedAtEnd: 0.1375, burned: expect.closeTo(0.0375, 10), remaining: 0.8625, firing: { page: true, ticket: false } }]);
  });

  it('keeps hypotheses, alerts, rollbacks, probes and notes', () => {
    expect(summary.hypotheses.map((h) => [h.when, h.ok, h.checks.length])).toEqual([['before', true, 2], ['during', false, 2], ['recovery', true, 1]]);
    expect(summary.alerts).toEqual([{ alertname: 'SloErrorBudgetBurn', severity: 'page', slo: 'gateway-availability', source: 'evaluator', startsAt: '2026-11-27T10:00:01.500Z', firedAt: '2026-11-27T10:00:02.176Z', resolvedAt: '2026-11-27T10:00:03.600Z' }]);
    expect(summary.rollbacks).toEqual({ total: 1, failed: [] });
    expect(summary.probes).toEqual({ total: 1, failed: [] });
    expect(summary.notes).toEqual([{ time: '2026-11-27T10:00:02.176Z', role: 'facilitator', text: expect.stringMatching(/^Payments restarted/) }]);
  });

  it('reads as the checked-in text page', () => {
    expectGolden('deviated-run.summary.txt', renderSummaryText(summary));
  });
});

describe('summariseJournal: faults left behind', () => {
  const cases: Array<{ name: string; steps: Step[]; leftBehind: string[]; check?: (s: JournalSummary) => void }> = [
    { name: 'a fault injected and removed', steps: [[0, inject(latency)], [100, remove(latency, 'scheduled')]], leftBehind: [] },
    { name: 'a run that died with a fault in place', steps: [[0, inject(latency)], [100, inject(kill)]], leftBehind: ['lat', 'kill'], check: (s) => expect(s).toMatchObject({ complete: false, endedAt: '2026-11-27T10:00:00.223Z', durationMs: 100 }) },
    {
      name: 'a removal that failed and was never retried',
      steps: [[0, inject(latency)], [100, remove(latency, 'rollback', { error: 'ECONNREFUSED' })]],
      leftBehind: ['lat'],
      check: (s) => expect(s.faults[0]).toMatchObject({ removed: false, removeErrors: ['ECONNREFUSED'] }),
    },
    {
      name: 'a failed removal that the panic button then made good',
      steps: [[0, inject(latency)], [100, remove(latency, 'rollback', { error: 'timeout' })], [50, remove(latency, 'panic')]],
      leftBehind: [],
      check: (s) => expect(s.faults[0]).toMatchObject({ removed: true, removal: 'panic', durationMs: 150, removeErrors: ['timeout'] }),
    },
    {
      name: 'an injection that reported an error (it may still have been applied)',
      steps: [[0, inject(latency, { error: 'timeout after 5 s' })]],
      leftBehind: ['lat'],
      check: (s) => expect(s.faults[0]).toMatchObject({ injectError: 'timeout after 5 s' }),
    },
    { name: 'a fault whose lease lapsed', steps: [[0, inject(kill)], [30_000, remove(kill, 'lease-expired')]], leftBehind: [] },
    {
      name: 'one fault injected twice, removed once',
      steps: [[0, inject(latency)], [100, remove(latency, 'scheduled')], [100, inject(latency)]],
      leftBehind: ['lat'],
      check: (s) => expect(s.faults.map((f) => f.removed)).toEqual([true, false]),
    },
    {
      name: 'a removal of a fault the journal never saw injected',
      steps: [[0, remove(latency, 'rollback')]],
      leftBehind: [],
      check: (s) => expect(s.warnings).toEqual(['fault lat was removed at 2026-11-27T10:00:00.123Z but its injection is not in the journal']),
    },
  ];

  it.each(cases)('$name', ({ steps, leftBehind, check }) => {
    const summary = run(...steps);
    expect(summary.faultsLeftBehind.map((f) => f.faultId)).toEqual(leftBehind);
    check?.(summary);
  });

  it('shouts about them in the text page', () => {
    const text = renderSummaryText(run([0, inject(kill)]));
    expect(text).toContain('!!! SAFETY: 1 FAULT WAS INJECTED AND NEVER REMOVED: IT MAY STILL BE ACTIVE !!!');
    expect(text).toContain('!!!   kill: kill of service payments, injected 10:00:00.123, lease 30.0 s (holder run-1)');
    expect(text).toContain('NEVER REMOVED');
    expect(text).toContain('INCOMPLETE: the journal ends without run_finished');
  });
});

describe('summariseJournal: the rest of the run', () => {
  it.each<{ name: string; steps: Step[]; expected: Partial<JournalSummary> }>([
    { name: 'no load: no error ratio rather than 0 %', steps: [], expected: { load: { seconds: 0, sent: 0, ok: 0, failed: 0, missed: 0, errorRatio: null, worstP99Ms: null, byOutcome: {} } } },
    {
      name: 'a second in which nothing completed',
      steps: [[1000, { type: 'load_sample', second: 1, sent: 5, ok: 0, failed: 0, byOutcome: {}, missed: 5, p50Ms: null, p90Ms: null, p99Ms: null, maxMs: null }]],
      expected: { load: { seconds: 1, sent: 5, ok: 0, failed: 0, missed: 5, errorRatio: null, worstP99Ms: null, byOutcome: {} } },
    },
    { name: 'a phase skipped without starting', steps: [[0, { type: 'phase', phase: 'baseline', status: 'skipped', detail: '--no-baseline' }]], expected: { phases: [{ phase: 'baseline', status: 'skipped', endedAt: '2026-11-27T10:00:00.123Z', detail: '--no-baseline' }] } },
    { name: 'a phase that never finished', steps: [[0, { type: 'phase', phase: 'faults', status: 'started' }]], expected: { phases: [{ phase: 'faults', status: 'started', startedAt: '2026-11-27T10:00:00.123Z' }] } },
    {
      name: 'an abort and a failed rollback',
      steps: [
        [0, { type: 'abort', condition: 'error-budget', reason: 'burn rate 40× over 5m is above the abort line of 30×', observed: 40 }],
        [5, { type: 'rollback', faultId: 'lat', ok: false, error: 'proxy API down' }],
        [5, { type: 'verdict', result: 'aborted', reasons: ['abort: error-budget'], exitCode: 2 }],
      ],
      expected: {
        aborts: [{ time: '2026-11-27T10:00:00.123Z', condition: 'error-budget', reason: 'burn rate 40× over 5m is above the abort line of 30×', observed: 40 }],
        rollbacks: { total: 1, failed: [{ time: '2026-11-27T10:00:00.128Z', faultId: 'lat', error: 'proxy API down' }] },
        verdict: { time: '2026-11-27T10:00:00.133Z', result: 'aborted', reasons: ['abort: error-budget'], exitCode: 2 },
      },
    },
    {
      name: 'an alert seen only as it resolved',
      steps: [[0, { type: 'alert', status: 'resolved', alertname: 'X', startsAt: '2026-11-27T09:59:00.000Z', source: 'alertmanager' }]],
      expected: { alerts: [{ alertname: 'X', source: 'alertmanager', startsAt: '2026-11-27T09:59:00.000Z', resolvedAt: '2026-11-27T10:00:00.123Z' }] },
    },
    { name: 'a failed probe', steps: [[0, { type: 'probe', name: 'gw', ok: false, error: 'ECONNRESET' }]], expected: { probes: { total: 1, failed: [{ time: '2026-11-27T10:00:00.123Z', name: 'gw', error: 'ECONNRESET' }] } } },
  ])('$name', ({ steps, expected }) => {
    expect(run(...steps)).toMatchObject(expected);
  });

  it('summarises nothing from no events', () => {
    const summary = summariseJournal([]);
    expect(summary).toMatchObject({ complete: false, faults: [], faultsLeftBehind: [] });
    expect(summary.startedAt).toBeUndefined();
    expect(renderSummaryText(summary)).toMatch(/^Experiment {2}\(no run_started event\)\n/);
  });

  it('uses the sample run in full (every step has a known type)', () => {
    expect(sampleEvents()).toHaveLength(SAMPLE_RUN.length);
  });
});
