import { elapsed, latency, pct, plural, utc } from '../format.js';
import { firstBurn, type SloSeries } from './budget.js';
import { faultSpan } from './faults.js';
import { isImpaired, touches, type LoadSecond, type Nominal } from './load.js';
import type { AlertFacts, Evidence, FaultDetection, FaultWindow, PhaseMarker } from './model.js';
import { query, serverErrorRatio, serverP99, sloErrorRatio } from './queries.js';

/**
 * The SRE book's phase markers (Appendix D), from ground truth:
 * - OUTAGE BEGINS: the first impaired moment once a fault is in place — a load second worse than
 *   nominal whose requests were in flight during a fault (clipped to the fault's start, since the
 *   harness knows nothing was wrong before), or the first budget burn beyond the baseline's noise,
 *   whichever comes first;
 * - INCIDENT BEGINS: the first page;
 * - OUTAGE MITIGATED: the last fault's removal (by schedule, rollback or abort);
 * - OUTAGE ENDS: the load back to nominal after that, for good (the start of the streak below);
 * - INCIDENT ENDS: the exit criterion — nominal for `holdMs` without a break.
 */
export interface MarkerInputs {
  seconds: readonly LoadSecond[];
  nominal: Nominal;
  faults: readonly FaultWindow[];
  /** The SLO snapshots per SLO (budget.ts), built once for the whole model. */
  sloSeries: SloSeries;
  alerts: readonly AlertFacts[];
  holdMs: number;
  endMs: number;
  publicService: string | undefined;
  window: string;
  /** Why the load ended when it did (e.g. an abort stopped it), for "not reached" sentences. */
  loadStoppedBy?: string;
}

export interface Streak {
  startAt: number;
  startSeq: number;
  heldMs: number;
  reached: boolean;
  /** Seq of the sample that completed the hold (or the last one seen). */
  lastSeq: number;
}

/** The first run of nominal seconds after `fromMs` that lasts `holdMs` (else the last run still going at the end). */
export function nominalStreak(seconds: readonly LoadSecond[], nominal: Nominal, fromMs: number, holdMs: number, stopMs = Number.POSITIVE_INFINITY): Streak | undefined {
  let streak: Streak | undefined;
  for (const second of seconds) {
    if (second.endMs <= fromMs) continue;
    if (second.startMs >= stopMs) break;
    if (isImpaired(second, nominal)) {
      streak = undefined;
      continue;
    }
    streak ??= { startAt: Math.max(second.startMs, fromMs), startSeq: second.sample.seq, heldMs: 0, reached: false, lastSeq: second.sample.seq };
    streak.heldMs = second.endMs - streak.startAt;
    streak.lastSeq = second.sample.seq;
    if (streak.heldMs >= holdMs) return { ...streak, reached: true };
  }
  return streak;
}

