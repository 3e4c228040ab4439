import { formatDuration } from '../../core/durations.js';
import { lowestRate } from '../../load/schedule.js';
import type { SloSet } from '../../slo/model.js';
import type { Topology } from '../../topology/model.js';
import { runSchedule } from '../run-load.js';
import { describeAbort, describeCheck, describeFault, publicName, type DescribeContext } from './describe.js';
import { formatNumber, formatPercent } from './format.js';
import type { CheckMoment, Experiment, Fault } from './model.js';
import { planLoad, type PlannedLoad } from './plan-load.js';
import { faultPhaseLengthMs, faultWindows } from './timeline.js';

/**
 * The plan: an experiment fully resolved against its topology and SLOs into absolute times (ms from
 * T+0, when the load starts). Pure and deterministic: the same experiment, topology, SLOs and
 * options give the same plan, which is what `faultline run --dry-run` prints and what the runner
 * follows. Phases, in order: preflight (before T+0), baseline, faults, rollback, recovery, observe
 * (the load goes on so the `after` checks judge a settled system), verdict.
 */

export interface PlanOptions {
  /**
   * The run's seed, resolved by the caller (the CLI: --seed, else the experiment's, else a fresh
   * one); it wins over the experiment's, so the plan, the journal and the run's random draws agree.
   * Default: the experiment's seed, else 0.
   */
  seed?: number;
  /** Scrape interval of the SLI evaluator (default: 1 s when time is compressed, as the rules use). */
  scrapeIntervalMs?: number;
}

export type PhaseName = 'preflight' | 'baseline' | 'faults' | 'rollback' | 'recovery' | 'observe' | 'verdict';

export interface PlannedPhase {
  name: PhaseName;
  startMs: number;
  endMs: number;
  description: string;
}

export interface PlannedFault {
  name: string;
  kind: Fault['kind'];
  target: string;
  description: string;
  injectMs: number;
  /** Equal to injectMs for an instantaneous fault (a restart). */
  removeMs: number;
  /** `schedule`: removed at the end of its duration; `rollback`: stays until the rollback; `instant`: nothing to remove. */
  removal: 'schedule' | 'rollback' | 'instant';
  removeDescription: string;
  /** The toxic it creates, for toxic faults. */
  toxicName?: string;
  /** Proxy faults and pauses carry a lease (the proxy or the supervisor removes them if the runner dies); kills, restarts and policy changes cannot. */
  leased: boolean;
}

export type TimelineKind = 'preflight' | 'load' | 'check' | 'phase' | 'inject' | 'remove' | 'rollback' | 'deadline' | 'end';

export interface TimelineEvent {
  atMs: number;
  kind: TimelineKind;
  text: string;
}

export interface PlannedCheck {
  name: string;
  when: readonly CheckMoment[];
  description: string;
}

export interface CheckSchedule {
  checks: readonly PlannedCheck[];
  /** The gate: judged at the end of the baseline; no fault is injected unless every one passes. */
  before?: { atMs: number; checks: readonly string[] };
  /** Judged every `everyMs` while faults run; a failure is a deviation, not an abort. */
  during?: { fromMs: number; toMs: number; everyMs: number; count: number; checks: readonly string[] };
  /**
   * Polled every `everyMs` after the last fault; recovered when all pass, deviated if not by the
   * deadline. The `after` checks except budget ones: budget consumed only grows, it cannot return.
   */
  recovery?: { fromMs: number; deadlineMs: number; everyMs: number; checks: readonly string[] };
  /** Judged once more when the load ends. */
  after?: { atMs: number; checks: readonly string[] };
}

export interface AbortPlan {
  /** Conditions are evaluated every `everyMs` from T+0 to the end of the load. */
  everyMs: number;
  fromMs: number;
  toMs: number;
  conditions: readonly string[];
  manual: string;
}

