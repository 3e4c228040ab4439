import type { LoadModel } from './model.js';

/**
 * The load schedule in numbers: each stage's absolute times and rates, the requests it will start,
 * and the request mix as shares. Request counts follow the open model exactly: the n-th request
 * starts when the integral of the rate reaches n, so a stage ramping from r0 to r1 over d seconds
 * starts (r0 + r1) / 2 × d requests (rounded down over the whole run, never per stage).
 */
export interface PlannedStage {
  startMs: number;
  endMs: number;
  fromRate: number;
  toRate: number;
  requests: number;
}

export interface PlannedLoad {
  stages: readonly PlannedStage[];
  totalRequests: number;
  mix: ReadonlyArray<{ kind: string; weight: number; percent: number; requests: number }>;
  timeoutMs: number;
  endMs: number;
}

/** Float sums of rates and times are nudged by this before rounding down (30 rps × 30 s is 900, not 899). */
const EPSILON = 1e-9;

export function planLoad(load: LoadModel): PlannedLoad {
  const stages: PlannedStage[] = [];
  let startMs = 0;
  let fromRate = load.startRate;
  let cumulative = 0;
  let counted = 0;
  for (const stage of load.stages) {
    cumulative += ((fromRate + stage.rate) / 2) * (stage.durationMs / 1000);
    const upTo = Math.floor(cumulative + EPSILON);
    stages.push({ startMs, endMs: startMs + stage.durationMs, fromRate, toRate: stage.rate, requests: upTo - counted });
    counted = upTo;
    startMs += stage.durationMs;
    fromRate = stage.rate;
  }
  const weights = Object.entries(load.mix).filter(([, weight]) => weight > 0);
  const total = weights.reduce((sum, [, weight]) => sum + weight, 0);
  const mix = weights.map(([kind, weight]) => ({ kind, weight, percent: (weight / total) * 100, requests: Math.round((counted * weight) / total) }));
  return { stages, totalRequests: counted, mix, timeoutMs: load.timeoutMs, endMs: startMs };
}

/** The arrival rate at a moment (requests per second), linear within a stage. */
export function rateAt(load: PlannedLoad, atMs: number): number {
  for (const stage of load.stages) {
    if (atMs >= stage.startMs && atMs <= stage.endMs) {
      const span = stage.endMs - stage.startMs;
      return span === 0 ? stage.toRate : stage.fromRate + ((stage.toRate - stage.fromRate) * (atMs - stage.startMs)) / span;
    }
  }
  return 0;
}

/** The lowest rate between two moments (rates are linear between stage boundaries, so the minimum is at one of them). */
export function lowestRate(load: PlannedLoad, fromMs: number, toMs: number): number {
  const points = [fromMs, toMs, ...load.stages.flatMap((s) => [s.startMs, s.endMs]).filter((t) => t > fromMs && t < toMs)];
  return Math.min(...points.map((t) => rateAt(load, t)));
}