export function phaseMarkers(input: MarkerInputs): PhaseMarker[] {
  const { faults, alerts, holdMs } = input;
  const markers: PhaseMarker[] = [];
  const firstFaultMs = faults.length > 0 ? Math.min(...faults.map((f) => Date.parse(f.injectedAt))) : undefined;
  const begins = outageBegins(input, firstFaultMs);
  markers.push(begins);

  const page = alerts.find((a) => a.severity === 'page' && (firstFaultMs === undefined || Date.parse(a.firedAt) >= firstFaultMs));
  if (page) {
    markers.push({ name: 'INCIDENT BEGINS', at: page.firedAt, seq: page.firedLine, explanation: `first page, for ${page.slo ?? page.alertname} (${page.source === 'evaluator' ? 'raised by the embedded SLO evaluator' : 'delivered by Alertmanager'})`, evidence: alertEvidence(page, input.window) });
  } else {
    const ticket = alerts.find((a) => a.severity !== 'page' && (firstFaultMs === undefined || Date.parse(a.firedAt) >= firstFaultMs));
    markers.push({ name: 'INCIDENT BEGINS', seq: 0, explanation: ticket ? `no page fired; the first alert was a ticket (${ticket.alertname} at ${utc(ticket.firedAt)}), which does not page anyone` : 'no page fired, so alerting never opened an incident', evidence: ticket ? alertEvidence(ticket, input.window) : [] });
  }

  const leftInPlace = faults.filter((f) => f.removedAt === undefined);
  const lastRemoval = faults.filter((f) => f.removedAt !== undefined).sort((a, b) => Date.parse(a.removedAt as string) - Date.parse(b.removedAt as string)).pop();
  const started = begins.at !== undefined || page !== undefined;
  if (!started) {
    const why = faults.length === 0 ? 'no fault was injected' : 'no outage began';
    for (const name of ['OUTAGE MITIGATED', 'OUTAGE ENDS', 'INCIDENT ENDS'] as const) markers.push({ name, seq: 0, explanation: why, evidence: [] });
    return markers;
  }
  if (leftInPlace.length > 0 || !lastRemoval?.removedAt) {
    const names = leftInPlace.map((f) => f.faultId).join(', ');
    for (const name of ['OUTAGE MITIGATED', 'OUTAGE ENDS', 'INCIDENT ENDS'] as const) markers.push({ name, seq: 0, explanation: `the journal records no removal of ${names || 'the faults'}`, evidence: leftInPlace.map((f) => ({ kind: 'journal' as const, line: f.injectLine })) });
    return markers;
  }
  const mitigatedMs = Date.parse(lastRemoval.removedAt);
  markers.push({ name: 'OUTAGE MITIGATED', at: lastRemoval.removedAt, seq: lastRemoval.removeLine as number, explanation: `${faults.length === 1 ? 'the fault' : 'the last fault'} (${lastRemoval.faultId}) removed (${lastRemoval.removal})`, evidence: [{ kind: 'journal', line: lastRemoval.removeLine as number }] });

  const streak = nominalStreak(input.seconds, input.nominal, mitigatedMs, holdMs);
  const after = input.seconds.filter((s) => s.endMs > mitigatedMs);
  if (!streak) {
    const stillImpaired = after.length === 0 ? 'no load second ended after the removal' : after.length === 1 ? 'the one load second after the removal was impaired' : `all ${after.length} load seconds after the removal were impaired`;
    const explanation = `${stillImpaired}${input.loadStoppedBy ? `; ${input.loadStoppedBy}` : ''}`;
    markers.push({ name: 'OUTAGE ENDS', seq: 0, explanation, evidence: after.length > 0 ? [{ kind: 'journal', line: (after[after.length - 1] as LoadSecond).sample.seq }] : [] });
    markers.push({ name: 'INCIDENT ENDS', seq: 0, explanation: `the exit criterion needs ${elapsed(holdMs)} of nominal load after OUTAGE ENDS`, evidence: [] });
    return markers;
  }
  const first = input.seconds.find((s) => s.sample.seq === streak.startSeq) as LoadSecond;
  const lag = streak.startAt - mitigatedMs;
  markers.push({ name: 'OUTAGE ENDS', at: iso(streak.startAt), seq: streak.startSeq, explanation: `load back to nominal ${lag < 1 ? 'from the removal on' : `${elapsed(lag)} after the removal`}: ${describeSecond(first, input.nominal)}`, evidence: loadEvidence(first, input, iso(streak.startAt), latencyOnly(input)) });
  if (streak.reached) {
    const at = iso(streak.startAt + holdMs);
    markers.push({ name: 'INCIDENT ENDS', at, seq: streak.lastSeq, explanation: `exit criterion met: ${elapsed(holdMs)} of nominal load since OUTAGE ENDS`, evidence: [{ kind: 'journal', line: streak.startSeq }, { kind: 'journal', line: streak.lastSeq }] });
  } else {
    markers.push({ name: 'INCIDENT ENDS', seq: 0, explanation: `the load was nominal for ${elapsed(streak.heldMs)} of the ${elapsed(holdMs)} exit criterion when it ended${input.loadStoppedBy ? `; ${input.loadStoppedBy}` : ''}`, evidence: [{ kind: 'journal', line: streak.lastSeq }] });
  }
  return markers;
}

function outageBegins(input: MarkerInputs, firstFaultMs: number | undefined): PhaseMarker {
  if (firstFaultMs === undefined) return { name: 'OUTAGE BEGINS', seq: 0, explanation: 'no fault was injected', evidence: [] };
  const spans = input.faults.map((f) => faultSpan(f, input.endMs));
  const impaired = input.seconds.find((s) => isImpaired(s, input.nominal) && spans.some((w) => touches(s, w.from, w.to)));
  let fromLoad: PhaseMarker | undefined;
  if (impaired) {
    const injected = Math.min(...spans.filter((w) => touches(impaired, w.from, w.to)).map((w) => w.from));
    const at = iso(Math.max(impaired.startMs, injected));
    fromLoad = { name: 'OUTAGE BEGINS', at, seq: impaired.sample.seq, explanation: `first impaired second: ${describeSecond(impaired, input.nominal)}`, evidence: loadEvidence(impaired, input, at, latencyOnly(input)) };
  }
  const burn = firstBurn(input.sloSeries, firstFaultMs, firstFaultMs);
  let fromBudget: PhaseMarker | undefined;
  if (burn) {
    const at = iso(burn.fromMs);
    fromBudget = { name: 'OUTAGE BEGINS', at, seq: burn.line, explanation: `${burn.slo} started burning error budget (the snapshot at ${utc(iso(burn.atMs))})`, evidence: [{ kind: 'journal', line: burn.line }, query(sloErrorRatio(burn.slo, input.window), iso(burn.atMs))] };
  }
  // The load's second is the more concrete evidence: it wins a tie with the budget.
  const pick = fromLoad && (!fromBudget || Date.parse(fromLoad.at as string) <= Date.parse(fromBudget.at as string)) ? fromLoad : fromBudget;
  return pick ?? { name: 'OUTAGE BEGINS', seq: 0, explanation: 'while faults were in place no load second was worse than the baseline and no SLO burned budget beyond its baseline', evidence: [] };
}

