import { formatDuration, parseDuration } from '../../core/durations.js';
import { isLoopbackHost } from '../../load/loopback.js';
import { MIX_KINDS } from './build-load.js';
import { checkReachableBurn, resolveSlo, resolveWindow } from './build-slo.js';
import type { BuildContext } from './build-target.js';
import type { CheckCondition, CheckMoment, LoadModel, Safety, SteadyState, SteadyStateCheck } from './model.js';
import { exactlyOne, type Path } from './problems.js';
import { DEFAULTS, type RawCheck, type RawExperiment } from './spec.js';

const CHECK_KINDS = ['errorRatio', 'latency', 'burnRate', 'budget', 'probe'] as const;
const MOMENTS: readonly CheckMoment[] = ['before', 'during', 'after'];

/**
 * The hypothesis (Chaos Toolkit's steady-state-hypothesis, with Litmus-style moments): each check is
 * judged at the moments it names, or at those the steady state enables.
 */
export function buildSteadyState(raw: RawExperiment, load: LoadModel, safety: Safety, context: BuildContext): SteadyState {
  const state = raw.steadyState ?? {};
  const baselineMs = parseDuration(state.baseline ?? DEFAULTS.baseline);
  const everyMs = parseDuration(state.every ?? DEFAULTS.every);
  if (everyMs <= 0) context.problems.report(['steadyState', 'every'], 'every 0s would judge the checks in a busy loop; use an interval such as 1s');
  const enabled = MOMENTS.filter((moment) => state[moment] ?? true);
  const seen = new Map<string, number>();
  const checks: SteadyStateCheck[] = [];
  (state.checks ?? []).forEach((rawCheck, index) => {
    const at: Path = ['steadyState', 'checks', index];
    const first = seen.get(rawCheck.name);
    if (first !== undefined) context.problems.report([...at, 'name'], `check "${rawCheck.name}" is declared twice (first at line ${context.problems.line(['steadyState', 'checks', first, 'name'])})`);
    else seen.set(rawCheck.name, index);
    const when = rawCheck.when ?? enabled;
    if (when.length === 0) context.problems.report(at, `check "${rawCheck.name}" is never judged: steadyState.before, during and after are all false; give it a \`when\``);
    const condition = buildCondition(rawCheck, at, load, safety, context);
    if (!condition) return;
    if (when.includes('before') && 'windowMs' in condition && condition.kind !== 'burnRate' && condition.windowMs > baselineMs) {
      context.problems.report(
        [...at, condition.kind, 'window'],
        `the ${formatDuration(condition.windowMs)} window is longer than the ${formatDuration(baselineMs)} baseline, so the \`before\` check would judge less traffic than it says; shorten the window or lengthen steadyState.baseline`,
      );
    }
    checks.push({ name: rawCheck.name, when, condition });
  });
  return { ...(state.hypothesis ? { hypothesis: state.hypothesis } : {}), baselineMs, everyMs, checks };
}

