import { formatObserved } from '../../runner/journal/format.js';
import { alertName, elapsed, latency, list, pct, plural, utc } from '../format.js';
import { marker, type IncidentContext } from './context.js';
import { alertEvidence } from './markers.js';
import type { FaultWindow, Statement } from './model.js';
import { fact, faultBurn, faultCounts, journal, prompt, symptom } from './narrative.js';
import { query, sloErrorRatio } from './queries.js';

/**
 * Lessons learned, Google-style: what went well and what went wrong are facts the harness saw
 * (a draft should not praise or fault anything it cannot point to); where we got lucky is a set of
 * prompts, since luck is a judgement the review makes.
 */

export function wentWell(context: IncidentContext): Statement[] {
  const out: Statement[] = [];
  for (const detection of context.detection) {
    const alert = detection.detectedBy;
    if (!alert || detection.ttdMs === undefined) continue;
    out.push(fact(`${capital(alertName(alert))} fired ${elapsed(detection.ttdMs)} after fault ${detection.faultId} began${alert.tiers[0] ? `; burn-rate tier: ${alert.tiers.join('; ')}` : ''}.`, alertEvidence(alert, context.window)));
  }
  for (const detection of context.detection) {
    if (!detection.resolvedAt || !detection.mitigatedAt) continue;
    const ends = marker(context, 'OUTAGE ENDS');
    const lag = Date.parse(detection.resolvedAt) - Date.parse(detection.mitigatedAt);
    out.push(fact(`The load was back to nominal ${lag < 1 ? 'as soon as' : `${elapsed(lag)} after`} fault ${detection.faultId} was removed.`, ends.evidence.length > 0 ? ends.evidence : []));
  }
  const recovered = context.events.find((e) => e.type === 'phase' && e.phase === 'recovery' && e.status === 'completed');
  if (recovered) out.push(fact(`Every after-check was back within tolerance before the recovery deadline (${elapsed(context.experiment.recoveryWithinMs)}).`, [journal(recovered.seq)]));
  out.push(...containedChecks(context));
  out.push(...failedFast(context));
  const removed = context.faults.filter((f) => f.removedAt !== undefined);
  if (context.faults.length > 0 && removed.length === context.faults.length && context.rollbacks.every((r) => r.ok)) {
    out.push(fact(`Every fault was removed (${plural(removed.length, 'removal')}, none left behind).`, removed.map((f) => journal(f.removeLine as number))));
  }
  const abort = context.aborts[0];
  if (abort) {
    const removedByAbort = context.faults.filter((f) => f.removal === 'abort' && f.removedAt);
    const lastMs = removedByAbort.length > 0 ? Math.max(...removedByAbort.map((f) => Date.parse(f.removedAt as string))) : undefined;
    out.push(fact(`The abort condition stopped the run at ${utc(abort.time)}${lastMs !== undefined ? `, and the rollback removed the faults in place within ${elapsed(lastMs - Date.parse(abort.time))}` : ''}.`, [journal(abort.seq), ...removedByAbort.map((f) => journal(f.removeLine as number))]));
  }
  return out;
}

/** Checks that held during the faults while others did not: the blast radius stayed where they say. */
function containedChecks(context: IncidentContext): Statement[] {
  const during = context.hypotheses.filter((h) => h.when === 'during');
  if (during.length === 0) return [];
  const names = [...new Set(during.flatMap((h) => h.checks.map((c) => c.name)))];
  const held = names.filter((name) => during.every((h) => h.checks.find((c) => c.name === name)?.ok !== false));
  const notHeld = names.filter((name) => !held.includes(name));
  const evidence = [journal((during[0] as (typeof during)[number]).seq), journal((during[during.length - 1] as (typeof during)[number]).seq)];
  if (held.length === 0) return [];
  if (notHeld.length === 0) return [fact(`Every steady-state check stayed within tolerance at all ${plural(during.length, 'judgement')} during the faults.`, evidence)];
  return [fact(`${list(held.map((n) => `"${n}"`))} stayed within tolerance at all ${plural(during.length, 'judgement')} during the faults, while ${list(notHeld.map((n) => `"${n}"`))} did not: the impact stayed on what those checks measure.`, evidence)];
}

