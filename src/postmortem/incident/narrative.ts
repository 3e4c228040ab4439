import type { RemovalReason } from '../../runner/journal/events.js';
import { alertName, article, elapsed, latency, list, pct, plural, range, utc, utcDate } from '../format.js';
import { callPath, faultEdge, marker, type IncidentContext } from './context.js';
import type { Evidence, FaultWindow, LoadCounts, Statement } from './model.js';
import { clientOutcomes, query } from './queries.js';

/** Summary, trigger, contributing factors and resolution: facts stated, causes left as prompts. */

export function fact(text: string, evidence: Evidence[] = []): Statement {
  return { kind: 'fact', text, evidence };
}

export function prompt(text: string, evidence: Evidence[] = []): Statement {
  return { kind: 'prompt', text, evidence };
}

export function journal(line: number): Evidence {
  return { kind: 'journal', line };
}

/** "93 of 330 requests failed (28.2 %), between 1 and 3 answered later than 250 ms, worst per-second p99 176.3 ms". */
export function symptom(counts: LoadCounts, slowMs: number | undefined): string {
  const completed = counts.ok + counts.failed;
  const parts = [counts.failed === 0 ? `none of ${plural(completed, 'request')} failed` : `${counts.failed} of ${plural(completed, 'request')} failed${counts.errorRatio !== null ? ` (${pct(counts.errorRatio)})` : ''}`];
  if (counts.slow && slowMs !== undefined) parts.push(`${range(counts.slow)} answered later than ${latency(slowMs)}`);
  if (counts.worstP99Ms !== null) parts.push(`worst per-second p99 ${latency(counts.worstP99Ms)}`);
  return parts.join('; ');
}

export function faultCounts(context: IncidentContext, faultId: string): LoadCounts | undefined {
  return context.impact.perFault.find((p) => p.faultId === faultId)?.counts;
}

export function faultBurn(context: IncidentContext, faultId: string): Array<{ slo: string; burned: number }> {
  return context.impact.budgets.flatMap((b) => b.perFault.filter((p) => p.faultId === faultId && p.burned > 1e-9).map((p) => ({ slo: b.slo, burned: p.burned })));
}

const REMOVED_BY: Record<RemovalReason, string> = {
  scheduled: 'on schedule',
  rollback: 'by the rollback',
  abort: 'by the abort',
  panic: 'by the panic button',
  'lease-expired': 'by its lease expiring on the proxy',
};

export function summary(context: IncidentContext): string {
  const { started, experiment, faults, impact, verdict } = context;
  const sentences: string[] = [];
  const end = context.events[context.events.length - 1]?.time ?? started.time;
  sentences.push(`"${experiment.title}" ran from ${utc(started.time)} to ${utc(end)} UTC on ${utcDate(started.time)} against ${started.mode === 'embedded' ? 'the embedded' : 'a running'} ${started.topology.name} system${verdict ? `; verdict: ${verdict.result}` : '; the journal ends without a verdict'}.`);
  if (faults.length === 0) sentences.push('No fault was injected.');
  else {
    sentences.push(
      `${faults.map((f, i) => `${i === 0 ? 'Fault' : 'fault'} ${f.faultId}, ${article(f.description)}, was in place ${f.durationMs !== undefined ? `for ${elapsed(f.durationMs)} from ${utc(f.injectedAt)}` : `from ${utc(f.injectedAt)} with no recorded removal`}`).join('; ')}.`,
    );
    sentences.push(impact.duringFaults.seconds > 0 ? `While faults were in place, ${symptom(impact.duringFaults, impact.slowThresholdMs)}.` : 'No load sample covers the time faults were in place.');
    const burned = impact.budgets.filter((b) => b.burned > 1e-9).sort((a, b) => b.burned - a.burned);
    if (burned.length > 0) sentences.push(`${list(burned.slice(0, 3).map((b) => `${b.slo} burned ${pct(b.burned)}`))} of ${burned.length === 1 ? 'its' : 'their'} period's error budget during the run.`);
    else sentences.push('No SLO burned error budget.');
  }
  const detected = context.detection.filter((d) => d.detectedBy);
  const impaired = context.detection.filter((d) => d.impaired);
  if (detected.length > 0) {
    const first = detected.sort((a, b) => (a.ttdMs as number) - (b.ttdMs as number))[0];
    if (first?.detectedBy) sentences.push(`The first alert, ${alertName(first.detectedBy)}, fired ${elapsed(first.ttdMs as number)} after fault ${first.faultId} began.`);
  } else if (impaired.length > 0) sentences.push('No alert fired.');
  const ends = marker(context, 'OUTAGE ENDS');
  const mitigated = marker(context, 'OUTAGE MITIGATED');
  if (impaired.length > 0 && ends.at && mitigated.at) sentences.push(`The load was back to nominal ${lagText(Date.parse(ends.at) - Date.parse(mitigated.at))} the last fault was removed.`);
  else if (impaired.length > 0 && mitigated.at) sentences.push(context.recoveryObserved ? 'The load was still impaired when it ended.' : `The load stopped too soon after the removal to see recovery: ${context.loadStoppedBy ?? 'the journal ends'}.`);
  else if (faults.length > 0 && impaired.length === 0 && impact.duringFaults.seconds > 0) sentences.push('The load showed no impairment beyond its baseline.');
  return sentences.join(' ');
}

