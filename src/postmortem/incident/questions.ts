import { alertName, elapsed, list, plural, possessive, utc } from '../format.js';
import { faultEdge, type IncidentContext } from './context.js';
import { alertEvidence } from './markers.js';
import type { FaultWindow, Statement } from './model.js';
import { faultCounts, journal, prompt, symptom } from './narrative.js';
import { circuitState, clientRetries, query } from './queries.js';

/**
 * Questions for the review, chosen by what happened and asked the way the guides ask them: "what"
 * and "how", never "who" or "why did" (PagerDuty's cues, Etsy's debriefing guide; reference §1.4,
 * §2). Each carries the evidence to open while answering it.
 */
export function reviewQuestions(context: IncidentContext): Statement[] {
  const out: Statement[] = [];
  out.push(prompt('What did each responder look at first (an alert, a dashboard, a log), and what did it show at that moment?'));
  const hypothesis = context.experiment.hypothesis;
  if (hypothesis && context.verdict && context.verdict.result !== 'held') {
    out.push(prompt(`The hypothesis was: "${hypothesis}" What made that expectation reasonable before the run, and what does the result change in our model of the system?`, [journal(context.verdict.seq)]));
  }
  for (const detection of context.detection) {
    const fault = context.faults.find((f) => f.faultId === detection.faultId) as FaultWindow;
    const alert = detection.detectedBy;
    if (alert && detection.ttdMs !== undefined) {
      const sinceImpact = detection.impactAt && detection.impactAt !== detection.startedAt ? ` and ${elapsed(Date.parse(alert.firedAt) - Date.parse(detection.impactAt))} after the load first showed it` : '';
      out.push(prompt(`${capital(alertName(alert))} fired ${elapsed(detection.ttdMs)} after fault ${fault.faultId} began${sinceImpact}. How much of that was the alert's windows${alert.tiers[0] ? ` (${alert.tiers[0]})` : ''}, and how much the time the errors took to reach the SLI?`, alertEvidence(alert, context.window)));
    } else if (detection.impaired) {
      const counts = faultCounts(context, fault.faultId);
      out.push(prompt(`Which alert covers what fault ${fault.faultId} did to ${context.publicService ?? 'the public service'} (${counts ? symptom(counts, context.impact.slowThresholdMs) : 'see Impact'}), and at what threshold does it page or open a ticket?`, [journal(fault.injectLine), ...(counts?.lines.map(journal) ?? [])]));
    }
    const edge = faultEdge(context.started, fault);
    const retriesSet = fault.kind === 'policy' && JSON.stringify(fault.policy ?? {}).includes('retries');
    if (edge.caller && (retriesSet || (detection.impaired && fault.kind !== 'process'))) {
      const retries = query(clientRetries(edge.caller, edge.service, context.window), fault.injectedAt);
      out.push(prompt(`${retriesSet ? `Fault ${fault.faultId} set retries on ${edge.caller} → ${edge.service}.` : `During fault ${fault.faultId}, ${edge.caller} was calling ${edge.service}.`} How did ${possessive(edge.caller)} retries behave — how much load did they add to ${edge.service}, and is there a retry budget on this call that held?`, [retries]));
    }
    if (edge.caller && detection.impaired && (fault.kind === 'outage' || fault.toxic?.type === 'timeout')) {
      out.push(prompt(`When did the circuit breaker of ${edge.caller} → ${edge.service} open, and when did its half-open trial let traffic through again?`, [query(circuitState(edge.caller, edge.service), fault.removedAt ?? fault.injectedAt)]));
    }
  }
  for (const abort of context.aborts) {
    out.push(prompt(`The abort condition "${abort.condition}" stopped the run at ${utc(abort.time)} (${abort.reason}). Does that line match the share of the error budget this exercise may spend, and did it stop the run early enough?`, [journal(abort.seq)]));
  }
  if (context.notes.length > 0) {
    out.push(prompt(`The journal holds ${plural(context.notes.length, 'note')} written during the run${roles(context)}. Where do their times differ from the timeline, and what do they record that the data does not show?`, context.notes.map((n) => journal(n.seq))));
  }
  out.push(prompt('What surprised us, and what do we know now that we did not know before the run?'));
  return out;
}

function roles(context: IncidentContext): string {
  const names = [...new Set(context.notes.map((n) => n.role).filter((r): r is string => r !== undefined))];
  return names.length > 0 ? ` (by ${list(names)})` : '';
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
