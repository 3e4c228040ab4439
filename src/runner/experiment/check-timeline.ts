import { formatDuration } from '../../core/durations.js';
import type { BuiltMethod } from './build-faults.js';
import type { BuildContext } from './build-target.js';
import { formatOffset } from './format.js';
import type { Fault, LoadModel, SteadyState } from './model.js';
import type { Path } from './problems.js';
import type { RawExperiment } from './spec.js';
import { collisionKey, collisionTarget, faultPhaseLengthMs, faultWindows, overlap, type FaultWindow } from './timeline.js';

const COLLISION_REASON: Record<Fault['kind'], string> = {
  toxic:
    'two toxics of one type on one stream of one proxy add up silently (two 500 ms latencies give 1 s), and clients using Toxiproxy\'s default name <type>_<stream> cannot create the second; merge them into one fault or let one end before the other starts',
  outage: 'the first to end would enable the proxy while the other still expects it down; make them one outage',
  process: 'one service cannot be in two process faults at once; let one end before the other starts',
  policy: 'the first to end would restore the declared policy while the other still expects its own; make them one policy fault',
};

/**
 * Checks that need the whole timeline: faults that collide, a kill with nothing after it, and a load
 * that ends before the faults or the recovery deadline (decided as problems, not warnings: a fault
 * without traffic measures nothing, and a recovery without traffic cannot be judged).
 */
export function checkTimeline(raw: RawExperiment, built: BuiltMethod, load: LoadModel, steadyState: SteadyState, withinMs: number, context: BuildContext): void {
  const report = context.problems.report.bind(context.problems);
  const baseline = steadyState.baselineMs;
  const method = built.faults;
  const windows = faultWindows(method);
  const indexOf = (fault: Fault) => built.indexOf.get(fault) ?? 0;
  const span = (w: FaultWindow) => (w.startMs === w.endMs ? `at ${formatOffset(baseline + w.startMs)}` : `${formatOffset(baseline + w.startMs)} to ${formatOffset(baseline + w.endMs)}`);

  for (const [i, window] of windows.entries()) {
    const earlier = windows.slice(0, i).find((other) => collisionKey(other.fault) === collisionKey(window.fault) && overlap(other, window));
    if (earlier) {
      report(['method', indexOf(window.fault), 'at'], `fault "${window.fault.name}" (${span(window)}) overlaps "${earlier.fault.name}" (${span(earlier)}) on ${collisionTarget(window.fault)}: ${COLLISION_REASON[window.fault.kind]}`);
    }
  }

  const phaseMs = faultPhaseLengthMs(method);
  for (const { fault, startMs, untilRollback } of windows) {
    if (untilRollback && fault.kind === 'process' && phaseMs <= startMs) {
      report(['method', indexOf(fault)], `fault "${fault.name}" kills ${fault.service} until the rollback at the end of the fault phase, but no fault ends after it, so it would be started again at once; give it a duration`);
    }
  }

  if (load.durationMs <= 0) return;
  const loadEnd = formatOffset(load.durationMs);
  const loadPath: Path = raw.load.stages ? ['load', 'stages'] : ['load', 'duration'];
  if (baseline >= load.durationMs) {
    report(raw.steadyState?.baseline ? ['steadyState', 'baseline'] : loadPath, `the ${formatDuration(baseline)} baseline lasts as long as the load (which ends at ${loadEnd}), leaving no time for faults`);
    return;
  }
  for (const window of windows) {
    if (window.untilRollback || baseline + window.endMs <= load.durationMs) continue;
    const at: Path = ['method', indexOf(window.fault), window.fault.durationMs !== undefined ? 'duration' : 'at'];
    report(at, `fault "${window.fault.name}" ends at ${formatOffset(baseline + window.endMs)}, after the load ends at ${loadEnd}: nothing would measure its effect; lengthen the load or end the fault sooner`);
  }
  const deadline = baseline + phaseMs + withinMs;
  if (deadline > load.durationMs) {
    report(
      raw.recovery?.within ? ['recovery', 'within'] : loadPath,
      `the load ends at ${loadEnd}, before the recovery deadline ${formatOffset(deadline)} (last fault ends at ${formatOffset(baseline + phaseMs)}, recovery.within ${formatDuration(withinMs)}), so recovery could not be judged; lengthen the load to at least ${formatDuration(deadline)} or shorten recovery.within`,
    );
  }
}
