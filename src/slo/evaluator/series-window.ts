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

/**
 * Prometheus' extrapolatedRate for a counter, times the range: the increase between the first and
 * last sample in [start, end] (counter resets added back), extrapolated to the range's edges when
 * the gap is under 1.1 average intervals (else by half an interval), and never back past the point
 * where the counter would have been zero. A series with fewer than two samples in range adds nothing.
 */
export function extrapolatedIncrease(samples: readonly Sample[], startMs: number, endMs: number): number {
  let first: Sample | undefined;
  let previous: Sample | undefined;
  let count = 0;
  let increase = 0;
  for (const sample of samples) {
    if (sample.atMs < startMs) continue;
    if (sample.atMs > endMs) break;
    if (!first) first = sample;
    else if (previous) increase += sample.value >= previous.value ? sample.value - previous.value : sample.value;
    previous = sample;
    count += 1;
  }
  if (!first || !previous || count < 2) return 0;
  const sampledMs = previous.atMs - first.atMs;
  const averageMs = sampledMs / (count - 1);
  let toStartMs = first.atMs - startMs;
  const toEndMs = endMs - previous.atMs;
  if (increase > 0 && first.value >= 0) {
    const toZeroMs = sampledMs * (first.value / increase);
    if (toZeroMs < toStartMs) toStartMs = toZeroMs;
  }
  const threshold = averageMs * 1.1;
  const extrapolatedMs = sampledMs + (toStartMs < threshold ? toStartMs : averageMs / 2) + (toEndMs < threshold ? toEndMs : averageMs / 2);
  return increase * (extrapolatedMs / sampledMs);
}
