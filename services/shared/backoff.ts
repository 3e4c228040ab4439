import type { IBackoff, IBackoffFactory, IRetryBackoffContext } from 'cockatiel';
import type { RetryPolicy } from '../../src/core/service-contract.js';
import type { Rng } from './random.js';

/**
 * Exponential backoff with full jitter: before retry n (1-based) sleep a uniform draw from
 * [0, min(maxBackoffMs, backoffMs × 2^(n-1))). Full jitter spreads the retries of many clients
 * that failed together, which "equal" or no jitter do not (AWS Architecture Blog, "Exponential
 * Backoff and Jitter", 2015). cockatiel ships a full-jitter generator, but it calls Math.random();
 * this one draws from the service's seeded Rng so a run replays.
 */
export function fullJitterDelayMs(retry: RetryPolicy, retryNumber: number, rng: Rng): number {
  const ceiling = Math.min(retry.maxBackoffMs, retry.backoffMs * 2 ** (retryNumber - 1));
  return rng.next() * ceiling;
}

type Context = IRetryBackoffContext<unknown>;

/** The same schedule as a cockatiel backoff factory (cockatiel passes the retry number as `attempt`). */
export function fullJitterBackoff(retry: RetryPolicy, rng: Rng): IBackoffFactory<Context> {
  const step = (retryNumber: number): IBackoff<Context> => ({
    duration: fullJitterDelayMs(retry, retryNumber, rng),
    next: (context) => step(context.attempt),
  });
  return { next: (context) => step(context.attempt) };
}
