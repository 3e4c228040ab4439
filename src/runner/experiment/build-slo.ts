import { parseDuration } from '../../core/durations.js';
import { isFaultlineError } from '../../core/errors.js';
import type { Slo } from '../../slo/model.js';
import { planWindows } from '../../slo/windows.js';
import type { BuildContext } from './build-target.js';
import type { Path } from './problems.js';
import { findSlo, knownSloIds, maxBurnRate, nominalWindowsMs, windowList } from './slo-refs.js';
import { DEFAULTS, type RawExperiment } from './spec.js';

/** The run's time scale, checked against every SLO the evaluator will run at that speed. */
export function buildTimeScale(raw: RawExperiment, context: BuildContext): number {
  const timeScale = raw.timeScale ?? DEFAULTS.timeScale;
  for (const slo of context.slos.slos) {
    try {
      planWindows(slo.periodMs, { timeScale });
    } catch (error) {
      if (!isFaultlineError(error)) throw error;
      context.problems.report(['timeScale'], `${slo.id}: ${error.message}`);
    }
  }
  return timeScale;
}

/** An SLO named by id; undefined (and a problem) when the target's SLO files do not declare it. */
export function resolveSlo(context: BuildContext, at: Path, id: string): Slo | undefined {
  const slo = findSlo(context.slos, id);
  if (!slo) context.problems.report(at, `unknown SLO "${id}"; the target's SLO files declare ${knownSloIds(context.slos)}`);
  return slo;
}

/** A burn-rate window must be one of the SLO's alert windows, written as in real time. */
export function resolveWindow(context: BuildContext, at: Path, slo: Slo | undefined, window: string): number {
  const ms = parseDuration(window);
  if (slo && !nominalWindowsMs(slo).includes(ms)) {
    context.problems.report(at, `${window} is not an alert window of ${slo.id}; use one of ${windowList(slo)} (written as in real time: the run compresses them by timeScale)`);
  }
  return ms;
}

/** A burn-rate threshold at or above 1 ÷ budget can never be exceeded: not even a total outage burns faster. */
export function checkReachableBurn(context: BuildContext, at: Path, slo: Slo | undefined, value: number, consequence: string): void {
  if (!slo) return;
  const max = Number(maxBurnRate(slo).toPrecision(4));
  if (value >= max) {
    context.problems.report(at, `a burn rate of ${value}× can never be exceeded: at objective ${slo.objective} % even a total outage of ${slo.id} burns ${max}×, so ${consequence}; use a value below ${max}`);
  }
}