export interface ExperimentPlan {
  name: string;
  title: string;
  file: string;
  hypothesis?: string;
  seed: number;
  timeScale: number;
  /** The budget periods of the SLOs as the run sees them, e.g. "30d period = 1h at ×720". */
  timeScaleNote: string;
  /** The load's entry point (the topology's public service) and its declared address. */
  entryPoint: { service: string; address: string };
  phases: readonly PlannedPhase[];
  faultsStartMs: number;
  faultsEndMs: number;
  recoveryDeadlineMs: number;
  loadEndMs: number;
  /** The load's end plus the request timeout: the last requests may take that long to settle. */
  totalMs: number;
  faults: readonly PlannedFault[];
  timeline: readonly TimelineEvent[];
  load: PlannedLoad;
  checks: CheckSchedule;
  abort: AbortPlan;
  rollback: { atMs: number; steps: readonly string[] };
  leases: { ttlMs: number; renewEveryMs: number };
  /** Things worth knowing before running, e.g. a percentile over too few requests. */
  notes: readonly string[];
}

/** Abort conditions are evaluated every second. */
export const ABORT_EVERY_MS = 1000;

export function planExperiment(experiment: Experiment, topology: Topology, slos: SloSet, options: PlanOptions = {}): ExperimentPlan {
  const words: DescribeContext = { topology, slos, timeScale: experiment.timeScale, ...(options.scrapeIntervalMs !== undefined ? { scrapeIntervalMs: options.scrapeIntervalMs } : {}) };
  const { steadyState } = experiment;
  const load = planLoad(experiment);
  const faultsStartMs = steadyState.baselineMs;
  const faultsEndMs = faultsStartMs + faultPhaseLengthMs(experiment.method);
  const recoveryDeadlineMs = faultsEndMs + experiment.recovery.withinMs;
  const loadEndMs = load.endMs;
  const totalMs = loadEndMs + load.timeoutMs;
  const faults = planFaults(experiment, words);
  const checks = planChecks(experiment, words, { faultsStartMs, faultsEndMs, recoveryDeadlineMs, loadEndMs });
  const rollbackSteps = [
    'remove every fault still in place (toxics deleted, proxies enabled, services resumed or started, policies restored)',
    ...experiment.rollbacks.map(() => 'restore all: POST /restore on the supervisor (resume every paused service, start every stopped one)'),
  ];
  const publicService = topology.services.find((s) => s.public);
  const phases: PlannedPhase[] = [
    { name: 'preflight', startMs: 0, endMs: 0, description: 'before the load starts: targets present, no fault left from an earlier run (the run refuses to start over one), leases supported' },
    { name: 'baseline', startMs: 0, endMs: faultsStartMs, description: 'load only; the before checks judge its end' },
    { name: 'faults', startMs: faultsStartMs, endMs: faultsEndMs, description: experiment.method.length > 0 ? 'faults injected and removed on schedule; during checks watch' : 'no fault: the hypothesis is only checked under load' },
    { name: 'rollback', startMs: faultsEndMs, endMs: faultsEndMs, description: 'every fault still in place is removed; runs on abort and Ctrl-C too' },
    { name: 'recovery', startMs: faultsEndMs, endMs: recoveryDeadlineMs, description: 'the after checks are polled until they pass' },
    { name: 'observe', startMs: recoveryDeadlineMs, endMs: loadEndMs, description: 'the load goes on; the after checks judge its end' },
    { name: 'verdict', startMs: loadEndMs, endMs: totalMs, description: 'the last requests settle, then the verdict' },
  ];
  return {
    name: experiment.metadata.name,
    title: experiment.metadata.title,
    file: experiment.file,
    ...(steadyState.hypothesis ? { hypothesis: steadyState.hypothesis } : {}),
    seed: options.seed ?? experiment.seed ?? 0,
    timeScale: experiment.timeScale,
    timeScaleNote: timeScaleNote(experiment, slos),
    entryPoint: { service: publicService?.name ?? '', address: publicService ? `${publicService.host}:${publicService.port}${publicService.port === 0 ? ' (port chosen at start)' : ''}` : '' },
    phases,
    faultsStartMs,
    faultsEndMs,
    recoveryDeadlineMs,
    loadEndMs,
    totalMs,
    faults,
    timeline: timeline(experiment, load, faults, checks, { faultsStartMs, faultsEndMs, recoveryDeadlineMs, loadEndMs, totalMs }, topology),
    load,
    checks,
    abort: {
      everyMs: ABORT_EVERY_MS,
      fromMs: 0,
      toMs: loadEndMs,
      conditions: experiment.abort.map((condition) => describeAbort(condition, words)),
      manual: `Ctrl-C (SIGINT) or SIGTERM stops the run by hand; the rollback runs the same way, and if the runner dies, leases remove its proxy faults within ${formatDuration(experiment.safety.leaseTtlMs)}`,
    },
    rollback: { atMs: faultsEndMs, steps: rollbackSteps },
    leases: { ttlMs: experiment.safety.leaseTtlMs, renewEveryMs: Math.max(200, Math.floor(experiment.safety.leaseTtlMs / 5)) },
    notes: notes(experiment, load, checks, faultsStartMs),
  };
}

