import { arrivalsPerStage } from '../../load/schedule.js';
import { runSchedule } from '../run-load.js';
import type { Experiment } from './model.js';

/**
 * The load schedule in numbers: each stage's absolute times and rates, the requests it will start,
 * and the request mix as shares. The counts are not worked out here: they are the arrivals of the
 * generator's own ArrivalCursor over the schedule the run hands the generator (runSchedule), so the
 * plan says exactly what the run sends. Request k starts when the integral of the rate reaches
 * k + 1/2 (src/load/schedule.ts), so a stage ramping from r0 to r1 over d seconds starts about
 * (r0 + r1) / 2 × d requests, and the whole run starts that integral rounded; a request starting
 * exactly at a stage boundary counts for the later stage.
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

export function planLoad(experiment: Experiment): PlannedLoad {
  const { load } = experiment;
  const counts = arrivalsPerStage(runSchedule(experiment));
  const stages: PlannedStage[] = [];
  let startMs = 0;
  let fromRate = load.startRate;
  load.stages.forEach((stage, index) => {
    stages.push({ startMs, endMs: startMs + stage.durationMs, fromRate, toRate: stage.rate, requests: counts[index] ?? 0 });
    startMs += stage.durationMs;
    fromRate = stage.rate;
  });
  const totalRequests = counts.reduce((sum, count) => sum + count, 0);
  const weights = Object.entries(load.mix).filter(([, weight]) => weight > 0);
  const total = weights.reduce((sum, [, weight]) => sum + weight, 0);
  const mix = weights.map(([kind, weight]) => ({ kind, weight, percent: (weight / total) * 100, requests: Math.round((totalRequests * weight) / total) }));
  return { stages, totalRequests, mix, timeoutMs: load.timeoutMs, endMs: startMs };
}
