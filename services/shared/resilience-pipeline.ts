import {
  bulkhead,
  circuitBreaker,
  handleWhen,
  handleWhenResult,
  noop,
  retry,
  SamplingBreaker,
  timeout,
  TimeoutStrategy,
  wrap,
  type CircuitBreakerPolicy,
  type IPolicy,
  type ISamplingBreakerOptions,
  type RetryPolicy as CockatielRetry,
} from 'cockatiel';
import type { CircuitBreakerPolicy as BreakerSpec, ResiliencePolicy } from '../../src/core/service-contract.js';
import { fullJitterBackoff } from './backoff.js';
import { isBulkheadRejection } from './cockatiel-errors.js';
import type { DependencyResponse } from './http-transport.js';
import type { Rng } from './random.js';

/** The cockatiel policies built from one ResiliencePolicy; rebuilt whole when the policy changes. */
export interface ResiliencePipeline {
  /** Circuit breaker → bulkhead → per-attempt timeout, around one HTTP exchange. */
  attempt: IPolicy;
  /** Present when the policy allows retries; it retries results whose `retry` flag is set. */
  retry?: CockatielRetry;
  breaker?: CircuitBreakerPolicy;
}

/** What one attempt hands the retry policy: whether to go again is decided per attempt (budget). */
export interface RetryDecision {
  retry: boolean;
}

/** cockatiel's SamplingBreaker splits its window into max(5, ⌈window/1 s⌉) buckets of a rounded width. */
function effectiveWindowMs(windowMs: number): number {
  const buckets = Math.max(5, Math.ceil(windowMs / 1000));
  return Math.round(windowMs / buckets) * buckets;
}

/**
 * Our breaker spec in cockatiel's terms. Two translations:
 * - cockatiel opens when failures > threshold × calls; the spec says "at least failureRatio", so
 *   the threshold sits a hair below the ratio (this also makes a ratio of 1 legal, which cockatiel
 *   would refuse).
 * - cockatiel has no minimum call count, only a minimum rate, checked as calls < window × rate; a
 *   rate of (minimumRequests − ½) per window makes that check "calls < minimumRequests" exactly,
 *   whatever rounding the window went through.
 */
export function samplingBreakerOptions(spec: BreakerSpec): ISamplingBreakerOptions {
  const threshold = Math.min(Math.max(spec.failureRatio - 1e-9, 1e-9), 1 - 1e-9);
  const windowMs = effectiveWindowMs(spec.windowMs);
  const minimumRps = ((Math.max(spec.minimumRequests, 1) - 0.5) * 1000) / windowMs;
  return { threshold, duration: spec.windowMs, minimumRps };
}

/** A 5xx answer is the dependency failing; a 4xx is the caller's problem and must not trip anything. */
export function isFailedResponse(value: unknown): boolean {
  return (value as DependencyResponse).statusCode >= 500;
}

export function buildPipeline(policy: ResiliencePolicy, rng: Rng): ResiliencePipeline {
  const layers: IPolicy[] = [];
  let breaker: CircuitBreakerPolicy | undefined;
  if (policy.circuitBreaker) {
    // A bulkhead rejection is our own overload, not the dependency failing: it must not open the breaker.
    const failures = handleWhen((error) => !isBulkheadRejection(error)).orWhenResult(isFailedResponse);
    breaker = circuitBreaker(failures, {
      halfOpenAfter: policy.circuitBreaker.halfOpenAfterMs,
      breaker: new SamplingBreaker(samplingBreakerOptions(policy.circuitBreaker)),
    });
    layers.push(breaker);
  }
  if (policy.bulkhead) layers.push(bulkhead(policy.bulkhead.limit, policy.bulkhead.queue));
  // Aggressive: give up at the deadline even if the exchange ignores the abort signal.
  if (policy.timeoutMs !== undefined) layers.push(timeout(policy.timeoutMs, TimeoutStrategy.Aggressive));

  const pipeline: ResiliencePipeline = { attempt: layers.length === 0 ? noop : wrap(...layers), breaker };
  if (policy.retries && policy.retries.attempts > 0) {
    pipeline.retry = retry(
      handleWhenResult((value) => (value as RetryDecision).retry),
      { maxAttempts: policy.retries.attempts, backoff: fullJitterBackoff(policy.retries, rng) },
    );
  }
  return pipeline;
}
