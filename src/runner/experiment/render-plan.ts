import { formatDuration } from '../../core/durations.js';
import { formatNumber, formatOffset } from './format.js';
import { loadWords, type ExperimentPlan } from './plan.js';

/**
 * The text `faultline run --dry-run` prints: the timeline with absolute times, the phases, the
 * load, the checks, the abort conditions and the rollback. Plain text, no colour, deterministic
 * (golden-tested), so it can be pasted into a game-day briefing.
 */
export function renderPlan(plan: ExperimentPlan): string {
  const lines: string[] = [];
  const section = (title: string) => lines.push('', title);
  lines.push(`Experiment ${plan.name}: ${plan.title}`);
  lines.push(`  file         ${plan.file}`);
  if (plan.hypothesis) lines.push(`  hypothesis   ${plan.hypothesis}`);
  lines.push(`  seed         ${plan.seed}`);
  lines.push(`  time scale   ${plan.timeScaleNote}`);
  if (plan.entryPoint.service) lines.push(`  entry point  ${plan.entryPoint.service} at ${plan.entryPoint.address}`);
  lines.push(`  duration     ${formatDuration(plan.totalMs)} (load ${formatDuration(plan.loadEndMs)} + request timeout ${formatDuration(plan.load.timeoutMs)})`);

  section('Timeline');
  const width = Math.max(...plan.timeline.map((event) => event.kind.length));
  for (const event of plan.timeline) lines.push(`  ${formatOffset(event.atMs)}  ${event.kind.padEnd(width)}  ${event.text}`);

  section('Phases');
  const phaseWidth = Math.max(...plan.phases.map((phase) => phase.name.length));
  for (const phase of plan.phases) {
    lines.push(`  ${phase.name.padEnd(phaseWidth)}  ${formatOffset(phase.startMs)} → ${formatOffset(phase.endMs)}  ${phase.description}`);
  }

  section(`Load: ${loadWords(plan.load)}`);
  plan.load.stages.forEach((stage, index) => {
    lines.push(`  stage ${index + 1}  ${formatOffset(stage.startMs)} → ${formatOffset(stage.endMs)}  ${formatNumber(stage.fromRate)} → ${formatNumber(stage.toRate)} rps  ${stage.requests} requests`);
  });
  lines.push(`  total    ${plan.load.totalRequests} requests; one taking over ${formatDuration(plan.load.timeoutMs)} counts as failed`);
  lines.push(`  mix      ${plan.load.mix.map((m) => `${m.kind} ${formatNumber(m.percent)} % (~${m.requests})`).join(', ')}`);

  section('Steady state');
  if (plan.checks.checks.length === 0) lines.push('  (no checks)');
  for (const check of plan.checks.checks) lines.push(`  - ${check.name} [${check.when.join(', ')}]: ${check.description}`);
  const { before, during, recovery, after } = plan.checks;
  if (before) lines.push(`  before    ${formatOffset(before.atMs)}, the gate: no fault is injected unless every check passes`);
  if (during) lines.push(`  during    every ${formatDuration(during.everyMs)} from ${formatOffset(during.fromMs)} to ${formatOffset(during.toMs)} (${during.count} evaluations); a failure is a deviation`);
  if (recovery) lines.push(`  recovery  polled every ${formatDuration(recovery.everyMs)} from ${formatOffset(recovery.fromMs)}; deadline ${formatOffset(recovery.deadlineMs)}`);
  if (after) lines.push(`  after     ${formatOffset(after.atMs)}`);

  section(`Abort when (checked every ${formatDuration(plan.abort.everyMs)} from ${formatOffset(plan.abort.fromMs)} to ${formatOffset(plan.abort.toMs)})`);
  for (const condition of plan.abort.conditions) lines.push(`  - ${condition}`);
  lines.push(`  - ${plan.abort.manual}`);

  section(`Rollback at ${formatOffset(plan.rollback.atMs)} (and on any stop)`);
  for (const step of plan.rollback.steps) lines.push(`  - ${step}`);
  lines.push(`  leases: ${formatDuration(plan.leases.ttlMs)} on every proxy fault, renewed every ${formatDuration(plan.leases.renewEveryMs)}`);

  if (plan.notes.length > 0) {
    section('Notes');
    for (const note of plan.notes) lines.push(`  - ${note}`);
  }
  return `${lines.join('\n')}\n`;
}
