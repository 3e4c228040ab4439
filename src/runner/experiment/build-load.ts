import { parseDuration } from '../../core/durations.js';
import { shopMix } from '../../load/request-mix.js';
import type { BuildContext } from './build-target.js';
import type { LoadModel, LoadStage } from './model.js';
import { DEFAULTS, type RawExperiment } from './spec.js';

/** The request kinds the load generator knows (src/load/request-mix.ts), and their default weights. */
export const MIX_KINDS: readonly string[] = shopMix.map((kind) => kind.name);
const DEFAULT_MIX: Readonly<Record<string, number>> = Object.fromEntries(shopMix.map((kind) => [kind.name, kind.weight]));

/**
 * The open-model load: rate + duration is one flat stage; stages ramp linearly from the previous
 * stage's rate (k6's ramping-arrival-rate, startRate 0 by default as in k6).
 */
export function buildLoad(raw: RawExperiment, context: BuildContext): LoadModel {
  const { load } = raw;
  const report = context.problems.report.bind(context.problems);
  let startRate = 0;
  let stages: LoadStage[] = [];
  if (load.stages) {
    if (load.rate !== undefined) report(['load', 'rate'], 'give either rate and duration or stages, not both');
    if (load.duration !== undefined) report(['load', 'duration'], 'give either rate and duration or stages, not both');
    startRate = load.startRate ?? 0;
    stages = load.stages.map((stage) => ({ durationMs: parseDuration(stage.duration), rate: stage.rate }));
  } else if (load.rate !== undefined && load.duration !== undefined) {
    if (load.startRate !== undefined) report(['load', 'startRate'], 'startRate applies to stages only; a constant load runs at rate from the start');
    startRate = load.rate;
    stages = [{ durationMs: parseDuration(load.duration), rate: load.rate }];
  } else if (load.rate !== undefined) {
    report(['load', 'rate'], 'a constant rate needs a duration (e.g. duration: 30s)');
  } else if (load.duration !== undefined) {
    report(['load', 'duration'], 'a duration needs a rate in requests per second (e.g. rate: 20)');
  } else {
    report(['load'], 'the load needs rate and duration (constant), or stages (ramping)');
  }
  const durationMs = stages.reduce((sum, stage) => sum + stage.durationMs, 0);
  if (stages.length > 0 && durationMs <= 0) report(['load'], 'the load lasts 0s; give it a duration');
  else if (stages.length > 0 && startRate === 0 && stages.every((s) => s.rate === 0)) report(['load'], 'every rate is 0, so no request would be sent');

  const timeoutMs = parseDuration(load.timeout ?? DEFAULTS.requestTimeout);
  if (timeoutMs <= 0) report(['load', 'timeout'], 'a request timeout of 0 would fail every request; give it a duration such as 5s');

  if (!context.topology.services.some((s) => s.public)) {
    report(['load'], 'the topology declares no public service (public: true) for the load to call');
  }
  return { startRate, stages, durationMs, mix: buildMix(raw, context), timeoutMs };
}

function buildMix(raw: RawExperiment, context: BuildContext): Readonly<Record<string, number>> {
  const given = raw.load.mix;
  if (!given) return DEFAULT_MIX;
  const mix: Record<string, number> = Object.fromEntries(MIX_KINDS.map((kind) => [kind, 0]));
  for (const [kind, weight] of Object.entries(given)) {
    if (!MIX_KINDS.includes(kind)) {
      context.problems.report(['load', 'mix', kind], `unknown request kind "${kind}"; the load generator sends ${MIX_KINDS.join(', ')}`);
      continue;
    }
    mix[kind] = weight;
  }
  if (Object.values(mix).every((weight) => weight === 0)) context.problems.report(['load', 'mix'], `every weight is 0; give at least one of ${MIX_KINDS.join(', ')} a weight above 0`);
  return mix;
}
