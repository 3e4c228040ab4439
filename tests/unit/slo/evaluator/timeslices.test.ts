import { describe, expect, it } from 'vitest';
import { evaluateBudget } from '../../../../src/slo/evaluator/budget.js';
import { SliHistory } from '../../../../src/slo/evaluator/history.js';
import { sliceBudgetConsumed, summariseSlices } from '../../../../src/slo/evaluator/timeslices.js';
import { planWindows } from '../../../../src/slo/windows.js';
import { D, H, M, steadyTraffic } from './scenarios.js';

const slicing = { sliceMs: M, sliceObjective: 95, periodMs: H, nowMs: H };

describe('a timeslice budget', () => {
  it('counts the bad minutes of an hour with a two-minute 50 % failure', () => {
    // 10 req/s; from 10:00 to 12:00 half of them fail: slices ending 11:00 and 12:00 are bad.
    const history = steadyTraffic(3600, 10, (s) => (s >= 600 && s < 720 ? 5 : 0));
    const slices = summariseSlices(history, slicing);
    expect(slices).toMatchObject({ slices: 60, badSlices: 2, badSliceEnds: [11 * M, 12 * M] });
    // Objective 99 % of good slices: 2 bad of 60 spend 2 / (60 × 0.01) = 3.33 budgets.
    expect(sliceBudgetConsumed(slices, 99, H)).toBeCloseTo(2 / 0.6, 10);
  });

  it.each([
    { failing: 1, bad: false, why: 'a slice at 10 % errors with a 90 % slice objective is just good enough' },
    { failing: 2, bad: true, why: 'a slice at 20 % errors is bad' },
  ])('$why', ({ failing, bad }) => {
    const history = steadyTraffic(120, 10, (s) => (s < 60 ? failing : 0));
    expect(summariseSlices(history, { ...slicing, sliceObjective: 90, nowMs: 120_000 }).badSlices).toBe(bad ? 1 : 0);
  });

  it('treats a slice without traffic as good, and a history without data as no slice at all', () => {
    expect(summariseSlices(steadyTraffic(600, 0), { ...slicing, nowMs: 600_000 })).toMatchObject({ slices: 10, badSlices: 0 });
    expect(summariseSlices(new SliHistory({ retentionMs: H }), slicing)).toMatchObject({ slices: 0, badSlices: 0 });
    expect(sliceBudgetConsumed(summariseSlices(new SliHistory({ retentionMs: H }), slicing), 99, H)).toBe(0);
  });

  it('counts only whole slices on the epoch-aligned grid that the history covers', () => {
    // Samples from 0:30 to 5:30: slices ending 2:00, 3:00, 4:00 and 5:00 are whole.
    const history = new SliHistory({ retentionMs: H });
    for (let t = 30_000; t <= 330_000; t += 1000) history.record(t, { errors: 0, total: t / 100 });
    expect(summariseSlices(history, { ...slicing, nowMs: 330_000 }).slices).toBe(4);
  });

  it('is how evaluateBudget counts the budget when timeslices are asked for, while the alerts still read events', () => {
    const history = steadyTraffic(3600, 10, (s) => (s >= 600 && s < 720 ? 5 : 0));
    const plan = planWindows(30 * D, { timeScale: 720 });
    const events = evaluateBudget(history, 99, plan, H);
    const slices = evaluateBudget(history, 99, plan, H, { sliceMs: M, sliceObjective: 95 });
    expect(events.method).toBe('events');
    expect(slices.method).toBe('timeslices');
    // Events: 600 errors of 36 000 requests = 1.67 % → 1.67 budgets; slices: 3.33 budgets.
    expect(events.consumed).toBeCloseTo(600 / 36_000 / 0.01, 10);
    expect(slices.consumed).toBeCloseTo(2 / 0.6, 10);
    expect(slices.remaining).toBeCloseTo(1 - 2 / 0.6, 10);
    expect(slices.alerts).toEqual(events.alerts);
  });
});
