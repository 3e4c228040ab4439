import { mixedRequests, shopMix, type RequestSource } from '../load/request-mix.js';
import type { RateSchedule } from '../load/schedule.js';
import type { Experiment } from './experiment/model.js';

/** The experiment's load as the generator takes it: its stages, ramps included. */
export function runSchedule(experiment: Experiment): RateSchedule {
  return { startRate: experiment.load.startRate, stages: experiment.load.stages.map((stage) => ({ durationMs: stage.durationMs, targetRate: stage.rate })) };
}

/**
 * The experiment's request mix: the shop's request kinds weighted as the experiment says (a kind it
 * leaves out is not sent), seeded with the run's seed, over the product ids the catalogue serves now.
 */
export async function runRequests(gatewayUrl: string, experiment: Experiment, seed: number): Promise<RequestSource> {
  const weights = experiment.load.mix;
  const mix = Object.keys(weights).length === 0 ? shopMix : shopMix.filter((kind) => (weights[kind.name] ?? 0) > 0).map((kind) => ({ ...kind, weight: weights[kind.name] as number }));
  const response = await fetch(`${gatewayUrl}/products`, { signal: AbortSignal.timeout(5000) });
  const productIds = response.ok ? ((await response.json()) as { products: Array<{ id: string }> }).products.map((p) => p.id) : [];
  return mixedRequests({ mix, productIds, seed });
}
