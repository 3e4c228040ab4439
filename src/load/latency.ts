import { build, type Histogram } from 'hdr-histogram-js';

/**
 * Latency histograms (HdrHistogram, pure-JS build: no WebAssembly to load). Values are recorded in
 * whole microseconds from 0 to 1 h with 3 significant digits, so every percentile is within
 * 0.1 % of the true value; the exact maximum and mean are kept beside it, since HdrHistogram only
 * knows the maximum to its bucket's resolution.
 */
const HIGHEST_US = 3_600_000_000;

export class LatencyHistogram {
  private readonly histogram: Histogram = build({ lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_US, numberOfSignificantValueDigits: 3, bitBucketSize: 32, autoResize: false, useWebAssembly: false });
  private count = 0;
  private sumMs = 0;
  private maxMs = 0;

  record(latencyMs: number): void {
    const us = Math.min(HIGHEST_US, Math.max(0, Math.round(latencyMs * 1000)));
    this.histogram.recordValue(us);
    this.count++;
    this.sumMs += latencyMs;
    if (latencyMs > this.maxMs) this.maxMs = latencyMs;
  }

  get size(): number {
    return this.count;
  }

  /** The value at percentile `p` (0–100) in ms; NaN when empty. */
  percentile(p: number): number {
    // A bucket's highest equivalent value can lie above the largest value actually recorded.
    return this.count === 0 ? Number.NaN : Math.min(this.maxMs, this.histogram.getValueAtPercentile(p) / 1000);
  }

  get max(): number {
    return this.count === 0 ? Number.NaN : this.maxMs;
  }

  get mean(): number {
    return this.count === 0 ? Number.NaN : this.sumMs / this.count;
  }

  reset(): void {
    this.histogram.reset();
    this.count = 0;
    this.sumMs = 0;
    this.maxMs = 0;
  }
}

/** Per-second latency of the answered requests, in ms. */
export interface SecondLatency {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Whole-run latency of the answered requests, in ms. */
export interface RunLatency extends SecondLatency {
  p999: number;
  mean: number;
}

/** Rounded to the microsecond: the histogram's own resolution, and short in a journal line. */
const ms = (value: number) => Math.round(value * 1000) / 1000;

export function secondLatency(histogram: LatencyHistogram): SecondLatency | null {
  if (histogram.size === 0) return null;
  return { count: histogram.size, p50: ms(histogram.percentile(50)), p90: ms(histogram.percentile(90)), p99: ms(histogram.percentile(99)), max: ms(histogram.max) };
}

export function runLatency(histogram: LatencyHistogram): RunLatency | null {
  const base = secondLatency(histogram);
  return base && { ...base, p999: ms(histogram.percentile(99.9)), mean: ms(histogram.mean) };
}
