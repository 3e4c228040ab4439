import type { JournalEvent, JournalEventInput, JsonValue, RunStartedEvent } from '../../../../src/runner/journal/events.js';
import { JOURNAL_FORMAT_VERSION } from '../../../../src/runner/journal/events.js';

/**
 * Hand-made journals for the builder's tests: a scenario lists what happened at which millisecond
 * after T0, and `scenario()` turns it into journal events (seq in time order, as the writer
 * assigns them). Defaults describe the shop in miniature: gateway → orders → payments, one
 * availability SLO on the gateway, a load of 10 requests a second starting at T0.
 */

/** 2026-11-27T10:00:00.000Z. */
export const T0 = Date.UTC(2026, 10, 27, 10, 0, 0, 0);
export const iso = (ms: number): string => new Date(T0 + ms).toISOString();

export const DOCUMENT: JsonValue = {
  apiVersion: 'faultline.dev/v1',
  kind: 'Experiment',
  metadata: { name: 'payments-outage', title: 'Payments outage' },
  load: { rate: 10, duration: '30s', timeout: '2s', mix: { browse: 50, order: 50 } },
  steadyState: { hypothesis: 'Orders keep succeeding.', checks: [{ name: 'orders succeed', errorRatio: { max: 1 } }] },
  method: [{ name: 'payments-down', at: '0s', duration: '5s', outage: { proxy: 'orders_payments' } }],
  recovery: { within: '3s' },
};

export function runStarted(options: { document?: JsonValue; timeScale?: number; slos?: RunStartedEvent['slos'] } = {}): JournalEventInput {
  return {
    type: 'run_started',
    formatVersion: JOURNAL_FORMAT_VERSION,
    experiment: { file: 'experiments/payments-outage.yaml', title: 'Payments outage', document: options.document ?? DOCUMENT },
    topology: {
      name: 'shop',
      services: [
        { name: 'gateway', address: '127.0.0.1:8080', public: true, dependencies: ['orders'] },
        { name: 'orders', address: '127.0.0.1:9102', public: false, dependencies: ['payments'] },
        { name: 'payments', address: '127.0.0.1:9104', public: false, dependencies: [] },
      ],
      proxies: [
        { name: 'gateway_orders', caller: 'gateway', service: 'orders', listen: '127.0.0.1:18102' },
        { name: 'orders_payments', caller: 'orders', service: 'payments', listen: '127.0.0.1:29104' },
      ],
    },
    slos: options.slos ?? [{ id: 'gateway-order-availability', service: 'gateway', name: 'order-availability', objective: 99.9, period: '30d', timeScale: options.timeScale ?? 720, budgeting: 'events' }],
    versions: { faultline: '0.1.0', node: 'v20.20.2' },
    seed: 7,
    mode: 'embedded',
    toxiproxyUrl: 'http://127.0.0.1:8474',
    runDir: 'runs/test',
    host: 'test-host',
  };
}

/** Events at [ms after T0, event]; sorted by time (stably), numbered from 1. */
export function scenario(steps: Array<[number, JournalEventInput]>): JournalEvent[] {
  return steps
    .map((step, index) => ({ step, index }))
    .sort((a, b) => a.step[0] - b.step[0] || a.index - b.index)
    .map(({ step: [ms, event] }, index) => ({ seq: index + 1, time: iso(ms), ...event }) as JournalEvent);
}

export interface SampleSpec {
  ok: number;
  failed?: number;
  p50?: number;
  p90?: number;
  p99?: number;
  max?: number;
  timeouts?: number;
  missed?: number;
}

/** The load sample of second `s` (scheduled in [s, s+1) s after T0), recorded when it settled. */
export function sample(s: number, spec: SampleSpec): [number, JournalEventInput] {
  const failed = spec.failed ?? 0;
  const timeouts = spec.timeouts ?? 0;
  const answers5xx = failed - timeouts;
  const byOutcome: Record<string, number> = { '2xx': spec.ok };
  if (answers5xx > 0) byOutcome['5xx'] = answers5xx;
  if (timeouts > 0) byOutcome.timeout = timeouts;
  const p99 = spec.p99 ?? 40;
  return [
    s * 1000 + 1100,
    { type: 'load_sample', second: T0 / 1000 + s, sent: spec.ok + failed, ok: spec.ok, failed, byOutcome, missed: spec.missed ?? 0, p50Ms: spec.p50 ?? 10, p90Ms: spec.p90 ?? 20, p99Ms: p99, maxMs: spec.max ?? p99 },
  ];
}

/** Samples for seconds [from, to): `failing(s)` failed requests out of 10. */
export function samples(from: number, to: number, failing: (s: number) => number = () => 0, spec: Omit<SampleSpec, 'ok' | 'failed'> = {}): Array<[number, JournalEventInput]> {
  const out: Array<[number, JournalEventInput]> = [];
  for (let s = from; s < to; s += 1) out.push(sample(s, { ...spec, ok: 10 - failing(s), failed: failing(s) }));
  return out;
}

