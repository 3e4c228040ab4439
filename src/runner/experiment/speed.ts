import type { SloSet } from '../../slo/model.js';
import type { AbortCondition, CheckCondition, Experiment, Fault } from './model.js';

/**
 * An experiment run K times faster, for smoke runs (CI runs every catalogue experiment this way):
 * every duration — load stages, fault offsets and lengths, the baseline, check intervals and
 * windows, abort `for` spans, the recovery deadline — is divided by K, and the SLO time scale is
 * multiplied by K, so a fault still burns the same share of the (shorter) budget period. Rates are
 * unchanged: the system sees the same pressure, for less time. Windows never go below a second, so
 * every window still holds a few requests and a scrape or two. Pure.
 */
export function speedUp(experiment: Experiment, slos: SloSet, k: number): { experiment: Experiment; slos: SloSet } {
  if (!(k >= 1)) throw new RangeError(`a speed-up must be at least 1, not ${k}`);
  const fast = (ms: number) => Math.round(ms / k);
  const window = (ms: number) => Math.max(1000, fast(ms));
  const timeScale = experiment.timeScale * k;
  return {
    experiment: {
      ...experiment,
      timeScale,
      load: { ...experiment.load, stages: experiment.load.stages.map((stage) => ({ ...stage, durationMs: fast(stage.durationMs) })), durationMs: fast(experiment.load.durationMs) },
      steadyState: {
        ...experiment.steadyState,
        baselineMs: fast(experiment.steadyState.baselineMs),
        everyMs: Math.max(500, fast(experiment.steadyState.everyMs)),
        checks: experiment.steadyState.checks.map((check) => ({ ...check, condition: fasterCheck(check.condition, window) })),
      },
      method: experiment.method.map((fault) => fasterFault(fault, fast)),
      abort: experiment.abort.map((condition) => fasterAbort(condition, fast, window)),
      recovery: { withinMs: fast(experiment.recovery.withinMs) },
    },
    slos: { ...slos, timeScale },
  };
}

function fasterCheck(condition: CheckCondition, window: (ms: number) => number): CheckCondition {
  // Burn-rate windows are nominal SLO windows: the larger time scale already shrinks them.
  return condition.kind === 'errorRatio' || condition.kind === 'latency' ? { ...condition, windowMs: window(condition.windowMs) } : condition;
}

function fasterFault(fault: Fault, fast: (ms: number) => number): Fault {
  return { ...fault, atMs: fast(fault.atMs), ...(fault.durationMs !== undefined ? { durationMs: fast(fault.durationMs) } : {}) };
}

function fasterAbort(condition: AbortCondition, fast: (ms: number) => number, window: (ms: number) => number): AbortCondition {
  switch (condition.kind) {
    case 'budgetBurned':
      return condition;
    case 'burnRate':
      return { ...condition, forMs: fast(condition.forMs) };
    case 'errorRatio':
      return { ...condition, forMs: fast(condition.forMs), windowMs: window(condition.windowMs) };
  }
}