function planFaults(experiment: Experiment, words: DescribeContext): PlannedFault[] {
  const start = experiment.steadyState.baselineMs;
  return faultWindows(experiment.method).map(({ fault, startMs, endMs, untilRollback }) => {
    const text = describeFault(fault, words);
    const instant = startMs === endMs && fault.kind === 'process' && fault.action === 'restart';
    return {
      name: fault.name,
      kind: fault.kind,
      target: text.target,
      description: text.inject,
      injectMs: start + startMs,
      removeMs: start + endMs,
      removal: instant ? 'instant' : untilRollback ? 'rollback' : 'schedule',
      removeDescription: text.remove,
      ...(fault.kind === 'toxic' ? { toxicName: fault.toxicName } : {}),
      leased: fault.kind === 'toxic' || fault.kind === 'outage' || (fault.kind === 'process' && fault.action === 'pause'),
    };
  });
}

interface Marks {
  faultsStartMs: number;
  faultsEndMs: number;
  recoveryDeadlineMs: number;
  loadEndMs: number;
}

function planChecks(experiment: Experiment, words: DescribeContext, marks: Marks): CheckSchedule {
  const { steadyState } = experiment;
  const named = (moment: CheckMoment) => steadyState.checks.filter((c) => c.when.includes(moment)).map((c) => c.name);
  const before = named('before');
  const during = named('during');
  const after = named('after');
  // Budget consumed only grows within a period, so it cannot "return"; it is judged after, never polled for recovery.
  const recovering = steadyState.checks.filter((c) => c.when.includes('after') && c.condition.kind !== 'budget').map((c) => c.name);
  const count = Math.floor((marks.faultsEndMs - marks.faultsStartMs) / steadyState.everyMs);
  return {
    checks: steadyState.checks.map((check) => ({ name: check.name, when: check.when, description: describeCheck(check.condition, words) })),
    ...(before.length > 0 ? { before: { atMs: marks.faultsStartMs, checks: before } } : {}),
    ...(during.length > 0 && count > 0 ? { during: { fromMs: marks.faultsStartMs, toMs: marks.faultsEndMs, everyMs: steadyState.everyMs, count, checks: during } } : {}),
    ...(recovering.length > 0 ? { recovery: { fromMs: marks.faultsEndMs, deadlineMs: marks.recoveryDeadlineMs, everyMs: steadyState.everyMs, checks: recovering } } : {}),
    ...(after.length > 0 ? { after: { atMs: marks.loadEndMs, checks: after } } : {}),
  };
}

