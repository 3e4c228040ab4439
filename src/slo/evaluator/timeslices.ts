import { errorBudgetRatio } from '../rules.js';
import type { SliHistory } from './history.js';

/**
 * A timeslice budget (OpenSLO Timeslices, reference §4) read from an SLO's history: the period is cut
 * into slices aligned to multiples of the slice length since the epoch (as a Prometheus subquery
 * `[period:slice]` steps), a slice is bad when its error ratio is above 1 − sliceObjective, and the
 * budget is the share of slices allowed to be bad. Only slices the history fully covers are counted,
 * like the subquery sees only slices its data covers. A slice without traffic is good.
 */

export interface SliceSummary {
  sliceMs: number;
  /** Slices inside the period that the history covers. */
  slices: number;
  badSlices: number;
  /** End times of the bad slices (for attribution and reports). */
  badSliceEnds: readonly number[];
}

export function summariseSlices(history: SliHistory, options: { sliceMs: number; sliceObjective: number; periodMs: number; nowMs: number }): SliceSummary {
  const { sliceMs, periodMs, nowMs } = options;
  const points = history.points();
  const first = points[0];
  const last = points[points.length - 1];
  const summary = { sliceMs, slices: 0, badSlices: 0, badSliceEnds: [] as number[] };
  if (!first || !last) return summary;
  const allowedPercent = 100 - options.sliceObjective;
  const from = Math.max(nowMs - periodMs, first.atMs);
  const to = Math.min(nowMs, last.atMs);
  // The first slice end at or after from + slice, on the epoch-aligned grid.
  for (let end = Math.ceil((from + sliceMs) / sliceMs) * sliceMs; end <= to; end += sliceMs) {
    summary.slices += 1;
    const { errors, total } = history.increase(end - sliceMs, end);
    // errors / total > (100 − objective) / 100, multiplied out so 1 error in 10 at 90 % is not bad by a rounding error.
    if (total > 0 && errors * 100 > total * allowedPercent) {
      summary.badSlices += 1;
      summary.badSliceEnds.push(end);
    }
  }
  return summary;
}

/**
 * Share of the period's budget the bad slices spent: bad / (the period's slices × budget). The
 * period holds periodMs / slice slices whether or not the history covers them all yet, so a young
 * history is not punished for its youth (the same projection as periodBudget's for events).
 */
export function sliceBudgetConsumed(summary: SliceSummary, objectivePercent: number, periodMs: number): number {
  const budget = errorBudgetRatio(objectivePercent);
  const slices = Math.max(summary.slices, Math.floor(periodMs / summary.sliceMs));
  return slices > 0 ? summary.badSlices / (slices * budget) : 0;
}
