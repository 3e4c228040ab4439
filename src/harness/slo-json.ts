import type { SloStatus } from '../slo/evaluator/evaluator.js';
import { promDuration } from '../slo/windows.js';

/**
 * The JSON shape of an SLO's live status, served on the harness's GET /slo and printed by
 * `faultline slo budget --json`. Windows are named as the rules name them (`5m`, or `4s` when
 * compressed); numbers are plain, and an SLI without traffic is null, never NaN.
 */
export interface SloStatusJson {
  id: string;
  service: string;
  name: string;
  objective: number;
  timeScale: number;
  period: string;
  evaluable: boolean;
  reason?: string;
  method?: 'events' | 'timeslices';
  budget?: {
    consumed: number;
    remaining: number;
    slices?: { slice: string; slices: number; bad: number };
    windows: WindowJson[];
    period: WindowJson;
    alerts: Array<{ severity: string; speed: string; factor: number; short: string; long: string; firing: boolean }>;
    firing: { page: boolean; ticket: boolean };
  };
  lowTraffic?: { window: string; events: number; oneFailureBurn: number };
}

export interface WindowJson {
  window: string;
  coveredSeconds: number;
  errors: number;
  total: number;
  errorRatio: number | null;
  burnRate: number | null;
}

export function sloStatusJson(status: SloStatus): SloStatusJson {
  const { budget, plan } = status;
  const base = { id: status.id, service: status.service, name: status.name, objective: status.objective, timeScale: plan.timeScale, period: promDuration(plan.periodMs), evaluable: status.evaluable };
  if (!budget) return { ...base, ...(status.reason ? { reason: status.reason } : {}) };
  const window = (w: (typeof budget.windows)[number]): WindowJson => ({
    window: promDuration(w.windowMs),
    coveredSeconds: w.coveredMs / 1000,
    errors: w.errors,
    total: w.total,
    errorRatio: w.ratio ?? null,
    burnRate: w.burnRate ?? null,
  });
  return {
    ...base,
    method: budget.method,
    budget: {
      consumed: budget.consumed,
      remaining: budget.remaining,
      ...(budget.slices ? { slices: { slice: promDuration(budget.slices.sliceMs), slices: budget.slices.slices, bad: budget.slices.badSlices } } : {}),
      windows: budget.windows.map(window),
      period: window(budget.period),
      alerts: budget.alerts.map((a) => ({ severity: a.severity, speed: a.speed, factor: a.factor, short: promDuration(a.short.windowMs), long: promDuration(a.long.windowMs), firing: a.firing })),
      firing: { ...budget.firing },
    },
    ...(status.lowTraffic ? { lowTraffic: { window: promDuration(status.lowTraffic.windowMs), events: status.lowTraffic.events, oneFailureBurn: status.lowTraffic.oneFailureBurn } } : {}),
  };
}
