import { ManualClock } from '../../../../src/core/clock.js';
import type { JournalEventInput, RunStartedEvent } from '../../../../src/runner/journal/events.js';
import { JOURNAL_FORMAT_VERSION } from '../../../../src/runner/journal/events.js';

/**
 * A whole run as the runner would record it, used by the writer, summary, JUnit and CLI tests and
 * by the golden files under tests/golden/journal/: a latency fault on the catalog plus a payments
 * kill, an error ratio that breaks its tolerance during the faults, an alert that fires and
 * resolves, and every fault removed. Each step says how far the clock moves before it.
 */
export const RUN_START_MS = Date.UTC(2026, 10, 27, 10, 0, 0, 123);

export const RUN_STARTED: Omit<RunStartedEvent, 'seq' | 'time'> = {
  type: 'run_started',
  formatVersion: JOURNAL_FORMAT_VERSION,
  experiment: {
    file: 'experiments/catalog-latency.yaml',
    title: 'Checkout survives a slow catalog',
    document: { apiVersion: 'faultline/v1', kind: 'Experiment', metadata: { name: 'catalog-latency' }, spec: { faults: [{ id: 'catalog-latency', toxic: 'latency', latency: 800 }] } },
  },
  topology: {
    name: 'shop',
    services: [
      { name: 'gateway', address: '127.0.0.1:0', public: true, dependencies: ['catalog', 'payments'] },
      { name: 'catalog', address: '127.0.0.1:0', public: false, dependencies: [] },
      { name: 'payments', address: '127.0.0.1:0', public: false, dependencies: [] },
    ],
    proxies: [
      { name: 'gateway-catalog', caller: 'gateway', service: 'catalog', listen: '127.0.0.1:0' },
      { name: 'gateway-payments', caller: 'gateway', service: 'payments', listen: '127.0.0.1:0' },
    ],
  },
  slos: [
    { id: 'gateway-availability', service: 'gateway', name: 'availability', objective: 99.9, period: '30d', timeScale: 720, budgeting: 'events' },
    { id: 'gateway-latency', service: 'gateway', name: 'latency', objective: 99, period: '30d', timeScale: 720, budgeting: 'events' },
  ],
  versions: { faultline: '0.1.0', node: 'v20.20.2' },
  seed: 42,
  mode: 'embedded',
  toxiproxyUrl: 'http://127.0.0.1:8474',
  harnessUrl: 'http://127.0.0.1:8475',
  runDir: 'runs/2026-11-27T10-00-00-catalog-latency',
  host: 'ci-runner-1',
};

const latencyFault = {
  faultId: 'catalog-latency',
  kind: 'toxic',
  target: { proxy: 'gateway-catalog', stream: 'downstream' },
  toxic: { name: 'catalog-latency', type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 800, jitter: 100 } },
  lease: { ttlMs: 30_000, holder: 'run-2026-11-27T10-00-00' },
} as const;

const killFault = { faultId: 'payments-kill', kind: 'process', target: { service: 'payments' }, action: 'kill' } as const;

