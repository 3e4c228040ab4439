import { CircuitState, SamplingBreaker } from 'cockatiel';
import { describe, expect, it } from 'vitest';
import { samplingBreakerOptions } from '../../services/shared/resilience-pipeline.js';

/** How many failures in a row a fresh breaker takes before it says "open". */
function failuresToOpen(breaker: SamplingBreaker, limit = 1000): number {
  for (let i = 1; i <= limit; i++) if (breaker.failure(CircuitState.Closed)) return i;
  return Infinity;
}

describe('our breaker spec in cockatiel terms', () => {
  it.each([
    { minimumRequests: 1, windowMs: 10_000 },
    { minimumRequests: 5, windowMs: 10_000 },
    { minimumRequests: 20, windowMs: 1_234 },
    { minimumRequests: 7, windowMs: 100 },
    { minimumRequests: 3, windowMs: 60_000 },
  ])('opens on exactly the $minimumRequests-th failure of a $windowMs ms window', ({ minimumRequests, windowMs }) => {
    const breaker = new SamplingBreaker(samplingBreakerOptions({ failureRatio: 0.5, minimumRequests, windowMs, halfOpenAfterMs: 1000 }));
    expect(failuresToOpen(breaker)).toBe(minimumRequests);
  });

  it('opens when "at least" the failure ratio failed, not only above it', () => {
    const breaker = new SamplingBreaker(samplingBreakerOptions({ failureRatio: 0.5, minimumRequests: 4, windowMs: 10_000, halfOpenAfterMs: 1000 }));
    breaker.success(CircuitState.Closed);
    breaker.success(CircuitState.Closed);
    expect(breaker.failure(CircuitState.Closed)).toBe(false);
    expect(breaker.failure(CircuitState.Closed)).toBe(true);
  });

  it('accepts a failure ratio of 1 (open only when every call failed)', () => {
    const breaker = new SamplingBreaker(samplingBreakerOptions({ failureRatio: 1, minimumRequests: 2, windowMs: 10_000, halfOpenAfterMs: 1000 }));
    breaker.success(CircuitState.Closed);
    expect(breaker.failure(CircuitState.Closed)).toBe(false);
    expect(breaker.failure(CircuitState.Closed)).toBe(false);
    const allFailing = new SamplingBreaker(samplingBreakerOptions({ failureRatio: 1, minimumRequests: 2, windowMs: 10_000, halfOpenAfterMs: 1000 }));
    expect(failuresToOpen(allFailing)).toBe(2);
  });
});