/** "11 of 30 requests failed (36.7 %); p99 156.5 ms", with the nominal bound a figure crossed. */
export function describeSecond(second: LoadSecond, nominal: Nominal): string {
  const s = second.sample;
  const completed = s.ok + s.failed;
  const failures = s.failed === 0 ? `none of ${plural(completed, 'request')} failed` : `${s.failed} of ${plural(completed, 'request')} failed (${pct(s.failed / completed)})`;
  const slow = s.p99Ms !== null && nominal.p99Ms !== null && s.p99Ms > nominal.p99Ms;
  return `${failures}; p99 ${s.p99Ms !== null ? latency(s.p99Ms) : 'none'}${slow ? `, above the nominal ${latency(nominal.p99Ms as number)}` : ''}`;
}

/** The sample's line, and the query that shows what made it (im)paired: the error ratio, or the p99 when only latency was off. */
function loadEvidence(second: LoadSecond, input: MarkerInputs, at: string, latencyOnly: boolean): Evidence[] {
  const evidence: Evidence[] = [{ kind: 'journal', line: second.sample.seq }];
  if (input.publicService) evidence.push(query(latencyOnly ? serverP99(input.publicService, input.window) : serverErrorRatio(input.publicService, input.window), at));
  return evidence;
}

/** The impairment was latency alone: no second touched by a fault had more failures than nominal. */
function latencyOnly(input: MarkerInputs): boolean {
  const spans = input.faults.map((f) => faultSpan(f, input.endMs));
  return !input.seconds.some((s) => s.errorRatio !== null && s.errorRatio > input.nominal.errorRatio + 1e-12 && spans.some((w) => touches(s, w.from, w.to)));
}

export function alertEvidence(alert: AlertFacts, window: string): Evidence[] {
  const evidence: Evidence[] = [{ kind: 'alert', alertname: alert.alertname, source: alert.source, line: alert.firedLine }];
  if (alert.slo) evidence.push(query(sloErrorRatio(alert.slo, window), alert.firedAt));
  return evidence;
}

/** Per fault: when it began, first hurt, was detected, was removed, and when the load was back. */
export function detectFaults(input: MarkerInputs): FaultDetection[] {
  const starts = input.faults.map((f) => Date.parse(f.injectedAt));
  const firstFaultMs = starts.length > 0 ? Math.min(...starts) : 0;
  return input.faults.map((fault) => {
    const span = faultSpan(fault, input.endMs);
    const detection: FaultDetection = { faultId: fault.faultId, startedAt: fault.injectedAt, impaired: false };
    const hurt = input.seconds.find((s) => touches(s, span.from, span.to) && isImpaired(s, input.nominal));
    const burn = firstBurn(input.sloSeries, span.from, firstFaultMs);
    const burnInside = burn && burn.fromMs <= span.to ? burn : undefined;
    const candidates = [hurt ? Math.max(hurt.startMs, span.from) : undefined, burnInside?.fromMs].filter((t): t is number => t !== undefined);
    if (candidates.length > 0) {
      detection.impaired = true;
      detection.impactAt = iso(Math.min(...candidates));
    }
    // An alert detects the fault when it starts firing after the injection and before the load had
    // time to settle after the removal (the exit criterion's hold): later ones belong to something else.
    const alert = input.alerts.find((a) => {
      const t = Date.parse(a.firedAt);
      return t >= span.from && t <= span.to + input.holdMs;
    });
    if (alert) {
      detection.detectedBy = alert;
      detection.ttdMs = Date.parse(alert.firedAt) - span.from;
    }
    if (fault.removedAt) {
      detection.mitigatedAt = fault.removedAt;
      detection.ttmMs = span.to - span.from;
      if (detection.impaired) {
        const next = starts.filter((t) => t > span.to).sort((a, b) => a - b)[0];
        const streak = nominalStreak(input.seconds, input.nominal, span.to, input.holdMs, next);
        if (streak) {
          detection.resolvedAt = iso(streak.startAt);
          detection.ttrMs = streak.startAt - span.from;
        }
      }
    }
    return detection;
  });
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