export function trigger(context: IncidentContext): Statement[] {
  if (context.faults.length === 0) {
    const skipped = context.events.find((e) => e.type === 'phase' && e.phase === 'faults' && e.status === 'skipped');
    return [fact(`No fault was injected${skipped?.type === 'phase' && skipped.detail ? `: ${skipped.detail}` : ''}.`, skipped ? [journal(skipped.seq)] : [])];
  }
  return context.faults.map((fault) => fact(`Fault ${fault.faultId}, injected at ${utc(fault.injectedAt)} by the experiment's method: ${fault.description}${attributes(fault)}.`, [journal(fault.injectLine)]));
}

function attributes(fault: FaultWindow): string {
  if (fault.toxic) {
    const attrs = Object.entries(fault.toxic.attributes).map(([k, v]) => `${k} ${v}`);
    const toxicity = fault.toxic.toxicity < 1 ? ` on ${pct(fault.toxic.toxicity)} of connections` : '';
    return `${attrs.length > 0 ? `, with ${attrs.join(', ')}` : ''}${toxicity}`;
  }
  if (fault.policy !== undefined) return `, with the policy ${JSON.stringify(fault.policy)}`;
  return '';
}

function lagText(ms: number): string {
  return ms < 1 ? 'as soon as' : `${elapsed(ms)} after`;
}

