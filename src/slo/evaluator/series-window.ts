/**
 * Per-series counter histories and PromQL's rate() over them, so the evaluator's alert windows are
 * the same function of the same data as the recording rules' `sum(rate(x[W])) / sum(rate(y[W]))`:
 * each series is extrapolated on its own, as Prometheus does (promql/functions.go extrapolatedRate,
 * 2.x), and the extrapolations do not cancel when one series starts at zero inside the window and
 * another does not. Pure: samples and times in, numbers out.
 */

interface Sample {
  atMs: number;
  value: number;
}

export class SeriesHistory {
  readonly #series = new Map<string, Sample[]>();
  readonly #retentionMs: number;

  constructor(retentionMs: number) {
    this.#retentionMs = retentionMs;
  }

  /** One scrape's values of every series of this term, by series key. A series absent from a scrape gets no sample. */
  record(atMs: number, values: ReadonlyMap<string, number>): void {
    for (const [key, value] of values) {
      let samples = this.#series.get(key);
      if (!samples) this.#series.set(key, (samples = []));
      const last = samples[samples.length - 1];
      if (last && atMs <= last.atMs) continue;
      samples.push({ atMs, value });
    }
    const horizon = atMs - this.#retentionMs;
    for (const [key, samples] of this.#series) {
      let drop = 0;
      while (drop < samples.length && (samples[drop] as Sample).atMs < horizon) drop += 1;
      if (drop === samples.length) this.#series.delete(key);
      else if (drop > 0) samples.splice(0, drop);
    }
  }

  /** Σ over the series of increase(series[window]) at `nowMs`, extrapolated per series as rate() does. */
  increase(windowMs: number, nowMs: number): number {
    let sum = 0;
    for (const samples of this.#series.values()) sum += extrapolatedIncrease(samples, nowMs - windowMs, nowMs);
    return sum;
  }
}

/** Index of the first sample at or after `atMs` in time-sorted samples (their length when there is none). O(log n). */
export function firstAtOrAfter(samples: ReadonlyArray<{ atMs: number }>, atMs: number): number {
  let lo = 0;
  let hi = samples.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((samples[mid] as { atMs: number }).atMs < atMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first sample after `atMs` in time-sorted samples (their length when there is none). O(log n). */
export function firstAfter(samples: ReadonlyArray<{ atMs: number }>, atMs: number): number {
  let lo = 0;
  let hi = samples.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((samples[mid] as { atMs: number }).atMs <= atMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The factor extrapolatedRate stretches an increase by: the `count` samples from `firstMs` to `lastMs`
 * inside [start, end] are extrapolated to each edge when the gap is under 1.1 average intervals, else
 * by half an interval, and never further back than `toZeroMs` before the first sample (a counter's
 * zero point; unlimited by default). Needs count ≥ 2 and lastMs > firstMs.
 */
export function extrapolationFactor(firstMs: number, lastMs: number, count: number, startMs: number, endMs: number, toZeroMs = Number.POSITIVE_INFINITY): number {
  const sampledMs = lastMs - firstMs;
  const averageMs = sampledMs / (count - 1);
  const toStartMs = Math.min(firstMs - startMs, toZeroMs);
  const toEndMs = endMs - lastMs;
  const threshold = averageMs * 1.1;
  const extrapolatedMs = sampledMs + (toStartMs < threshold ? toStartMs : averageMs / 2) + (toEndMs < threshold ? toEndMs : averageMs / 2);
  return extrapolatedMs / sampledMs;
}

/**
 * Prometheus' extrapolatedRate for a counter, times the range: the increase between the first and
 * last sample in [start, end] (counter resets added back), extrapolated to the range's edges when
 * the gap is under 1.1 average intervals (else by half an interval), and never back past the point
 * where the counter would have been zero. A series with fewer than two samples in range adds nothing.
 * `samples` are sorted by time: O(log n + samples in range).
 */
export function extrapolatedIncrease(samples: readonly Sample[], startMs: number, endMs: number): number {
  const from = firstAtOrAfter(samples, startMs);
  const to = firstAfter(samples, endMs);
  const count = to - from;
  if (count < 2) return 0;
  const first = samples[from] as Sample;
  const last = samples[to - 1] as Sample;
  let increase = 0;
  let previous = first.value;
  for (let i = from + 1; i < to; i += 1) {
    const value = (samples[i] as Sample).value;
    increase += value >= previous ? value - previous : value;
    previous = value;
  }
  // Never extrapolate back past the point where the counter would have been zero.
  const toZeroMs = increase > 0 && first.value >= 0 ? (last.atMs - first.atMs) * (first.value / increase) : Number.POSITIVE_INFINITY;
  return increase * extrapolationFactor(first.atMs, last.atMs, count, startMs, endMs, toZeroMs);
}
