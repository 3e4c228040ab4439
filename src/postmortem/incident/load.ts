import type { LoadSampleEvent } from '../../runner/journal/events.js';
import { formatPercent } from '../../runner/journal/format.js';
import type { LoadCounts } from './model.js';

/**
 * The load generator's per-second samples, placed on the clock and judged.
 *
 * Where a sample sits. A sample is the fate of the requests *scheduled* in one second of the load
 * (src/load/recorder.ts), and its `second` is that second's start rounded down to a whole epoch
 * second. The load starts when the baseline phase does, so every bucket starts at the same fraction
 * of a second as the baseline: bucket start = `second` + (baseline start mod 1 s), unless the load's
 * first bucket already fell into the next whole second (then + 0). Without a baseline phase the
 * contract's reading (`second` is the start) is kept.
 *
 * When a sample's requests were in flight: from its start until every one of them had an answer,
 * i.e. one second of starts plus the slowest answer (`maxMs`), or plus the request timeout when
 * some timed out. A fault "touches" a sample when that span overlaps the fault: a request scheduled
 * just before an injection can meet the fault mid-flight, and its failure belongs to the fault.
 */
export interface LoadSecond {
  sample: LoadSampleEvent;
  startMs: number;
  endMs: number;
  /** The last moment one of its requests could still have been in flight. */
  settledByMs: number;
  /** Requests that got an answer (any status): the population of the latency percentiles. */
  answered: number;
  completed: number;
  errorRatio: number | null;
}

export function placeSamples(samples: readonly LoadSampleEvent[], loadStartMs: number | undefined, requestTimeoutMs: number): LoadSecond[] {
  const first = samples[0];
  let offsetMs = 0;
  if (first && loadStartMs !== undefined && first.second === Math.floor(loadStartMs / 1000)) offsetMs = loadStartMs % 1000;
  return samples.map((sample) => {
    const startMs = sample.second * 1000 + offsetMs;
    const tail = (sample.byOutcome.timeout ?? 0) > 0 ? requestTimeoutMs : (sample.maxMs ?? 0);
    const completed = sample.ok + sample.failed;
    return { sample, startMs, endMs: startMs + 1000, settledByMs: startMs + 1000 + tail, answered: answeredCount(sample.byOutcome), completed, errorRatio: completed > 0 ? sample.failed / completed : null };
  });
}

/** Status classes ("2xx") and status codes ("503") are answers; timeouts, transport errors and cancellations are not. */
function answeredCount(byOutcome: Record<string, number>): number {
  let answered = 0;
  for (const [outcome, count] of Object.entries(byOutcome)) if (/^[1-5](xx|\d\d)$/.test(outcome)) answered += count;
  return answered;
}

/** The load is "nominal" — back to steady — when neither its error ratio nor its p99 is above these. */
export interface Nominal {
  errorRatio: number;
  p99Ms: number | null;
  baselineSeconds: number;
  description: string;
}

/**
 * Steady state as the baseline showed it. Baseline seconds are those whose every request had its
 * answer before the first fault; their pooled error ratio is the level the load must come back to
 * (0 when the baseline had no failure), and their worst p99 — raised to the slow threshold when one
 * is known — the latency it must come back under. Without a clean baseline second, nominal means no
 * failure at all.
 */
