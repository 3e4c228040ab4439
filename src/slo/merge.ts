import { FaultlineError } from '../core/errors.js';
import type { SloSet } from './model.js';

/**
 * Several SLO files judged together (the harness evaluates every shipped file at once). Ids must be
 * unique across files, and the files must agree on the time scale, since one Prometheus and one
 * evaluator run them at one speed.
 */
export function mergeSloSets(sets: ReadonlyArray<{ file: string; set: SloSet }>, timeScale?: number): SloSet {
  const first = sets[0];
  if (!first) throw new FaultlineError('FAULTLINE_CONFIG_INVALID', 'no SLO file to load');
  if (sets.length === 1) return timeScale === undefined ? first.set : { ...first.set, timeScale };
  const owner = new Map<string, string>();
  const problems: string[] = [];
  for (const { file, set } of sets) {
    if (timeScale === undefined && set.timeScale !== first.set.timeScale) problems.push(`${file}: timeScale ${set.timeScale} differs from ${first.file}'s ${first.set.timeScale}; SLOs evaluated together run at one speed (pass --time-scale to choose)`);
    for (const slo of set.slos) {
      const clash = owner.get(slo.id);
      if (clash) problems.push(`${file}: SLO ${slo.id} is also declared in ${clash}`);
      else owner.set(slo.id, file);
    }
  }
  if (problems.length > 0) throw new FaultlineError('FAULTLINE_CONFIG_INVALID', problems.join('\n'));
  return { name: sets.map((s) => s.set.name).join('+'), timeScale: timeScale ?? first.set.timeScale, slos: sets.flatMap((s) => s.set.slos) };
}