function timeline(experiment: Experiment, load: PlannedLoad, faults: readonly PlannedFault[], checks: CheckSchedule, marks: Marks & { totalMs: number }, topology: Topology): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  const add = (atMs: number, kind: TimelineKind, text: string) => events.push({ atMs, kind, text });
  add(0, 'preflight', 'blast radius, targets present, no fault left from an earlier run, leases supported');
  add(0, 'load', `load starts on ${publicName(topology)}: ${loadWords(load)}, ${load.totalRequests} requests planned`);
  if (checks.before) add(checks.before.atMs, 'check', `before checks (the gate): ${checks.before.checks.join(', ')}`);
  add(marks.faultsStartMs, 'phase', experiment.method.length > 0 ? `fault phase starts${checks.during ? `; during checks every ${formatDuration(checks.during.everyMs)}` : ''}` : 'no fault: hypothesis only');
  const faultEvents: TimelineEvent[] = faults.flatMap((fault) => {
    const inject: TimelineEvent = { atMs: fault.injectMs, kind: 'inject', text: `${fault.name}: ${fault.description}` };
    if (fault.removal === 'instant') return [inject];
    const removeText = fault.removal === 'rollback' ? `${fault.name}: ${fault.removeDescription} (at the rollback)` : `${fault.name}: ${fault.removeDescription}`;
    return [inject, { atMs: fault.removeMs, kind: 'remove', text: removeText }];
  });
  // Removals first at one instant, so a fault can follow another on the same target.
  faultEvents.sort((a, b) => a.atMs - b.atMs || rank(a.kind) - rank(b.kind));
  events.push(...faultEvents);
  add(marks.faultsEndMs, 'rollback', `every fault still in place removed${experiment.rollbacks.length > 0 ? '; restore all' : ''}`);
  if (checks.recovery) {
    add(marks.faultsEndMs, 'phase', `recovery: after checks polled every ${formatDuration(checks.recovery.everyMs)}`);
    add(marks.recoveryDeadlineMs, 'deadline', `recovery deadline (${formatDuration(experiment.recovery.withinMs)} after the last fault)`);
  }
  if (checks.after) add(checks.after.atMs, 'check', `after checks: ${checks.after.checks.join(', ')}`);
  add(marks.loadEndMs, 'load', 'load stops');
  add(marks.totalMs, 'end', `last requests settled (timeout ${formatDuration(load.timeoutMs)}); verdict`);
  return events.map((event, index) => ({ event, index })).sort((a, b) => a.event.atMs - b.event.atMs || a.index - b.index).map(({ event }) => event);
}

function rank(kind: TimelineKind): number {
  return kind === 'remove' ? 0 : 1;
}

export function loadWords(load: PlannedLoad): string {
  const [only] = load.stages;
  if (load.stages.length === 1 && only && only.fromRate === only.toRate) return `${formatNumber(only.toRate)} rps for ${formatDuration(only.endMs)}`;
  return `${load.stages.length} stages over ${formatDuration(load.endMs)} (${load.stages.map((s) => `${formatNumber(s.fromRate)}→${formatNumber(s.toRate)} rps`).join(', ')})`;
}

function timeScaleNote(experiment: Experiment, slos: SloSet): string {
  const periods = [...new Set(slos.slos.map((slo) => slo.periodMs))];
  if (experiment.timeScale === 1) return 'real time (×1)';
  return `×${formatNumber(experiment.timeScale)}: ${periods.map((ms) => `a ${formatDuration(ms)} budget period lasts ${formatDuration(ms / experiment.timeScale)}`).join('; ')}`;
}

/** A percentile needs at least 100 / (100 − p) requests in its window to be more than the maximum. */
function notes(experiment: Experiment, load: PlannedLoad, checks: CheckSchedule, faultsStartMs: number): string[] {
  const result: string[] = [];
  if (experiment.steadyState.checks.length === 0) result.push('no steady-state check: the run observes but cannot deviate');
  else if (!checks.recovery && experiment.method.length > 0) result.push('no check is judged after the faults, so recovery is not judged');
  const total = Object.values(experiment.load.mix).reduce((sum, weight) => sum + weight, 0);
  const schedule = runSchedule(experiment);
  for (const check of experiment.steadyState.checks) {
    if (check.condition.kind !== 'latency') continue;
    const { percentile, windowMs, kinds } = check.condition;
    const share = kinds.length === 0 ? 1 : kinds.reduce((sum, kind) => sum + (experiment.load.mix[kind] ?? 0), 0) / total;
    const from = check.when.includes('before') ? Math.max(0, faultsStartMs - windowMs) : faultsStartMs;
    const requests = lowestRate(schedule, from, load.endMs) * share * (windowMs / 1000);
    const needed = 100 / (100 - percentile);
    if (requests < needed) {
      result.push(
        `"${check.name}": p${formatNumber(percentile)} over ${formatDuration(windowMs)} sees as few as ${formatNumber(requests)} requests, fewer than the ${formatNumber(Math.ceil(needed))} it needs to be more than the slowest one (${formatPercent(share * 100)} of the load); lengthen the window or raise the rate`,
      );
    }
  }
  return result;
}
