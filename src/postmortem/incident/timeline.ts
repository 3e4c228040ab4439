import type { JournalEvent, RunStartedEvent } from '../../runner/journal/events.js';
import { formatObserved } from '../../runner/journal/format.js';
import { burn, elapsed, pct } from '../format.js';
import { alertEvidence } from './markers.js';
import type { AlertFacts, BudgetImpact, Evidence, FaultWindow, PhaseMarker, TimelineEntry } from './model.js';
import { clientOutcomes, policyChanges, proxyEnabled, proxyToxics, query, sloBudgetRemaining } from './queries.js';

/**
 * The timeline: what the journal recorded, one row per moment that matters, in UTC, each with its
 * evidence — the journal line (`seq` is the line number: one event per line, seqs without gaps),
 * a metric query, or the alert. Routine events (every load sample, every snapshot, every passing
 * check) stay in the journal; the rows keep the story: faults, first deviations, alerts, budget
 * exhaustion, aborts, removals, recovery, notes, verdict. The phase markers sit on the row of the
 * event they are (the first page, the last removal) or get a row of their own.
 */
export interface TimelineInputs {
  events: readonly JournalEvent[];
  started: RunStartedEvent;
  faults: readonly FaultWindow[];
  alerts: readonly AlertFacts[];
  budgets: readonly BudgetImpact[];
  markers: readonly PhaseMarker[];
  window: string;
}

export function buildTimeline(input: TimelineInputs): TimelineEntry[] {
  const rows: TimelineEntry[] = [];
  let source = 'runner';
  const add = (at: string, seq: number, text: string, evidence: Evidence[] = [{ kind: 'journal', line: seq }]) => rows.push({ at, seq, source, text, markers: [], evidence });
  const failedChecks = new Set<string>();
  const failedProbes = new Set<string>();
  const alertsBySeq = new Map<number, AlertFacts>();
  for (const alert of input.alerts) {
    alertsBySeq.set(alert.firedLine, alert);
    if (alert.resolvedLine !== undefined) alertsBySeq.set(-alert.resolvedLine, alert);
  }

  for (const event of input.events) {
    source = sourceOf(event);
    switch (event.type) {
      case 'run_started':
        add(event.time, event.seq, `Run of ${event.experiment.file} started (seed ${event.seed}, ${event.mode === 'embedded' ? 'embedded system' : 'existing system'})`);
        break;
      case 'phase':
        if (event.phase === 'baseline' && event.status === 'started') add(event.time, event.seq, 'Baseline begins: the load generator starts sending requests');
        if (event.phase === 'recovery' && event.status === 'completed') add(event.time, event.seq, 'Recovery check: every after-check within tolerance again');
        if (event.phase === 'recovery' && event.status === 'failed') add(event.time, event.seq, `Recovery check: ${event.detail ?? 'steady state not back by the deadline'}`);
        if (event.status === 'skipped' && event.phase === 'faults') add(event.time, event.seq, `No fault injected: ${event.detail ?? 'the faults phase was skipped'}`);
        break;
      case 'hypothesis': {
        if (event.when === 'before') {
          const out = event.checks.filter((c) => !c.ok);
          add(event.time, event.seq, out.length === 0 ? `Steady state confirmed before any fault (${event.checks.length} check${event.checks.length === 1 ? '' : 's'} within tolerance)` : `Before any fault, ${out.map((c) => `"${c.name}" observed ${formatObserved(c.kind, c.observed)} (tolerance ${c.tolerance})`).join('; ')}`);
          break;
        }
        for (const check of event.checks) {
          if (check.ok || failedChecks.has(check.name)) continue;
          failedChecks.add(check.name);
          add(event.time, event.seq, `Check "${check.name}" first out of tolerance (${event.when}): observed ${formatObserved(check.kind, check.observed)}, tolerance ${check.tolerance}`);
        }
        break;
      }
      case 'fault_injected': {
        const fault = input.faults.find((f) => f.injectLine === event.seq);
        const error = event.error !== undefined ? `; the injection reported an error (${event.error}), so it may or may not be in place` : '';
        add(event.time, event.seq, `Fault ${event.faultId} injected: ${fault?.description ?? event.kind}${error}`, [{ kind: 'journal', line: event.seq }, ...faultQueries(event, input.started, input.window, event.time)]);
        break;
      }
      case 'fault_removed':
        if (event.error !== undefined) add(event.time, event.seq, `Removal of fault ${event.faultId} reported an error (${event.error}): the fault stays in place`);
        else add(event.time, event.seq, `Fault ${event.faultId} removed (${event.reason})`, [{ kind: 'journal', line: event.seq }, ...faultQueries(event, input.started, input.window, event.time)]);
        break;
      case 'rollback':
        add(event.time, event.seq, event.ok ? `Rollback confirmed fault ${event.faultId} is gone` : `Rollback of fault ${event.faultId} reported an error: ${event.error ?? 'no detail'}`);
        break;
      case 'alert': {
        const fired = event.status === 'firing' ? alertsBySeq.get(event.seq) : alertsBySeq.get(-event.seq);
        if (!fired) break;
        const what = `${capitalise(event.severity ?? 'alert')} ${event.status === 'firing' ? 'firing' : 'resolved'}${event.slo ? ` for ${event.slo}` : ''} (${event.source === 'alertmanager' ? 'Alertmanager' : 'evaluator'})`;
        if (event.status === 'firing') add(event.time, event.seq, `${what}${burnText(fired)}`, alertEvidence(fired, input.window));
        else add(event.time, event.seq, what, [{ kind: 'alert', alertname: event.alertname, source: event.source, line: event.seq }]);
        break;
      }
      case 'probe':
        if (!event.ok && !failedProbes.has(event.name)) {
          failedProbes.add(event.name);
          add(event.time, event.seq, `Probe "${event.name}" did not succeed${event.status !== undefined ? ` (HTTP ${event.status})` : ''}${event.error ? `: ${event.error}` : ''}`);
        }
        break;
      case 'abort':
        add(event.time, event.seq, `Abort condition "${event.condition}" tripped: ${event.reason}`);
        break;
      case 'note':
        add(event.time, event.seq, `Note${event.role ? ` (${event.role})` : ''}: ${event.text}`);
        break;
      case 'verdict':
        add(event.time, event.seq, `Verdict: ${event.result} (exit ${event.exitCode})`);
        break;
      case 'run_finished':
        add(event.time, event.seq, `Run finished, ${elapsed(event.durationMs)} after it started`);
        break;
      default:
        break;
    }
  }
  source = 'SLO evaluator';
  for (const budget of input.budgets) {
    if (!budget.exhaustedAt) continue;
    add(budget.exhaustedAt.at, budget.exhaustedAt.line, `${budget.slo} has spent its whole error budget for the period (${pct(1)} consumed)`, [{ kind: 'journal', line: budget.exhaustedAt.line }, query(sloBudgetRemaining(budget.slo), budget.exhaustedAt.at)]);
  }
  for (const marker of input.markers) {
    if (marker.at === undefined) continue;
    const host = rows.find((r) => r.seq === marker.seq && r.at === marker.at);
    if (host) host.markers.push(marker.name);
    else rows.push({ at: marker.at, seq: marker.seq, source: marker.name === 'INCIDENT BEGINS' ? 'alerting' : 'load generator', text: capitalise(marker.explanation), markers: [marker.name], evidence: marker.evidence });
  }
  return rows.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.seq - b.seq);
}

