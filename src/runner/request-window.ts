import type { RequestResult } from '../load/generator.js';
import type { Experiment } from './experiment/model.js';

/**
 * The requests the load generator sent, kept for the longest window any check or abort condition
 * reads, so the runner can ask "error ratio of orders over the last 10 s" or "p99 of browsing".
 * Failures count as the availability SLOs count them (5xx, timeouts, transport errors); a 4xx is the
 * client's mistake and a request cancelled by the runner's own stop is neither good nor bad. Pure:
 * results and times in, numbers out.
 */

const FAILED = new Set(['5xx', 'timeout', 'error']);
const COUNTED = new Set(['2xx', '3xx', '4xx', '5xx', 'timeout', 'error']);

export interface WindowStats {
  /** Requests with an outcome that counts (not cancelled, not missed). */
  total: number;
  failed: number;
  /** failed / total; undefined without requests (never NaN). */
  ratio: number | undefined;
  /** Starts the generator could not make in the window. */
  missed: number;
}

/** The least history kept, whatever the conditions read (the CLI's progress line reads the last 5 s). */
const MIN_HISTORY_MS = 60_000;

/**
 * How long a run keeps its requests: the longest window of a condition that reads them, that is the
 * error-ratio and latency checks and the error-ratio abort conditions. Burn-rate and budget
 * conditions read the SLO evaluator (a burn-rate check's window is the SLO's nominal one, e.g. 5m),
 * and probes read nothing kept, so they do not count.
 */
export function requestHistoryMs(experiment: Pick<Experiment, 'steadyState' | 'abort'>): number {
  const checks = experiment.steadyState.checks.flatMap(({ condition }) => (condition.kind === 'errorRatio' || condition.kind === 'latency' ? [condition.windowMs] : []));
  const aborts = experiment.abort.flatMap((condition) => (condition.kind === 'errorRatio' ? [condition.windowMs] : []));
  return Math.max(MIN_HISTORY_MS, ...checks, ...aborts);
}

export class RequestWindow {
  readonly #results: RequestResult[] = [];
  #head = 0;

  constructor(private readonly retentionMs: number) {}

  add(result: RequestResult): void {
    this.#results.push(result);
  }

  /** Error ratio of the requests of `kinds` (all when empty) intended in (now − window, now]. */
  errorRatio(kinds: readonly string[], windowMs: number, nowMs: number): WindowStats {
    let total = 0;
    let failed = 0;
    let missed = 0;
    for (const result of this.#inWindow(kinds, windowMs, nowMs)) {
      if (result.outcome === 'missed') missed += 1;
      else if (COUNTED.has(result.outcome)) {
        total += 1;
        if (FAILED.has(result.outcome)) failed += 1;
      }
    }
    return { total, failed, ratio: total > 0 ? failed / total : undefined, missed };
  }

  /**
   * The percentile (0–100, nearest rank) of the answered requests' latency, from their intended
   * start. A request that timed out never answered: it counts as slower than any answer, as a user
   * waiting for it would count it. Undefined without requests.
   */
  latencyPercentile(percentile: number, kinds: readonly string[], windowMs: number, nowMs: number): number | undefined {
    const latencies: number[] = [];
    let unanswered = 0;
    for (const result of this.#inWindow(kinds, windowMs, nowMs)) {
      if (result.latencyMs !== undefined) latencies.push(result.latencyMs);
      else if (result.outcome === 'timeout') unanswered += 1;
    }
    const count = latencies.length + unanswered;
    if (count === 0) return undefined;
    const rank = Math.max(1, Math.ceil((percentile / 100) * count));
    if (rank > latencies.length) return Number.POSITIVE_INFINITY;
    latencies.sort((a, b) => a - b);
    return latencies[rank - 1];
  }

  *#inWindow(kinds: readonly string[], windowMs: number, nowMs: number): Generator<RequestResult> {
    this.#trim(nowMs);
    const from = nowMs - windowMs;
    const wanted = kinds.length === 0 ? undefined : new Set(kinds);
    for (let i = this.#head; i < this.#results.length; i += 1) {
      const result = this.#results[i] as RequestResult;
      if (result.atEpochMs <= from || result.atEpochMs > nowMs) continue;
      if (wanted && !wanted.has(result.kind)) continue;
      yield result;
    }
  }

  #trim(nowMs: number): void {
    const horizon = nowMs - this.retentionMs;
    while (this.#head < this.#results.length && (this.#results[this.#head] as RequestResult).atEpochMs <= horizon) this.#head += 1;
    if (this.#head > 4096 && this.#head * 2 > this.#results.length) {
      this.#results.splice(0, this.#head);
      this.#head = 0;
    }
  }
}
