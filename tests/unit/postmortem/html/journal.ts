import type { JournalEvent, JournalEventInput, RunStartedEvent } from '../../../../src/runner/journal/events.js';
import { JOURNAL_FORMAT_VERSION } from '../../../../src/runner/journal/events.js';

/** 2026-11-27T10:00:00.000Z: every test journal starts here, so times read as offsets. */
export const T0 = Date.UTC(2026, 10, 27, 10, 0, 0, 0);
/** Epoch seconds of T0 + ms. */
export const sec = (ms: number): number => (T0 + ms) / 1000;

export const STARTED: Omit<RunStartedEvent, 'seq' | 'time'> = {
  type: 'run_started',
  formatVersion: JOURNAL_FORMAT_VERSION,
  experiment: { file: 'experiments/payments-outage.yaml', title: 'Payments outage', document: {} },
  topology: { name: 'shop', services: [], proxies: [] },
  slos: [
    { id: 'gateway-availability', service: 'gateway', name: 'availability', objective: 99.9, period: '30d', timeScale: 720, budgeting: 'events' },
    { id: 'gateway-latency', service: 'gateway', name: 'latency', objective: 99, period: '30d', timeScale: 720, budgeting: 'events' },
  ],
  versions: { faultline: '0.1.0', node: 'v20.20.2' },
  seed: 7,
  mode: 'embedded',
  toxiproxyUrl: 'http://127.0.0.1:8474',
  runDir: 'runs/test',
  host: 'test-host',
};

/** A journal from [ms after T0, event] pairs: seq and time filled in as the writer would. */
export function journal(steps: Array<[ms: number, event: JournalEventInput]>): JournalEvent[] {
  return steps.map(([ms, event], index) => ({ seq: index + 1, time: new Date(T0 + ms).toISOString(), ...event }) as JournalEvent);
}

/** A load_sample for the second starting `s` seconds after T0. */
export function sample(s: number, counts: { sent?: number; ok: number; failed: number; p50?: number | null; p99?: number | null; missed?: number }): JournalEventInput {
  return {
    type: 'load_sample',
    second: T0 / 1000 + s,
    sent: counts.sent ?? counts.ok + counts.failed,
    ok: counts.ok,
    failed: counts.failed,
    byOutcome: { '2xx': counts.ok, '5xx': counts.failed },
    missed: counts.missed ?? 0,
    p50Ms: counts.p50 === undefined ? 10 : counts.p50,
    p90Ms: null,
    p99Ms: counts.p99 === undefined ? 40 : counts.p99,
    maxMs: null,
  };
}

/** An slo_snapshot with the given remaining budget per SLO id. */
export function snapshot(remaining: Record<string, number>): JournalEventInput {
  return {
    type: 'slo_snapshot',
    slos: Object.entries(remaining).map(([id, left]) => ({ id, errorRatioShort: 0, burnRates: {}, consumed: 1 - left, remaining: left, firing: { page: false, ticket: false } })),
  };
}