function buildCondition(raw: RawCheck, at: Path, load: LoadModel, safety: Safety, context: BuildContext): CheckCondition | undefined {
  const kind = exactlyOne(raw, CHECK_KINDS, at, 'a check', context.problems);
  const report = context.problems.report.bind(context.problems);
  switch (kind) {
    case 'errorRatio': {
      const spec = raw.errorRatio!;
      if (spec.max >= 100) report([...at, kind, 'max'], `max ${spec.max} % cannot fail: an error ratio never exceeds 100 %; use a percentage such as 1`);
      return { kind, maxPercent: spec.max, windowMs: window(spec.window, [...at, kind, 'window'], context), kinds: kinds(spec.kinds, [...at, kind, 'kinds'], load, context) };
    }
    case 'latency': {
      const spec = raw.latency!;
      if (!(spec.percentile > 0 && spec.percentile < 100)) report([...at, kind, 'percentile'], `percentile ${spec.percentile} is out of range: it is above 0 and below 100, such as 99 for p99`);
      const maxMs = parseDuration(spec.max);
      if (maxMs <= 0) report([...at, kind, 'max'], 'a latency of 0 cannot be met; give the slowest tolerated answer, such as 500ms');
      return { kind, percentile: spec.percentile, maxMs, windowMs: window(spec.window, [...at, kind, 'window'], context), kinds: kinds(spec.kinds, [...at, kind, 'kinds'], load, context) };
    }
    case 'burnRate': {
      const spec = raw.burnRate!;
      const slo = resolveSlo(context, [...at, kind, 'slo'], spec.slo);
      const windowMs = resolveWindow(context, [...at, kind, 'window'], slo, spec.window);
      checkReachableBurn(context, [...at, kind, 'max'], slo, spec.max, 'the check can never fail');
      return { kind, slo: spec.slo, windowMs, max: spec.max };
    }
    case 'budget': {
      const spec = raw.budget!;
      resolveSlo(context, [...at, kind, 'slo'], spec.slo);
      return { kind, slo: spec.slo, maxConsumedPercent: spec.maxConsumed };
    }
    case 'probe':
      return buildProbe(raw, at, safety, context);
    default:
      return undefined;
  }
}

function buildProbe(raw: RawCheck, at: Path, safety: Safety, context: BuildContext): CheckCondition | undefined {
  const spec = raw.probe!;
  const where: Path = [...at, 'probe'];
  const timeoutMs = parseDuration(spec.timeout ?? DEFAULTS.probeTimeout);
  if (timeoutMs <= 0) context.problems.report([...where, 'timeout'], 'a probe timeout of 0 fails every probe; use a duration such as 1s');
  const expectStatus = spec.expectStatus === undefined ? [DEFAULTS.expectStatus] : Array.isArray(spec.expectStatus) ? spec.expectStatus : [spec.expectStatus];
  const base = { kind: 'probe' as const, expectStatus, timeoutMs };
  if (spec.path !== undefined && spec.url !== undefined) {
    context.problems.report([...where, 'url'], 'a probe has a path (on the public service) or a url, not both');
    return undefined;
  }
  if (spec.path !== undefined) {
    if (!context.topology.services.some((s) => s.public)) context.problems.report([...where, 'path'], 'the topology declares no public service (public: true) for the path to be on; give a url instead');
    return { ...base, target: { path: spec.path } };
  }
  if (spec.url === undefined) {
    context.problems.report(where, 'a probe needs a path (on the public service, e.g. /readyz) or a url');
    return undefined;
  }
  let host: string;
  try {
    host = new URL(spec.url).hostname;
  } catch {
    context.problems.report([...where, 'url'], `"${spec.url}" is not a URL`);
    return undefined;
  }
  if (!isLoopbackHost(host) && !safety.allowNonLoopbackUpstream) {
    context.problems.report(
      [...where, 'url'],
      `${spec.url} is outside 127.0.0.0/8: Faultline only probes this machine; set safety.allowNonLoopbackUpstream: true if that system is yours to probe`,
    );
  }
  return { ...base, target: { url: spec.url } };
}

function window(text: string | undefined, at: Path, context: BuildContext): number {
  const ms = parseDuration(text ?? DEFAULTS.checkWindow);
  if (ms <= 0) context.problems.report(at, 'a window of 0 holds no request; use a duration such as 5s');
  return ms;
}

/** Request kinds a check counts: known to the load generator and sent by this load. */
function kinds(given: string[] | undefined, at: Path, load: LoadModel, context: BuildContext): string[] {
  for (const [index, kind] of (given ?? []).entries()) {
    if (!MIX_KINDS.includes(kind)) context.problems.report([...at, index], `unknown request kind "${kind}"; the load generator sends ${MIX_KINDS.join(', ')}`);
    else if ((load.mix[kind] ?? 0) === 0) context.problems.report([...at, index], `the load sends no ${kind} requests (weight 0 in load.mix), so this check would see none`);
  }
  return given ?? [];
}
