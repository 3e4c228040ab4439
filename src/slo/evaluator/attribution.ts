import { periodBudget } from './budget.js';
import type { SliHistory } from './history.js';

/**
 * Which part of the budget burned during which fault window. Increases are read from the history's
 * piecewise-linear counts (linear interpolation between scrapes, see history.ts), so an interval
 * edge that falls between two scrapes takes the proportional share of that scrape interval's
 * errors. Every share is a fraction of the *period's* budget (errors / (the period's projected
 * events × budget), periodBudget), the same denominator as BudgetReport.consumed, so the parts add up to it.
 *
 * Intervals may overlap. Each interval reports `consumed` (everything burned while it was active,
 * so overlapping intervals both count the overlap) and `attributed` (the overlap split equally
 * among the intervals active at the time); `outside` is what burned while none was active, and
 * sum(attributed) + outside = total.
 */

export interface Interval {
  label: string;
  startMs: number;
  endMs: number;
}

export interface IntervalBurn {
  label: string;
  startMs: number;
  endMs: number;
  /** Errors counted inside the interval (within the period and the sampled range). */
  errors: number;
  /** Share of the period's budget burned while the interval was active. */
  consumed: number;
  /** Same, with overlaps split equally among the active intervals (these add up). */
  attributed: number;
}

export interface Attribution {
  intervals: readonly IntervalBurn[];
  /** Share of the period's budget burned while no interval was active. */
  outside: number;
  /** Share of the period's budget burned over the whole period (= BudgetReport.consumed). */
  total: number;
}

export function attributeBudget(history: SliHistory, objectivePercent: number, periodMs: number, nowMs: number, intervals: readonly Interval[]): Attribution {
  const periodStart = nowMs - periodMs;
  const budget = periodBudget(history, objectivePercent, periodMs, nowMs);
  const whole = { errors: budget.errors };
  const share = (errors: number) => (budget.allowedErrors > 0 ? errors / budget.allowedErrors : 0);

  const clipped = intervals.map((interval) => ({ interval, from: Math.max(interval.startMs, periodStart), to: Math.min(interval.endMs, nowMs) }));
  const edges = [...new Set([periodStart, nowMs, ...clipped.flatMap((c) => [c.from, c.to]).filter((t) => t > periodStart && t < nowMs)])].sort((a, b) => a - b);

  const errors = clipped.map(() => 0);
  const attributedErrors = clipped.map(() => 0);
  let outsideErrors = 0;
  for (let i = 0; i + 1 < edges.length; i += 1) {
    const from = edges[i] as number;
    const to = edges[i + 1] as number;
    const burned = history.increase(from, to).errors;
    const active = clipped.flatMap((c, index) => (c.from <= from && to <= c.to && c.from < c.to ? [index] : []));
    if (active.length === 0) outsideErrors += burned;
    for (const index of active) {
      errors[index] = (errors[index] as number) + burned;
      attributedErrors[index] = (attributedErrors[index] as number) + burned / active.length;
    }
  }
  return {
    intervals: clipped.map(({ interval }, index) => ({
      label: interval.label,
      startMs: interval.startMs,
      endMs: interval.endMs,
      errors: errors[index] as number,
      consumed: share(errors[index] as number),
      attributed: share(attributedErrors[index] as number),
    })),
    outside: share(outsideErrors),
    total: share(whole.errors),
  };
}