export function snapshotAt(ms: number, consumed: Record<string, number>, burnRates: Record<string, number | null> = {}): [number, JournalEventInput] {
  return [ms, { type: 'slo_snapshot', slos: Object.entries(consumed).map(([id, c]) => ({ id, errorRatioShort: 0, burnRates, consumed: c, remaining: 1 - c, firing: { page: false, ticket: false } })) }];
}

export function phase(ms: number, name: 'baseline' | 'faults' | 'rollback' | 'recovery' | 'observe' | 'verdict', status: 'started' | 'completed' | 'failed' | 'skipped', detail?: string): [number, JournalEventInput] {
  return [ms, { type: 'phase', phase: name, status, ...(detail ? { detail } : {}) }];
}

export function inject(ms: number, faultId: string, proxy = 'orders_payments', extra: Partial<Extract<JournalEventInput, { type: 'fault_injected' }>> = {}): [number, JournalEventInput] {
  return [ms, { type: 'fault_injected', faultId, kind: 'outage', target: { proxy }, plannedOffsetMs: 0, ...extra } as JournalEventInput];
}

export function remove(ms: number, faultId: string, reason: 'scheduled' | 'rollback' | 'abort' = 'scheduled', proxy = 'orders_payments', extra: { error?: string } = {}): [number, JournalEventInput] {
  return [ms, { type: 'fault_removed', faultId, kind: 'outage', target: { proxy }, plannedOffsetMs: 0, reason, ...extra }];
}

export function alert(ms: number, status: 'firing' | 'resolved', slo: string, severity: 'page' | 'ticket', source: 'evaluator' | 'alertmanager' = 'evaluator', startsAtMs = ms): [number, JournalEventInput] {
  return [ms, { type: 'alert', status, alertname: `${slo} ${severity}`, severity, slo, startsAt: iso(startsAtMs), ...(status === 'resolved' ? { endsAt: iso(ms) } : {}), source }];
}

export function hypothesis(ms: number, when: 'before' | 'during' | 'after' | 'recovery', checks: Array<{ name: string; ok: boolean; observed: number; kind?: 'error_ratio' | 'latency' }>): [number, JournalEventInput] {
  return [ms, { type: 'hypothesis', when, ok: checks.every((c) => c.ok), checks: checks.map((c) => ({ name: c.name, kind: c.kind ?? 'error_ratio', observed: c.observed, tolerance: c.kind === 'latency' ? 'p99 <= 250 ms' : '<= 1 %', ok: c.ok })) }];
}

export function verdict(ms: number, result: 'held' | 'deviated' | 'aborted' | 'error', reasons: string[] = []): [number, JournalEventInput] {
  const exitCode = ({ held: 0, deviated: 1, aborted: 2, error: 4 } as const)[result];
  return [ms, { type: 'verdict', result, reasons, exitCode }];
}

export function finished(ms: number): [number, JournalEventInput] {
  return [ms, { type: 'run_finished', durationMs: ms }];
}

/**
 * The standard outage: 20 s of load from T0, fault payments-down from 5.2 s to 10.2 s, 4 of 10
 * requests failing in every second the fault touches, a page at 6.3 s, snapshots every second with
 * the order SLO burning 0.1 of its budget per second while the fault is in place.
 */
export function outageRun(overrides: { failing?: (s: number) => number; extra?: Array<[number, JournalEventInput]>; alerts?: boolean; document?: JsonValue; end?: number } = {}): JournalEvent[] {
  const end = overrides.end ?? 20;
  const failing = overrides.failing ?? ((s: number) => (s >= 5 && s <= 10 ? 4 : 0));
  const snapshots: Array<[number, JournalEventInput]> = [];
  let consumed = 0;
  for (let s = 1; s <= end; s += 1) {
    const ms = s * 1000 + 50;
    if (ms > 5200 && ms - 1000 < 10_200) consumed += (0.1 * (Math.min(ms, 10_200) - Math.max(ms - 1000, 5200))) / 1000;
    snapshots.push(snapshotAt(ms, { 'gateway-order-availability': Number(consumed.toFixed(6)) }, { '4s': 300, '5s': 280, '30s': 200, '2m': 100, '6m': 50 }));
  }
  return scenario([
    [0, runStarted({ ...(overrides.document ? { document: overrides.document } : {}) })],
    phase(0, 'baseline', 'started'),
    phase(5000, 'baseline', 'completed'),
    hypothesis(5010, 'before', [{ name: 'orders succeed', ok: true, observed: 0 }]),
    inject(5200, 'payments-down'),
    ...samples(0, end, failing),
    ...snapshots,
    ...(overrides.alerts === false ? [] : [alert(6300, 'firing', 'gateway-order-availability', 'page'), alert(6310, 'firing', 'gateway-order-availability', 'ticket')]),
    hypothesis(6500, 'during', [{ name: 'orders succeed', ok: false, observed: 0.4 }]),
    remove(10_200, 'payments-down'),
    ...(overrides.extra ?? []),
    verdict(end * 1000 + 500, 'deviated', ['during the faults, "orders succeed" failed']),
    finished(end * 1000 + 600),
  ]);
}
