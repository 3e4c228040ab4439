import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { RetryBudget } from '../../services/shared/retry-budget.js';

function budgetWith(ratio: number) {
  const clock = new ManualClock();
  return { clock, budget: new RetryBudget(ratio, clock, 10_000, 10) };
}

describe('RetryBudget', () => {
  it.each([
    { ratio: 0.2, requests: 10, allowed: 2 },
    { ratio: 0.5, requests: 4, allowed: 2 },
    { ratio: 0.57, requests: 100, allowed: 57 },
    { ratio: 1, requests: 3, allowed: 3 },
    { ratio: 0, requests: 50, allowed: 0 },
    { ratio: 0.2, requests: 4, allowed: 0 },
  ])('allows $allowed retries for $requests calls at ratio $ratio', ({ ratio, requests, allowed }) => {
    const { budget } = budgetWith(ratio);
    for (let i = 0; i < requests; i++) budget.recordRequest();
    let granted = 0;
    // Bounded, so a budget that never says no fails the test instead of hanging it.
    while (granted <= requests && budget.tryRetry()) granted++;
    expect(granted).toBe(allowed);
    expect(budget.totals()).toEqual({ requests, retries: allowed });
  });

  it('forgets calls and retries once they slide out of the window', () => {
    const { clock, budget } = budgetWith(0.5);
    budget.recordRequest();
    budget.recordRequest();
    expect(budget.tryRetry()).toBe(true);
    expect(budget.tryRetry()).toBe(false);

    clock.advance(5_000);
    budget.recordRequest();
    budget.recordRequest();
    // 4 calls and 1 retry in the window: one more fits.
    expect(budget.tryRetry()).toBe(true);
    expect(budget.tryRetry()).toBe(false);

    clock.advance(5_000);
    // The first two calls and their retry are out; the last two calls and one retry remain.
    expect(budget.totals()).toEqual({ requests: 2, retries: 1 });
    expect(budget.tryRetry()).toBe(false);

    clock.advance(10_000);
    expect(budget.totals()).toEqual({ requests: 0, retries: 0 });
  });

  it('applies a new ratio to the calls already counted', () => {
    const { budget } = budgetWith(0);
    for (let i = 0; i < 10; i++) budget.recordRequest();
    expect(budget.tryRetry()).toBe(false);
    budget.setRatio(0.3);
    expect([budget.tryRetry(), budget.tryRetry(), budget.tryRetry(), budget.tryRetry()]).toEqual([true, true, true, false]);
  });
});