/** Failures that came back as fast as the baseline's answers: nothing waited for a timeout. */
function failedFast(context: IncidentContext): Statement[] {
  const baseline = context.seconds.filter((s) => context.faults.length > 0 && s.settledByMs <= Math.min(...context.faults.map((f) => Date.parse(f.injectedAt))));
  const p99s = baseline.map((s) => s.sample.p99Ms).filter((p): p is number => p !== null);
  if (p99s.length === 0) return [];
  const baselineWorst = Math.max(...p99s);
  const out: Statement[] = [];
  for (const fault of context.faults) {
    const counts = faultCounts(context, fault.faultId);
    if (!counts || counts.failed === 0 || counts.worstP99Ms === null || counts.worstP99Ms > baselineWorst * 1.25) continue;
    out.push(fact(`Requests failed fast during fault ${fault.faultId}: the worst per-second p99 was ${latency(counts.worstP99Ms)}, against ${latency(baselineWorst)} in the baseline, so failing requests came back about as quickly as successful ones did before the fault.`, counts.lines.map(journal)));
  }
  return out;
}

export function wentWrong(context: IncidentContext): Statement[] {
  const out: Statement[] = [];
  const last = context.events[context.events.length - 1];
  if (last && last.type !== 'run_finished') out.push(fact(`The journal ends at ${utc(last.time)} without run_finished: the run stopped before it finished.`, [journal(last.seq)]));
  for (const fault of context.faults.filter((f) => !f.removedAt)) out.push(fact(`Fault ${fault.faultId} has no recorded removal: it may still be in place.`, [journal(fault.injectLine)]));
  for (const rollback of context.rollbacks.filter((r) => !r.ok)) out.push(fact(`The rollback of fault ${rollback.faultId} reported an error: ${rollback.error ?? 'no detail'}.`, [journal(rollback.seq)]));
  out.push(...refutedChecks(context));
  for (const budget of context.impact.budgets) {
    if (budget.burned > 1e-9 && budget.consumedAtEnd >= 1) {
      out.push(fact(`${budget.slo} spent ${pct(budget.burned)} of its period's error budget in this run, ending at ${pct(budget.consumedAtEnd)} consumed (100 % is the whole budget).`, [...(budget.lastLine !== undefined ? [journal(budget.lastLine)] : []), ...(budget.exhaustedAt ? [journal(budget.exhaustedAt.line)] : [])]));
    }
  }
  for (const detection of context.detection) {
    if (!detection.impaired || detection.detectedBy) continue;
    const fault = context.faults.find((f) => f.faultId === detection.faultId) as FaultWindow;
    const counts = faultCounts(context, fault.faultId);
    const burned = faultBurn(context, fault.faultId);
    const burnText = burned.length > 0 ? ` and burned ${list(burned.map((b) => `${pct(b.burned)} of ${b.slo}'s budget`))}` : ' without burning any SLO budget';
    out.push(fact(`No alert fired for fault ${fault.faultId}, although it impaired the load from ${utc(detection.impactAt as string)} (${counts ? symptom(counts, context.impact.slowThresholdMs) : 'see Impact'})${burnText}.`, [journal(fault.injectLine), ...(counts?.lines.map(journal) ?? [])]));
  }
  const ends = marker(context, 'OUTAGE ENDS');
  const mitigated = marker(context, 'OUTAGE MITIGATED');
  if (mitigated.at && !ends.at && context.recoveryObserved && context.detection.some((d) => d.impaired)) out.push(fact(`The load had not returned to nominal when the journal ends: ${ends.explanation}.`, ends.evidence));
  const late = context.events.find((e) => e.type === 'phase' && e.phase === 'recovery' && e.status === 'failed');
  if (late?.type === 'phase') out.push(fact(`The after-checks were not back within the recovery deadline (${elapsed(context.experiment.recoveryWithinMs)}).`, [journal(late.seq)]));
  for (const abort of context.aborts) out.push(fact(`The abort condition "${abort.condition}" stopped the run at ${utc(abort.time)}: ${abort.reason}.`, [journal(abort.seq)]));
  if (context.neverInjected.length > 0) out.push(fact(`The run stopped before ${list(context.neverInjected.map((n) => `fault ${n}`))} ${context.neverInjected.length === 1 ? 'was' : 'were'} injected, so the experiment did not test ${context.neverInjected.length === 1 ? 'it' : 'them'}.`, context.aborts.map((a) => journal(a.seq))));
  const probes = new Map<string, number>();
  for (const probe of context.probes.filter((p) => !p.ok)) probes.set(probe.name, (probes.get(probe.name) ?? 0) + 1);
  for (const [name, n] of probes) out.push(fact(`The probe "${name}" did not succeed ${plural(n, 'time')}.`, [journal((context.probes.find((p) => p.name === name && !p.ok) as { seq: number }).seq)]));
  return out;
}