export function contributingFactors(context: IncidentContext): Statement[] {
  const statements: Statement[] = [];
  const { started, impact } = context;
  for (const detection of context.detection) {
    const fault = context.faults.find((f) => f.faultId === detection.faultId) as FaultWindow;
    const edge = faultEdge(started, fault);
    const counts = faultCounts(context, fault.faultId);
    const evidence: Evidence[] = [journal(fault.injectLine)];
    if (edge.caller) evidence.push(query(clientOutcomes(edge.caller, edge.service, context.window), fault.injectedAt));
    if (!detection.impaired && (counts?.seconds ?? 0) === 0) {
      statements.push(fact(`No load sample covers the time fault ${fault.faultId} was in place, so the journal holds no measure of its effect.`, evidence));
      continue;
    }
    if (!detection.impaired) {
      statements.push(prompt(`Fault ${fault.faultId}, ${article(fault.description)}, changed nothing the load measured. Which mechanism absorbed it — a timeout, a retry, a fallback — or does the load not exercise that path${context.experiment.requestKinds ? ` (it sends ${list(context.experiment.requestKinds)})` : ''}?`, evidence));
      continue;
    }
    const toCaller = edge.caller ? callPath(started, edge.caller) : undefined;
    const path = toCaller ? [...toCaller, edge.service] : callPath(started, edge.service);
    const route = path && path.length > 1 ? ` Requests reach ${edge.service} through ${path.join(' → ')}.` : '';
    statements.push(prompt(`Fault ${fault.faultId}, ${article(fault.description)}, reached the load: ${counts ? symptom(counts, impact.slowThresholdMs) : 'see Impact'}.${route} What let it reach ${context.publicService ?? 'the public service'}'s clients, and which request kinds depended on ${edge.service}?`, evidence));
    if (fault.kind === 'policy') statements.push(prompt(`Fault ${fault.faultId} replaced the declared resilience policy of ${edge.caller ?? edge.service}${edge.caller ? ` → ${edge.service}` : ''}. Which of its settings (retries, timeouts, breaker) shaped what the load saw?`, [journal(fault.injectLine)]));
    if (!detection.detectedBy) statements.push(prompt(`No page or ticket fired while fault ${fault.faultId} impaired the load. Which SLO covers this symptom, and how far below its alert thresholds did the burn stay?`, [journal(fault.injectLine)]));
  }
  const mitigated = marker(context, 'OUTAGE MITIGATED');
  const ends = marker(context, 'OUTAGE ENDS');
  if (mitigated.at && context.detection.some((d) => d.impaired)) {
    const lagMs = ends.at ? Date.parse(ends.at) - Date.parse(mitigated.at) : undefined;
    if ((lagMs === undefined && context.recoveryObserved) || (lagMs !== undefined && lagMs >= 1000)) {
      const how = lagMs === undefined ? 'After the last fault was removed, the load stayed impaired until it ended' : `The load stayed impaired for ${elapsed(lagMs)} after the last fault was removed`;
      statements.push(prompt(`${how}. What held it there — for example a circuit breaker waiting to half-open, a connection pool, queued work?`, ends.evidence.length > 0 ? ends.evidence : mitigated.evidence));
    }
  }
  for (const budget of impact.budgets) {
    if (budget.consumedAtStart >= 1) statements.push(fact(`${budget.slo} had already spent ${pct(budget.consumedAtStart)} of its period's error budget when the run began.`, budget.firstLine !== undefined ? [journal(budget.firstLine)] : []));
  }
  return statements;
}

export function resolution(context: IncidentContext): Statement[] {
  const statements: Statement[] = [];
  for (const fault of context.faults) {
    if (fault.removedAt) statements.push(fact(`Fault ${fault.faultId} was removed ${REMOVED_BY[fault.removal as RemovalReason]} at ${utc(fault.removedAt)}, ${elapsed(fault.durationMs ?? 0)} after its injection.`, [journal(fault.removeLine as number)]));
    else statements.push(fact(`Fault ${fault.faultId} has no recorded removal${fault.removeErrors.length > 0 ? ` (removal errors: ${fault.removeErrors.join('; ')})` : ''}: check the proxy (GET /proxies, GET /leases) or run faultline panic.`, [journal(fault.injectLine)]));
  }
  const ends = marker(context, 'OUTAGE ENDS');
  if (ends.at) statements.push(fact(`The load was back to nominal at ${utc(ends.at)}. Nominal here: ${context.impact.nominal.description}.`, ends.evidence));
  else if (context.detection.some((d) => d.impaired) && marker(context, 'OUTAGE MITIGATED').at) statements.push(fact(`The load did not return to nominal within the journal: ${ends.explanation}.`, ends.evidence));
  const failed = context.rollbacks.filter((r) => !r.ok);
  if (context.rollbacks.length > 0) statements.push(fact(failed.length === 0 ? `The rollback confirmed ${plural(context.rollbacks.length, 'fault')} gone.` : `The rollback reported ${plural(failed.length, 'error')}: ${failed.map((r) => `${r.faultId}: ${r.error ?? 'no detail'}`).join('; ')}.`, context.rollbacks.map((r) => journal(r.seq))));
  return statements;
}