export const SAMPLE_RUN: Array<[advanceMs: number, event: JournalEventInput]> = [
  [0, RUN_STARTED],
  [0, { type: 'phase', phase: 'validate', status: 'started' }],
  [12, { type: 'phase', phase: 'validate', status: 'completed' }],
  [0, { type: 'phase', phase: 'preflight', status: 'started' }],
  [40, { type: 'probe', name: 'gateway /health', ok: true, status: 200, latencyMs: 3.2 }],
  [1, { type: 'phase', phase: 'preflight', status: 'completed' }],
  [0, { type: 'phase', phase: 'baseline', status: 'started' }],
  [1000, { type: 'load_sample', second: 1795773601, sent: 50, ok: 50, failed: 0, byOutcome: { '200': 50 }, missed: 0, p50Ms: 12, p90Ms: 20, p99Ms: 31, maxMs: 40 }],
  [0, { type: 'slo_snapshot', slos: [{ id: 'gateway-availability', errorRatioShort: 0, burnRates: { '5m': 0, '1h': 0 }, consumed: 0.1, remaining: 0.9, firing: { page: false, ticket: false } }] }],
  [0, { type: 'hypothesis', when: 'before', ok: true, checks: [{ name: 'gateway error ratio', kind: 'error_ratio', slo: 'gateway-availability', window: '5m', observed: 0, tolerance: '<= 1 %', ok: true }, { name: 'gateway p99', kind: 'latency', window: '1m', observed: 31, tolerance: '<= 500 ms', ok: true }] }],
  [0, { type: 'phase', phase: 'baseline', status: 'completed' }],
  [0, { type: 'phase', phase: 'faults', status: 'started' }],
  [5, { type: 'fault_injected', ...latencyFault, plannedOffsetMs: 0, auditEventId: 7 }],
  [500, { type: 'fault_injected', ...killFault, plannedOffsetMs: 500 }],
  [495, { type: 'load_sample', second: 1795773602, sent: 50, ok: 46, failed: 4, byOutcome: { '200': 46, '503': 3, timeout: 1 }, missed: 1, p50Ms: 820, p90Ms: 905, p99Ms: 1210.5, maxMs: 1300 }],
  [0, { type: 'alert', status: 'firing', alertname: 'SloErrorBudgetBurn', severity: 'page', slo: 'gateway-availability', startsAt: '2026-11-27T10:00:01.500Z', source: 'evaluator' }],
  [0, { type: 'hypothesis', when: 'during', ok: false, checks: [{ name: 'gateway error ratio', kind: 'error_ratio', slo: 'gateway-availability', window: '5m', observed: 0.08, tolerance: '<= 1 %', ok: false }, { name: 'gateway p99', kind: 'latency', window: '1m', observed: 1210.5, tolerance: '<= 1500 ms', ok: true }] }],
  [0, { type: 'note', role: 'facilitator', text: 'Payments restarted by the supervisor; gateway retries hide part of it.' }],
  [1000, { type: 'fault_removed', ...latencyFault, plannedOffsetMs: 2000, auditEventId: 9, reason: 'scheduled' }],
  [0, { type: 'phase', phase: 'faults', status: 'completed' }],
  [0, { type: 'phase', phase: 'rollback', status: 'started' }],
  [3, { type: 'fault_removed', ...killFault, plannedOffsetMs: 2000, reason: 'rollback' }],
  [0, { type: 'rollback', faultId: 'payments-kill', ok: true }],
  [0, { type: 'phase', phase: 'rollback', status: 'completed' }],
  [0, { type: 'phase', phase: 'recovery', status: 'started' }],
  [997, { type: 'load_sample', second: 1795773603, sent: 50, ok: 50, failed: 0, byOutcome: { '200': 50 }, missed: 0, p50Ms: 13, p90Ms: 22, p99Ms: 35, maxMs: 41 }],
  [0, { type: 'slo_snapshot', slos: [{ id: 'gateway-availability', errorRatioShort: 0.027, burnRates: { '5m': 27, '1h': 2.25 }, consumed: 0.1375, remaining: 0.8625, firing: { page: true, ticket: false } }] }],
  [0, { type: 'alert', status: 'resolved', alertname: 'SloErrorBudgetBurn', severity: 'page', slo: 'gateway-availability', startsAt: '2026-11-27T10:00:01.500Z', endsAt: '2026-11-27T10:00:03.600Z', source: 'evaluator' }],
  [0, { type: 'hypothesis', when: 'recovery', ok: true, checks: [{ name: 'gateway error ratio', kind: 'error_ratio', slo: 'gateway-availability', window: '5m', observed: 0, tolerance: '<= 1 %', ok: true }] }],
  [0, { type: 'phase', phase: 'recovery', status: 'completed' }],
  [0, { type: 'phase', phase: 'verdict', status: 'started' }],
  [1, { type: 'verdict', result: 'deviated', reasons: ['during: gateway error ratio observed 8 %, tolerance <= 1 %'], exitCode: 1 }],
  [0, { type: 'phase', phase: 'verdict', status: 'completed' }],
  [0, { type: 'run_finished', durationMs: 4054 }],
];

/** Replay the sample run into `append`, moving `clock` before each step. */
export function replaySampleRun(clock: ManualClock, append: (event: JournalEventInput) => void, steps = SAMPLE_RUN): void {
  for (const [advanceMs, event] of steps) {
    clock.advance(advanceMs);
    append(event);
  }
}

export function sampleClock(): ManualClock {
  return new ManualClock(RUN_START_MS);
}