/** One statement per check that went out of tolerance, with its worst observation. */
function refutedChecks(context: IncidentContext): Statement[] {
  const out: Statement[] = [];
  const seen = new Map<string, { when: string; count: number; of: number; worst: number | null; kind: string; tolerance: string; lines: number[] }>();
  // Recovery polls are the harness waiting for the steady state; the recovery phase reports their outcome.
  for (const h of context.hypotheses.filter((x) => x.when === 'during' || x.when === 'after')) {
    for (const check of h.checks) {
      const key = `${h.when}\u0000${check.name}`;
      const entry = seen.get(key) ?? { when: h.when, count: 0, of: 0, worst: null, kind: check.kind, tolerance: check.tolerance, lines: [] };
      entry.of += 1;
      if (!check.ok) {
        entry.count += 1;
        entry.lines.push(h.seq);
        if (check.observed !== null && (entry.worst === null || check.observed > entry.worst)) entry.worst = check.observed;
      }
      seen.set(key, entry);
    }
  }
  for (const [key, entry] of seen) {
    if (entry.count === 0) continue;
    const name = key.split('\u0000')[1] as string;
    const worst = entry.worst !== null ? `, worst ${formatObserved(entry.kind as never, entry.worst)}` : '';
    const lines = entry.lines.length > 1 ? [entry.lines[0] as number, entry.lines[entry.lines.length - 1] as number] : entry.lines;
    out.push(fact(`${entry.when === 'during' ? 'During the faults' : 'After the faults'}, "${name}" was out of tolerance at ${entry.count} of ${plural(entry.of, 'judgement')}${worst} (tolerance ${entry.tolerance}).`, lines.map(journal)));
  }
  return out;
}

export function lucky(context: IncidentContext): Statement[] {
  const out: Statement[] = [];
  for (const budget of context.impact.budgets) {
    const alerted = context.alerts.some((a) => a.slo === budget.slo);
    if (alerted || budget.burned <= 1e-9) continue;
    const perFault = budget.perFault.filter((p) => p.burned > 1e-9);
    const rates = perFault.map((p) => {
      const fault = context.faults.find((f) => f.faultId === p.faultId);
      return fault?.durationMs ? p.burned / fault.durationMs : 0;
    });
    const rate = Math.max(0, ...rates);
    const remaining = budget.remaining;
    const lasts = rate > 0 && remaining > 0 ? ` At the rate seen during the fault, the remaining ${pct(remaining)} lasts about ${elapsed(remaining / rate)}.` : '';
    out.push(prompt(`${budget.slo} burned ${pct(budget.burned)} of its budget and no alert fired.${lasts} What signal shows a longer fault of this kind before the budget is gone?`, [...(budget.lastLine !== undefined ? [journal(budget.lastLine)] : []), query(sloErrorRatio(budget.slo, budget.shortWindow ?? context.window), context.started.time)]));
  }
  const scheduled = context.faults.filter((f) => f.removal === 'scheduled' && context.detection.find((d) => d.faultId === f.faultId)?.impaired);
  for (const fault of scheduled) {
    out.push(prompt(`Fault ${fault.faultId} ended on the experiment's schedule after ${elapsed(fault.durationMs ?? 0)}; outside an experiment nothing removes it on a timer. Which signal and which runbook step lead a responder to ${fault.kind === 'process' ? 'the service' : 'the dependency'} it hit?`, [journal(fault.removeLine as number)]));
  }
  for (const detection of context.detection.filter((d) => !d.impaired && (faultCounts(context, d.faultId)?.seconds ?? 0) > 0)) {
    out.push(prompt(`Fault ${detection.faultId} left no mark on the load or the budgets. Is that a mechanism worth keeping (which one?), or a gap in what the load exercises?`, [journal((context.faults.find((f) => f.faultId === detection.faultId) as FaultWindow).injectLine)]));
  }
  const aborted = context.aborts[0];
  if (aborted && context.neverInjected.length > 0) out.push(prompt(`The abort stopped the run before ${list(context.neverInjected)} ran. At the rate of burn seen before the abort, what share of the budget do the planned faults spend, and is the abort line where the exercise wants it?`, [journal(aborted.seq)]));
  return out;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
