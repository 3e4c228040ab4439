import { describe, expect, it } from 'vitest';
import { fullJitterBackoff, fullJitterDelayMs } from '../../services/shared/backoff.js';
import type { Rng } from '../../services/shared/random.js';

const policy = { attempts: 6, backoffMs: 10, maxBackoffMs: 50, budget: 1 };

/** An Rng that returns the given draws in turn. */
function draws(...values: number[]): Rng {
  let i = 0;
  return { next: () => values[i++ % values.length] as number };
}

describe('full-jitter backoff', () => {
  it.each([
    { retry: 1, ceiling: 10 },
    { retry: 2, ceiling: 20 },
    { retry: 3, ceiling: 40 },
    { retry: 4, ceiling: 50 },
    { retry: 30, ceiling: 50 },
  ])('sleeps within [0, $ceiling) before retry $retry', ({ retry, ceiling }) => {
    expect(fullJitterDelayMs(policy, retry, draws(0))).toBe(0);
    const highest = fullJitterDelayMs(policy, retry, draws(0.999999));
    expect(highest).toBeLessThan(ceiling);
    expect(highest).toBeGreaterThan(ceiling * 0.9999);
    expect(fullJitterDelayMs(policy, retry, draws(0.5))).toBe(ceiling / 2);
  });

  it('draws every delay from the injected Rng, as cockatiel walks the schedule', () => {
    const factory = fullJitterBackoff(policy, draws(0.5, 0.25, 1 - 2 ** -53));
    const context = (attempt: number) => ({ attempt, signal: new AbortController().signal, result: { error: new Error('x') } });
    const first = factory.next(context(1));
    const second = first.next(context(2));
    const third = second.next(context(3));
    expect([first.duration, second.duration]).toEqual([5, 5]);
    expect(third.duration).toBeLessThan(40);
    expect(third.duration).toBeGreaterThan(39.99);
  });

  it('never sleeps when the base backoff is zero', () => {
    expect(fullJitterDelayMs({ ...policy, backoffMs: 0 }, 5, draws(0.9))).toBe(0);
  });
});
