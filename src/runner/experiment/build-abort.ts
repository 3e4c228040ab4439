import { parseDuration } from '../../core/durations.js';
import { checkReachableBurn, resolveSlo, resolveWindow } from './build-slo.js';
import type { BuildContext } from './build-target.js';
import type { AbortCondition, RollbackStep } from './model.js';
import { exactlyOne, type Path } from './problems.js';
import { maxBurnRate } from './slo-refs.js';
import { DEFAULTS, type RawExperiment } from './spec.js';

const ABORT_KINDS = ['budgetBurned', 'burnRate', 'errorRatio'] as const;

/**
 * Stop conditions (FIS's stop conditions, Gremlin's halting health checks): evaluated throughout the
 * run; the first that holds stops it, and the rollback runs. Thresholds that can never be crossed
 * are refused, since a guard that cannot fire only looks like safety.
 */
export function buildAbort(raw: RawExperiment, context: BuildContext): AbortCondition[] {
  const conditions: AbortCondition[] = [];
  (raw.abort ?? []).forEach((item, index) => {
    const at: Path = ['abort', index];
    const kind = exactlyOne(item, ABORT_KINDS, at, 'an abort condition', context.problems);
    if (kind === 'budgetBurned') {
      const spec = item.budgetBurned!;
      const slo = resolveSlo(context, [...at, kind, 'slo'], spec.slo);
      if (slo && spec.above >= maxBurnRate(slo) * 100) {
        context.problems.report([...at, kind, 'above'], `${spec.above} % of the budget can never be burned: even a period-long outage of ${slo.id} burns ${Number((maxBurnRate(slo) * 100).toPrecision(4))} %`);
      }
      conditions.push({ kind, slo: spec.slo, abovePercent: spec.above });
    } else if (kind === 'burnRate') {
      const spec = item.burnRate!;
      const slo = resolveSlo(context, [...at, kind, 'slo'], spec.slo);
      const windowMs = resolveWindow(context, [...at, kind, 'window'], slo, spec.window);
      checkReachableBurn(context, [...at, kind, 'above'], slo, spec.above, 'this condition can never stop the run');
      conditions.push({ kind, slo: spec.slo, windowMs, above: spec.above, forMs: parseDuration(spec.for ?? '0s') });
    } else if (kind === 'errorRatio') {
      const spec = item.errorRatio!;
      if (spec.above >= 100) context.problems.report([...at, kind, 'above'], `above ${spec.above} % can never hold: an error ratio never exceeds 100 %; use a percentage such as 50`);
      const windowMs = parseDuration(spec.window ?? DEFAULTS.checkWindow);
      if (windowMs <= 0) context.problems.report([...at, kind, 'window'], 'a window of 0 holds no request; use a duration such as 5s');
      conditions.push({ kind, abovePercent: spec.above, forMs: parseDuration(spec.for ?? '0s'), windowMs });
    }
  });
  return conditions;
}

export function buildRollbacks(raw: RawExperiment): RollbackStep[] {
  return (raw.rollbacks ?? []).map(() => ({ kind: 'restore', services: 'all' }));
}

export function buildRecovery(raw: RawExperiment): { withinMs: number } {
  return { withinMs: parseDuration(raw.recovery?.within ?? DEFAULTS.recoveryWithin) };
}
