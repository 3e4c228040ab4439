import { article, elapsed, latency, pct } from '../format.js';
import { faultEdge, marker, type IncidentContext } from './context.js';
import { verificationExperiment } from './catalogue.js';
import type { ActionItem, FaultWindow } from './model.js';
import { faultCounts, journal } from './narrative.js';

/**
 * Proposed action items: verb-first, bounded by a number from this run, owned by a role (never a
 * person), prioritised, and each tied to the catalogue experiment whose re-run shows whether it
 * worked (Workbook: ownership, prioritisation, measurability). They are proposals for the review:
 * the draft says what the data supports, the review decides what to do.
 */
export function actionItems(context: IncidentContext): ActionItem[] {
  const items: ActionItem[] = [];
  for (const fault of context.faults.filter((f) => !f.removedAt)) {
    items.push({ text: `Remove fault ${fault.faultId} (${fault.description}), which has no recorded removal, and confirm with GET /proxies that nothing of this run is left`, type: 'mitigate', owner: 'safety owner', priority: 'P0', followUp: 'recovery', evidence: [journal(fault.injectLine)] });
  }
  for (const detection of context.detection) {
    const fault = context.faults.find((f) => f.faultId === detection.faultId) as FaultWindow;
    const edge = faultEdge(context.started, fault);
    const verifyWith = verificationExperiment(fault);
    const counts = faultCounts(context, fault.faultId);
    if (detection.impaired && !detection.detectedBy) {
      const symptom = counts && counts.failed > 0 ? `an error ratio above ${pct(context.impact.nominal.errorRatio)}` : counts?.worstP99Ms !== null && counts?.worstP99Ms !== undefined ? `a p99 above ${latency(context.impact.nominal.p99Ms ?? counts.worstP99Ms)}` : 'the symptom of this fault';
      items.push({ text: `Add an alert on ${context.publicService ?? 'the public service'} that opens at least a ticket when the load shows ${symptom} for as long as fault ${fault.faultId} lasted (${elapsed(fault.durationMs ?? 0)}); done when a re-run of the verifying experiment records that alert`, type: 'detect', owner: `SLO owner (${context.publicService ?? edge.service})`, priority: 'P1', followUp: 'prevention', verifyWith, evidence: [journal(fault.injectLine)] });
    }
  }
  const impaired = context.faults.filter((f) => context.detection.find((d) => d.faultId === f.faultId)?.impaired);
  const impairedFault = impaired[0];
  const checks = outOfTolerance(context);
  if (impairedFault && checks.length > 0) {
    const edge = faultEdge(context.started, impairedFault);
    items.push({ text: `Keep ${checks.map((c) => `the check "${c.name}" at ${c.tolerance}`).join(' and ')} during ${impaired.map((f) => article(f.description)).join(' and ')} (this run: ${checks.map((c) => c.worst).join(', ')})`, type: 'prevent', owner: `service owner (${edge.caller ?? edge.service})`, priority: 'P2', followUp: 'prevention', verifyWith: verificationExperiment(impairedFault), evidence: impaired.map((f) => journal(f.injectLine)) });
  }
  const mitigated = marker(context, 'OUTAGE MITIGATED');
  const ends = marker(context, 'OUTAGE ENDS');
  if (impairedFault && mitigated.at) {
    const lagMs = ends.at ? Date.parse(ends.at) - Date.parse(mitigated.at) : undefined;
    if ((lagMs === undefined && context.recoveryObserved) || (lagMs !== undefined && lagMs > context.experiment.recoveryWithinMs)) {
      const edge = faultEdge(context.started, impairedFault);
      const measured = lagMs === undefined ? 'not back before the load ended' : `${elapsed(lagMs)}`;
      items.push({ text: `Bring ${context.publicService ?? 'the public service'} back to nominal within ${elapsed(context.experiment.recoveryWithinMs)} of ${edge.service} recovering (this run: ${measured})`, type: 'mitigate', owner: `service owner (${edge.caller ?? edge.service})`, priority: lagMs === undefined ? 'P1' : 'P2', followUp: 'recovery', verifyWith: verificationExperiment(impairedFault), evidence: ends.evidence.length > 0 ? ends.evidence : mitigated.evidence });
    }
  }
  for (const budget of context.impact.budgets) {
    if (budget.burned > 1e-9 && budget.consumedAtEnd >= 1) {
      items.push({ text: `Apply the error-budget policy of ${budget.slo}: this run spent ${pct(budget.burned)} of its period's budget, ${budget.remaining < 0 ? `overspending it by ${pct(-budget.remaining)}` : `leaving ${pct(budget.remaining)}`}`, type: 'process', owner: `SLO owner (${budget.slo})`, priority: 'P1', followUp: 'prevention', evidence: budget.lastLine !== undefined ? [journal(budget.lastLine)] : [] });
    }
  }
  for (const abort of context.aborts) {
    items.push({ text: `Record the decision on the abort line "${abort.condition}" in ${context.experiment.file} (it tripped with: ${abort.reason}): keep it, or move it and say by how much`, type: 'process', owner: 'facilitator', priority: 'P2', followUp: 'prevention', evidence: [journal(abort.seq)] });
  }
  if (context.faults.length > 0) {
    items.push({ text: `Re-run ${context.experiment.file} with seed ${context.started.seed} once the items above land, and compare time to detect, budget burned and time back to nominal with this draft`, type: 'process', owner: 'facilitator', priority: 'P2', followUp: 'prevention', verifyWith: context.experiment.file, evidence: [journal(1)] });
  }
  return items;
}

/** Checks out of tolerance during or after the faults, with their worst observation as the draft prints it. */
function outOfTolerance(context: IncidentContext): Array<{ name: string; tolerance: string; worst: string }> {
  const out = new Map<string, { name: string; tolerance: string; worst: string; value: number }>();
  for (const h of context.hypotheses.filter((x) => x.when === 'during')) {
    for (const check of h.checks) {
      if (check.ok || check.observed === null || (check.kind !== 'error_ratio' && check.kind !== 'latency')) continue;
      const previous = out.get(check.name);
      if (previous && previous.value >= check.observed) continue;
      out.set(check.name, { name: check.name, tolerance: check.tolerance, value: check.observed, worst: check.kind === 'latency' ? latency(check.observed) : pct(check.observed) });
    }
  }
  return [...out.values()];
}