export function nominalLevel(seconds: readonly LoadSecond[], firstFaultMs: number | undefined, slowMs: number | undefined): Nominal {
  const baseline = firstFaultMs === undefined ? [...seconds] : seconds.filter((s) => s.settledByMs <= firstFaultMs);
  const ok = baseline.reduce((n, s) => n + s.sample.ok, 0);
  const failed = baseline.reduce((n, s) => n + s.sample.failed, 0);
  const errorRatio = ok + failed > 0 ? failed / (ok + failed) : 0;
  const p99s = baseline.map((s) => s.sample.p99Ms).filter((p): p is number => p !== null);
  const worst = p99s.length > 0 ? Math.max(...p99s) : null;
  const p99Ms = slowMs !== undefined ? Math.max(slowMs, worst ?? 0) : worst;
  const ratioText = errorRatio === 0 ? 'no failed request' : `an error ratio of at most ${formatPercent(errorRatio)} (the baseline's)`;
  const latencyText = p99Ms === null ? '' : ` and a p99 of at most ${trim(p99Ms)} ms${slowMs !== undefined && p99Ms === slowMs ? ' (the slow threshold)' : " (the baseline's worst second)"}`;
  const source = baseline.length === 0 ? 'no baseline second finished before the first fault, so' : `from ${baseline.length} baseline second${baseline.length === 1 ? '' : 's'},`;
  return { errorRatio, p99Ms, baselineSeconds: baseline.length, description: `${source} a second is nominal with ${ratioText}${latencyText}` };
}

export function isImpaired(second: LoadSecond, nominal: Nominal): boolean {
  if (second.errorRatio !== null && second.errorRatio > nominal.errorRatio + 1e-12) return true;
  return nominal.p99Ms !== null && second.sample.p99Ms !== null && second.sample.p99Ms > nominal.p99Ms;
}

/** Does a fault active over [fromMs, toMs] touch this second's requests? */
export function touches(second: LoadSecond, fromMs: number, toMs: number): boolean {
  return second.startMs <= toMs && second.settledByMs > fromMs;
}

/**
 * Counts over some seconds. Slow requests cannot be counted exactly: the journal keeps each
 * second's p50, p90, p99 and maximum, not each request's latency. What the percentiles prove is a
 * range: with n answers, pX above the threshold means fewer than round(X % × n) answers were at or
 * under it (HdrHistogram's rank, as hdr-histogram-js computes it), and pX at or under it means at
 * least that many were; the maximum decides between "none" and "at least one".
 */
export function countLoad(seconds: readonly LoadSecond[], slowMs: number | undefined): LoadCounts {
  const counts: LoadCounts = { seconds: seconds.length, attempted: 0, notSent: 0, ok: 0, failed: 0, errorRatio: null, slow: slowMs === undefined ? null : { min: 0, max: 0 }, worstP99Ms: null, byOutcome: {}, lines: [] };
  for (const second of seconds) {
    const s = second.sample;
    counts.attempted += s.sent;
    counts.notSent += s.missed;
    counts.ok += s.ok;
    counts.failed += s.failed;
    for (const [outcome, n] of Object.entries(s.byOutcome)) counts.byOutcome[outcome] = (counts.byOutcome[outcome] ?? 0) + n;
    if (s.p99Ms !== null && (counts.worstP99Ms === null || s.p99Ms > counts.worstP99Ms)) counts.worstP99Ms = s.p99Ms;
    if (counts.slow && slowMs !== undefined) {
      const bounds = slowBounds(second, slowMs);
      counts.slow.min += bounds.min;
      counts.slow.max += bounds.max;
    }
  }
  const completed = counts.ok + counts.failed;
  counts.errorRatio = completed > 0 ? counts.failed / completed : null;
  const first = seconds[0];
  const last = seconds[seconds.length - 1];
  if (first && last) counts.lines = first === last ? [first.sample.seq] : [first.sample.seq, last.sample.seq];
  return counts;
}

export function slowBounds(second: LoadSecond, slowMs: number): { min: number; max: number } {
  const n = second.answered;
  const s = second.sample;
  if (n === 0 || s.maxMs === null) return { min: 0, max: 0 };
  if (s.maxMs <= slowMs) return { min: 0, max: 0 };
  let min = 1;
  let max = n;
  for (const [p, value] of [[50, s.p50Ms], [90, s.p90Ms], [99, s.p99Ms]] as const) {
    if (value === null) continue;
    const rank = Math.max(1, Math.floor((p / 100) * n + 0.5));
    if (value > slowMs) min = Math.max(min, n - rank + 1);
    else max = Math.min(max, n - rank);
  }
  return { min, max: Math.max(min, max) };
}

function trim(value: number): string {
  return String(Number(value.toFixed(1)));
}