function sourceOf(event: JournalEvent): string {
  switch (event.type) {
    case 'alert':
      return event.source === 'alertmanager' ? 'Alertmanager' : 'SLO evaluator';
    case 'note':
      return event.role ?? 'note';
    case 'abort':
      return 'abort condition';
    case 'hypothesis':
    case 'probe':
      return 'steady-state checks';
    default:
      return 'runner';
  }
}

function burnText(alert: AlertFacts): string {
  if (alert.tiers[0]) return `: ${alert.tiers[0]}`;
  const rates = Object.entries(alert.burnRates ?? {}).filter((entry): entry is [string, number] => entry[1] !== null);
  if (rates.length === 0) return '';
  const [window, rate] = rates[0] as [string, number];
  return `: burn rate ${burn(rate)} over ${window}`;
}

/** Queries that show a fault's effect where it acts: the proxy's state and what the caller saw. */
export function faultQueries(fault: Pick<FaultWindow, 'kind' | 'target'>, started: RunStartedEvent, window: string, at: string): Evidence[] {
  const target = fault.target;
  if ('proxy' in target) {
    const proxy = started.topology.proxies.find((p) => p.name === target.proxy);
    const state = fault.kind === 'outage' ? proxyEnabled(target.proxy) : proxyToxics(target.proxy);
    return [query(state, at), ...(proxy ? [query(clientOutcomes(proxy.caller, proxy.service, window), at)] : [])];
  }
  if (fault.kind === 'policy') return [query(policyChanges(target.service, target.peer), at)];
  const caller = started.topology.proxies.find((p) => p.service === target.service);
  return caller ? [query(clientOutcomes(caller.caller, target.service, window), at)] : [];
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
