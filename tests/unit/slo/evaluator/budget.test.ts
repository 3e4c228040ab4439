import { describe, expect, it } from 'vitest';
import { burnRate, evaluateBudget } from '../../../../src/slo/evaluator/budget.js';
import { SliHistory } from '../../../../src/slo/evaluator/history.js';
import { errorBudgetRatio } from '../../../../src/slo/rules.js';
import { planWindows } from '../../../../src/slo/windows.js';
import { D, H, S, oneMinuteOutage, steadyTraffic } from './scenarios.js';

// A 30-day SLO compressed 720× into a one-hour game day, scraped every second: windows 4 s/5 s
// (page 14.4×, 5 m clamped to 4 scrapes), 4 s/30 s (page 6×), 10 s/2 m (ticket 3×), 30 s/6 m (ticket 1×).
const plan = planWindows(30 * D, { timeScale: 720 });
const objective = 99; // budget = 1 %: a 100 % outage burns at 100×

const summary = (history: SliHistory, nowMs: number) => {
  const report = evaluateBudget(history, objective, plan, nowMs);
  return {
    burn: Object.fromEntries(report.windows.map((w) => [w.windowMs / S, w.burnRate])),
    consumed: report.consumed,
    remaining: report.remaining,
    firing: report.alerts.filter((a) => a.firing).map((a) => `${a.severity} ${a.factor}×`),
  };
};

describe('the budget formulas (Workbook ch. 5, reference §1.2)', () => {
  it.each([
    { objectivePercent: 99.9, budget: 0.001, outageBurn: 1000 },
    { objectivePercent: 99, budget: 0.01, outageBurn: 100 },
    { objectivePercent: 95, budget: 0.05, outageBurn: 20 },
  ])('objective $objectivePercent %: budget $budget, a 100 % outage burns at $outageBurn×', ({ objectivePercent, budget, outageBurn }) => {
    expect(errorBudgetRatio(objectivePercent)).toBeCloseTo(budget, 15);
    expect(burnRate(1, objectivePercent)).toBeCloseTo(outageBurn, 9);
    expect(burnRate(0.5 * budget, objectivePercent)).toBeCloseTo(0.5, 12);
  });

  it('has no burn rate without traffic, and consumes nothing', () => {
    expect(burnRate(undefined, 99)).toBeUndefined();
    // A minute of scrapes that counted no event: nothing spent, whatever the objective.
    expect(evaluateBudget(steadyTraffic(60, 0), 99, plan, 60 * S).consumed).toBe(0);
  });
});

describe('the budget of a compressed one-hour game day', () => {
  it('the compressed plan has the windows the scenarios below assume', () => {
    expect(plan.periodMs).toBe(H);
    expect(plan.pairs.map((p) => [p.factor, p.shortMs / S, p.longMs / S])).toEqual([
      [14.4, 4, 5],
      [6, 4, 30],
      [3, 10, 120],
      [1, 30, 360],
    ]);
  });

  it('steady good traffic burns nothing and fires nothing', () => {
    expect(summary(steadyTraffic(3600, 10), H)).toEqual({ burn: { 4: 0, 5: 0, 10: 0, 30: 0, 120: 0, 360: 0 }, consumed: 0, remaining: 1, firing: [] });
  });

  it('no traffic at all: no burn rate (not NaN), nothing consumed, nothing fires', () => {
    const report = evaluateBudget(steadyTraffic(3600, 0), objective, plan, H);
    expect(report.windows.map((w) => w.burnRate)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
    expect([report.period.ratio, report.consumed, report.remaining, report.firing]).toEqual([undefined, 0, 1, { page: false, ticket: false }]);
  });

  it('an empty history consumes nothing', () => {
    expect(evaluateBudget(new SliHistory({ retentionMs: H }), objective, plan, H)).toMatchObject({ consumed: 0, remaining: 1, firing: { page: false, ticket: false } });
  });

  // 10 req/s, every request failing from 30:00 to 31:00.
  it('at the end of a one-minute 100 % outage every tier fires', () => {
    const at = summary(oneMinuteOutage(1860), 1860 * S);
    // 2 m window: 600 bad of 1 200 → 50×; 6 m window: 600 of 3 600 → 16.67×.
    expect(at.burn).toEqual({ 4: 100, 5: 100, 10: 100, 30: 100, 120: 50, 360: 600 / 3600 / 0.01 });
    // So far 600 bad of 18 600 requests in 31 minutes; at that rate the hour holds 36 000, so the
    // minute spent 600 / (36 000 × 1 %) = 5/3 of the hour's budget.
    expect(at.consumed).toBeCloseTo(5 / 3, 12);
    expect(at.firing).toEqual(['page 14.4×', 'page 6×', 'ticket 3×', 'ticket 1×']);
  });

  it('40 s after the outage the short windows are clean, so no tier fires though the long ones still burn', () => {
    const at = summary(oneMinuteOutage(1900), 1900 * S);
    // 2 m window: still 600 bad of 1 200 → 50×; 6 m window: 600 of 3 600 → 16.67×.
    expect(at.burn).toEqual({ 4: 0, 5: 0, 10: 0, 30: 0, 120: 50, 360: 600 / 3600 / 0.01 });
    expect(at.firing).toEqual([]);
  });

  it('at the end of the hour the minute has spent 600 / (36 000 × 1 %) = 5/3 of the budget', () => {
    const at = summary(oneMinuteOutage(), H);
    expect(at.consumed).toBeCloseTo(5 / 3, 12);
    expect(at.remaining).toBeCloseTo(-2 / 3, 12);
  });

  it('counts the period on the compressed clock: an outage more than an hour ago is forgotten', () => {
    const history = steadyTraffic(7200, 10, (s) => (s < 60 ? 10 : 0), 2 * H);
    expect(evaluateBudget(history, objective, plan, 2 * H).consumed).toBe(0);
  });
});

describe('which burn-rate tiers fire (Workbook: page 14.4× and 6×, ticket 3× and 1×)', () => {
  // 1 000 req/s for an hour with a constant share of errors: every window burns at the same rate.
  it.each<[number, string[]]>([
    [20, ['page 14.4×', 'page 6×', 'ticket 3×', 'ticket 1×']],
    [14.5, ['page 14.4×', 'page 6×', 'ticket 3×', 'ticket 1×']],
    [14.3, ['page 6×', 'ticket 3×', 'ticket 1×']],
    [6.1, ['page 6×', 'ticket 3×', 'ticket 1×']],
    [5.9, ['ticket 3×', 'ticket 1×']],
    [3.1, ['ticket 3×', 'ticket 1×']],
    [2.9, ['ticket 1×']],
    [1.1, ['ticket 1×']],
    [0.9, []],
    [0, []],
  ])('a steady %d× burn fires %j', (burn, firing) => {
    const history = steadyTraffic(3600, 1000, () => Math.round(burn * 10));
    const report = evaluateBudget(history, objective, plan, H);
    expect(report.alerts.filter((a) => a.firing).map((a) => `${a.severity} ${a.factor}×`)).toEqual(firing);
    expect(report.firing).toEqual({ page: firing.some((f) => f.startsWith('page')), ticket: firing.some((f) => f.startsWith('ticket')) });
    expect(report.consumed).toBeCloseTo(burn, 9);
  });
});
