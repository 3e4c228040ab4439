import type { SliCounts } from './counts.js';
import { extrapolationFactor, firstAfter, firstAtOrAfter } from './series-window.js';

/**
 * A bounded history of one SLO's cumulative counts, timestamped by the caller's clock (this module
 * never reads the time). Counter resets are folded into a monotone series, so every window's
 * increase is a plain difference, as Prometheus' increase() treats a restarted target.
 *
 * Between two samples the cumulative counts are interpolated linearly (events are assumed to arrive
 * evenly between scrapes). Every window, budget and attribution is read through that single
 * piecewise-linear function, which is why attributed parts add up exactly to the whole. Outside the
 * sampled range nothing is extrapolated: a window that starts before the first sample covers only
 * the sampled part, and says so in `coveredMs`.
 */

/** One scrape, with counts made monotone across resets. */
export interface HistoryPoint {
  atMs: number;
  errors: number;
  total: number;
}

/** The SLI over one window. */
export interface WindowRatio {
  windowMs: number;
  /** Time between the first and the last scrape inside the window, in ms (less than windowMs while the history is younger). */
  coveredMs: number;
  /** Increases over the window, extrapolated as Prometheus' increase() does. */
  errors: number;
  total: number;
  /** errors / total; undefined when the window saw no traffic (never NaN). */
  ratio: number | undefined;
}

export interface HistoryOptions {
  /** How far back to keep samples (at least the longest window read, usually the period). */
  retentionMs: number;
}

export class SliHistory {
  readonly #retentionMs: number;
  readonly #points: HistoryPoint[] = [];
  #lastRaw: SliCounts | undefined;

  constructor(options: HistoryOptions) {
    if (!(options.retentionMs > 0)) throw new RangeError(`retention must be positive, not ${options.retentionMs} ms`);
    this.#retentionMs = options.retentionMs;
  }

  /**
   * Add one scrape. A sample not later than the previous one is ignored (returns false): a clock
   * that goes backwards must not corrupt the series. Counts that go down mean the service restarted
   * (its counters started again from zero): the new raw values are the increase since the restart.
   */
  record(atMs: number, counts: SliCounts): boolean {
    const last = this.#points[this.#points.length - 1];
    if (!Number.isFinite(atMs) || (last && atMs <= last.atMs)) return false;
    const raw = { errors: counts.errors, total: counts.total };
    const previous = this.#lastRaw;
    let point: HistoryPoint;
    if (!last || !previous) {
      point = { atMs, errors: raw.errors, total: raw.total };
    } else {
      const reset = raw.total < previous.total || raw.errors < previous.errors;
      const added = reset ? raw : { errors: raw.errors - previous.errors, total: raw.total - previous.total };
      point = { atMs, errors: last.errors + added.errors, total: last.total + added.total };
    }
    this.#lastRaw = raw;
    this.#points.push(point);
    this.#trim(atMs);
    return true;
  }

  /** The kept samples, oldest first. */
  points(): readonly HistoryPoint[] {
    return this.#points;
  }

  /** Interpolated cumulative counts at a time, clamped to the sampled range. */
  countsAt(atMs: number): SliCounts {
    const points = this.#points;
    const first = points[0];
    const last = points[points.length - 1];
    if (!first || !last) return { errors: 0, total: 0 };
    if (atMs <= first.atMs) return { errors: first.errors, total: first.total };
    if (atMs >= last.atMs) return { errors: last.errors, total: last.total };
    // The last point at or before atMs, and the one after it (both exist: first < atMs < last).
    const after = firstAfter(points, atMs);
    const a = points[after - 1] as HistoryPoint;
    const b = points[after] as HistoryPoint;
    const share = (atMs - a.atMs) / (b.atMs - a.atMs);
    return { errors: a.errors + (b.errors - a.errors) * share, total: a.total + (b.total - a.total) * share };
  }

  /** Increase of the counts between two times (clamped to the sampled range). */
  increase(fromMs: number, toMs: number): SliCounts {
    const from = this.countsAt(fromMs);
    const to = this.countsAt(toMs);
    return { errors: to.errors - from.errors, total: to.total - from.total };
  }

  /**
   * The SLI over [now − window, now] exactly as Prometheus' rate() reads it (promql/functions.go
   * extrapolatedRate, 2.x): the increase between the first and the last scrape inside the window,
   * extrapolated towards the window's edges — all the way when the gap is under 1.1 average scrape
   * intervals, else by half an interval. Errors and total come from the same scrapes, so the
   * extrapolation cancels in the ratio, and the ratio is the one the recording rules give (the
   * harness's integration test holds them to 0.1 percentage points). Budgets over sub-intervals
   * (attribution) use the interpolated increase() instead, so that their parts add up.
   */
  errorRatioOver(windowMs: number, nowMs: number): WindowRatio {
    const fromMs = nowMs - windowMs;
    const { first, last, count } = this.#inside(fromMs, nowMs);
    if (!first || !last || count < 2) return { windowMs, coveredMs: 0, errors: 0, total: 0, ratio: undefined };
    // No zero clamp (unlike a single counter's rate()): these are the SLI's summed, reset-folded counts.
    const scale = extrapolationFactor(first.atMs, last.atMs, count, fromMs, nowMs);
    const errors = last.errors - first.errors;
    const total = last.total - first.total;
    return { windowMs, coveredMs: last.atMs - first.atMs, errors: errors * scale, total: total * scale, ratio: total > 0 ? errors / total : undefined };
  }

  /** errorRatioOver(windowMs, nowMs).coveredMs alone: the time between the first and the last scrape inside the window. O(log n). */
  coveredMs(windowMs: number, nowMs: number): number {
    const { first, last, count } = this.#inside(nowMs - windowMs, nowMs);
    return first && last && count >= 2 ? last.atMs - first.atMs : 0;
  }

  /** The first and last points inside [fromMs, toMs] and how many there are, by binary search: O(log n). */
  #inside(fromMs: number, toMs: number): { first: HistoryPoint | undefined; last: HistoryPoint | undefined; count: number } {
    const points = this.#points;
    const from = firstAtOrAfter(points, fromMs);
    const to = firstAfter(points, toMs);
    return to > from ? { first: points[from], last: points[to - 1], count: to - from } : { first: undefined, last: undefined, count: 0 };
  }

  /** Drop samples older than the retention, keeping one at or before its start so a full-length window still has its left edge. */
  #trim(nowMs: number): void {
    const horizon = nowMs - this.#retentionMs;
    let drop = 0;
    while (drop + 1 < this.#points.length && (this.#points[drop + 1] as HistoryPoint).atMs <= horizon) drop += 1;
    if (drop > 0) this.#points.splice(0, drop);
  }
}
