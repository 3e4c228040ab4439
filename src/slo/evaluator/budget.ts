import { errorBudgetRatio } from '../rules.js';
import type { Severity, WindowPlan } from '../windows.js';
import type { SliHistory, WindowRatio } from './history.js';
import { sliceBudgetConsumed, summariseSlices, type SliceSummary } from './timeslices.js';

/**
 * Burn rates, budget consumed and alert states from an SLO's history (Google SRE Workbook ch. 5,
 * reference §1.2): burn rate = error ratio / (1 − SLO); budget consumed over the period = errors /
 * (period's events × (1 − SLO)), the period's burn rate as Sloth's
 * `slo:period_error_budget_remaining:ratio` has it, with the period's events projected from the
 * rate seen while the history is younger than the period (see periodBudget).
 * Pure: the caller passes `nowMs` from its clock.
 */

/** Burn rate = error ratio / (1 − SLO); undefined when the window saw no traffic. */
export function burnRate(ratio: number | undefined, objectivePercent: number): number | undefined {
  return ratio === undefined ? undefined : ratio / errorBudgetRatio(objectivePercent);
}

export interface WindowBurn extends WindowRatio {
  burnRate: number | undefined;
}

export interface AlertState {
  severity: Severity;
  speed: 'quick' | 'slow';
  factor: number;
  short: WindowBurn;
  long: WindowBurn;
  /** Both windows burn faster than the factor (Sloth's `>`); a window without traffic never fires. */
  firing: boolean;
}

/** A timeslice budget with its slice already compressed and clamped (windows.ts planSlice). */
export interface SliceBudgeting {
  sliceMs: number;
  sliceObjective: number;
}

export interface BudgetReport {
  objective: number;
  method: 'events' | 'timeslices';
  /** The slices counted, for a timeslice budget. */
  slices?: SliceSummary;
  /** The compressed period the budget is counted over. */
  period: WindowBurn;
  /**
   * Share of the period's budget spent so far (1 = all of it; above 1 = overspent). 0 without
   * traffic. Events: errors / (period's events × budget); timeslices: bad slices / (period's slices × budget).
   */
  consumed: number;
  /** 1 − consumed (negative once overspent, as Sloth reports it). */
  remaining: number;
  /** Every distinct alert window, shortest first. */
  windows: readonly WindowBurn[];
  alerts: readonly AlertState[];
  firing: Readonly<Record<Severity, boolean>>;
}

/** Reads the SLI over a window ending at a time; the default is the history's own reading. */
export type WindowReader = (windowMs: number, nowMs: number) => WindowRatio;

export function windowBurn(history: SliHistory, windowMs: number, nowMs: number, objectivePercent: number, read: WindowReader = (w, t) => history.errorRatioOver(w, t)): WindowBurn {
  const window = read(windowMs, nowMs);
  return { ...window, burnRate: burnRate(window.ratio, objectivePercent) };
}

/**
 * The period's error budget in events, and the errors spent from it. While the history covers only
 * part of the period (a game day an hour into a compressed month, a harness started a minute ago),
 * the period's traffic is projected from the rate seen so far: the budget is a share of the whole
 * period's expected events, not of the few seen, so ten seconds of outage cost what ten seconds of
 * outage cost in that period — not "half the events so far failed, 500 budgets gone". Once the
 * history spans the period this is Sloth's errors / (total × budget) exactly.
 */
export interface PeriodBudget {
  errors: number;
  total: number;
  /** Sampled part of the period. */
  coveredMs: number;
  /** Errors the period may hold: projected total × (1 − SLO). 0 without traffic. */
  allowedErrors: number;
}

export function periodBudget(history: SliHistory, objectivePercent: number, periodMs: number, nowMs: number): PeriodBudget {
  const from = nowMs - periodMs;
  const { errors, total } = history.increase(from, nowMs);
  const points = history.points();
  const first = points[0];
  const last = points[points.length - 1];
  const coveredMs = first && last ? Math.max(0, Math.min(nowMs, last.atMs) - Math.max(from, first.atMs)) : 0;
  const projected = coveredMs > 0 ? total * Math.max(1, periodMs / coveredMs) : 0;
  return { errors, total, coveredMs, allowedErrors: projected * errorBudgetRatio(objectivePercent) };
}

/**
 * The whole budget picture of one SLO at `nowMs`, with the alert windows of `plan`
 * (src/slo/windows.ts). Burn-rate alerts read events for both budgeting methods, as the rules do.
 * `readAlertWindow` reads the alert windows (the evaluator passes its per-series, rate()-exact
 * reader); the period is always read from the history.
 */
export function evaluateBudget(history: SliHistory, objectivePercent: number, plan: WindowPlan, nowMs: number, timeslices?: SliceBudgeting, readAlertWindow?: WindowReader): BudgetReport {
  const burns = new Map<number, WindowBurn>();
  const burnOver = (windowMs: number): WindowBurn => {
    let burn = burns.get(windowMs);
    if (!burn) {
      burn = windowBurn(history, windowMs, nowMs, objectivePercent, readAlertWindow);
      burns.set(windowMs, burn);
    }
    return burn;
  };
  const alerts = plan.pairs.map((pair): AlertState => {
    const short = burnOver(pair.shortMs);
    const long = burnOver(pair.longMs);
    const above = (burn: WindowBurn) => burn.burnRate !== undefined && burn.burnRate > pair.factor;
    return { severity: pair.severity, speed: pair.speed, factor: pair.factor, short, long, firing: above(short) && above(long) };
  });
  const period = windowBurn(history, plan.periodMs, nowMs, objectivePercent);
  const slices = timeslices ? summariseSlices(history, { ...timeslices, periodMs: plan.periodMs, nowMs }) : undefined;
  const events = periodBudget(history, objectivePercent, plan.periodMs, nowMs);
  const consumed = slices ? sliceBudgetConsumed(slices, objectivePercent, plan.periodMs) : events.allowedErrors > 0 ? events.errors / events.allowedErrors : 0;
  return {
    objective: objectivePercent,
    method: slices ? 'timeslices' : 'events',
    ...(slices ? { slices } : {}),
    period,
    consumed,
    remaining: 1 - consumed,
    windows: [...burns.values()].sort((a, b) => a.windowMs - b.windowMs),
    alerts,
    firing: {
      page: alerts.some((alert) => alert.severity === 'page' && alert.firing),
      ticket: alerts.some((alert) => alert.severity === 'ticket' && alert.firing),
    },
  };
}
