import type {
  AbortEvent,
  AlertEvent,
  FaultInjectedEvent,
  FaultKind,
  FaultTarget,
  HypothesisCheck,
  HypothesisWhen,
  JournalEvent,
  PhaseStatus,
  RemovalReason,
  RunMode,
  RunPhase,
  SloSnapshotEntry,
  VerdictEvent,
} from './events.js';
import { describeFault } from './format.js';

/**
 * What a run amounted to, from its journal alone: the facts reports, `faultline journal show` and
 * JUnit start from. Pure: no clock, no fs. A journal cut short by a crash still summarises (with
 * `complete: false`), since that is exactly when someone needs to know what was left behind.
 */

export interface PhaseSummary {
  phase: RunPhase;
  /** The last status seen: `started` means it never finished. */
  status: PhaseStatus;
  startedAt?: string;
  endedAt?: string;
  durationMs?: number;
  detail?: string;
}

export interface FaultSummary {
  faultId: string;
  kind: FaultKind;
  target: FaultTarget;
  /** "latency toxic on proxy gateway-catalog (downstream)". */
  description: string;
  injectedAt: string;
  /** The injection reported an error (it may still have been applied, so it still needs removing). */
  injectError?: string;
  removed: boolean;
  removedAt?: string;
  /** Injection to removal, by the events' times. */
  durationMs?: number;
  removal?: RemovalReason;
  /** Removal attempts that failed, in order. */
  removeErrors: string[];
  lease?: { ttlMs: number; holder: string };
}

export interface HypothesisSummary {
  when: HypothesisWhen;
  time: string;
  ok: boolean;
  checks: HypothesisCheck[];
}

export interface LoadSummary {
  /** Number of one-second samples. */
  seconds: number;
  sent: number;
  ok: number;
  failed: number;
  missed: number;
  /** failed / (ok + failed): the share of completed requests that failed; null when none completed. */
  errorRatio: number | null;
  worstP99Ms: number | null;
  /** Epoch second of the worst p99. */
  worstP99Second?: number;
  byOutcome: Record<string, number>;
}

export interface BudgetSummary {
  slo: string;
  /** Share of the period's budget used at the first and the last snapshot of the run. */
  consumedAtStart: number;
  consumedAtEnd: number;
  /** consumedAtEnd − consumedAtStart: what this run cost. */
  burned: number;
  remaining: number;
  firing: { page: boolean; ticket: boolean };
}

export interface AlertSummary {
  alertname: string;
  severity?: string;
  slo?: string;
  source: AlertEvent['source'];
  startsAt: string;
  /** When the journal recorded it firing (absent when only its resolution was seen). */
  firedAt?: string;
  resolvedAt?: string;
}

export interface JournalSummary {
  /** The journal ends with run_finished (false after a crash). */
  complete: boolean;
  experiment?: { title: string; file: string };
  seed?: number;
  mode?: RunMode;
  host?: string;
  versions?: { faultline: string; node: string };
  startedAt?: string;
  /** run_finished's time, else the last event's. */
  endedAt?: string;
  durationMs?: number;
  phases: PhaseSummary[];
  faults: FaultSummary[];
  /** Faults injected and never removed: a safety bug, or a run that died with faults in place. */
  faultsLeftBehind: FaultSummary[];
  hypotheses: HypothesisSummary[];
  probes: { total: number; failed: Array<{ time: string; name: string; error?: string }> };
  load: LoadSummary;
  budgets: BudgetSummary[];
  alerts: AlertSummary[];
  aborts: Array<Pick<AbortEvent, 'time' | 'condition' | 'reason' | 'observed'>>;
  rollbacks: { total: number; failed: Array<{ time: string; faultId: string; error?: string }> };
  notes: Array<{ time: string; role?: string; text: string }>;
  verdict?: Pick<VerdictEvent, 'time' | 'result' | 'reasons' | 'exitCode'>;
  /** Oddities that do not stop a summary (a removal of a fault never injected, …). */
  warnings: string[];
}

export function summariseJournal(events: readonly JournalEvent[]): JournalSummary {
  const summary: JournalSummary = {
    complete: false,
    phases: [],
    faults: [],
    faultsLeftBehind: [],
    hypotheses: [],
    probes: { total: 0, failed: [] },
    load: { seconds: 0, sent: 0, ok: 0, failed: 0, missed: 0, errorRatio: null, worstP99Ms: null, byOutcome: {} },
    budgets: [],
    alerts: [],
    aborts: [],
    rollbacks: { total: 0, failed: [] },
    notes: [],
    warnings: [],
  };
  const snapshots: { first: Map<string, SloSnapshotEntry>; last: Map<string, SloSnapshotEntry> } = { first: new Map(), last: new Map() };
  const alerts = new Map<string, AlertSummary>();
  let finishedDurationMs: number | undefined;

  for (const event of events) {
    switch (event.type) {
      case 'run_started':
        summary.experiment = { title: event.experiment.title, file: event.experiment.file };
        summary.seed = event.seed;
        summary.mode = event.mode;
        summary.host = event.host;
        summary.versions = event.versions;
        summary.startedAt = event.time;
        break;
      case 'phase':
        recordPhase(summary.phases, event.phase, event.status, event.time, event.detail);
        break;
      case 'fault_injected':
        summary.faults.push(injected(event));
        break;
      case 'fault_removed': {
        const open = summary.faults.findLast((f) => f.faultId === event.faultId && !f.removed);
        if (!open) {
          summary.warnings.push(`fault ${event.faultId} was removed at ${event.time} but its injection is not in the journal`);
        } else if (event.error !== undefined) {
          open.removeErrors.push(event.error);
        } else {
          Object.assign(open, { removed: true, removedAt: event.time, durationMs: between(open.injectedAt, event.time), removal: event.reason });
        }
        break;
      }
      case 'probe':
        summary.probes.total += 1;
        if (!event.ok) summary.probes.failed.push({ time: event.time, name: event.name, ...(event.error !== undefined ? { error: event.error } : {}) });
        break;
      case 'hypothesis':
        summary.hypotheses.push({ when: event.when, time: event.time, ok: event.ok, checks: event.checks });
        break;
      case 'load_sample':
        addLoad(summary.load, event);
        break;
      case 'slo_snapshot':
        for (const slo of event.slos) {
          if (!snapshots.first.has(slo.id)) snapshots.first.set(slo.id, slo);
          snapshots.last.set(slo.id, slo);
        }
        break;
      case 'alert':
        recordAlert(alerts, event);
        break;
      case 'abort':
        summary.aborts.push({ time: event.time, condition: event.condition, reason: event.reason, ...(event.observed !== undefined ? { observed: event.observed } : {}) });
        break;
      case 'rollback':
        summary.rollbacks.total += 1;
        if (!event.ok) summary.rollbacks.failed.push({ time: event.time, faultId: event.faultId, ...(event.error !== undefined ? { error: event.error } : {}) });
        break;
      case 'note':
        summary.notes.push({ time: event.time, ...(event.role !== undefined ? { role: event.role } : {}), text: event.text });
        break;
      case 'verdict':
        summary.verdict = { time: event.time, result: event.result, reasons: event.reasons, exitCode: event.exitCode };
        break;
      case 'run_finished':
        summary.complete = true;
        summary.endedAt = event.time;
        finishedDurationMs = event.durationMs;
        break;
    }
  }

  const last = events[events.length - 1];
  if (!summary.complete && last) summary.endedAt = last.time;
  if (finishedDurationMs !== undefined) summary.durationMs = finishedDurationMs;
  else if (summary.startedAt && summary.endedAt) summary.durationMs = between(summary.startedAt, summary.endedAt);
  summary.faultsLeftBehind = summary.faults.filter((f) => !f.removed);
  const completed = summary.load.ok + summary.load.failed;
  summary.load.errorRatio = completed > 0 ? summary.load.failed / completed : null;
  for (const [slo, end] of snapshots.last) {
    const start = snapshots.first.get(slo) as SloSnapshotEntry;
    summary.budgets.push({ slo, consumedAtStart: start.consumed, consumedAtEnd: end.consumed, burned: end.consumed - start.consumed, remaining: end.remaining, firing: end.firing });
  }
  summary.alerts = [...alerts.values()];
  return summary;
}

function injected(event: FaultInjectedEvent): FaultSummary {
  return {
    faultId: event.faultId,
    kind: event.kind,
    target: event.target,
    description: describeFault(event),
    injectedAt: event.time,
    ...(event.error !== undefined ? { injectError: event.error } : {}),
    removed: false,
    removeErrors: [],
    ...(event.lease ? { lease: event.lease } : {}),
  };
}

function recordPhase(phases: PhaseSummary[], phase: RunPhase, status: PhaseStatus, time: string, detail: string | undefined): void {
  const withDetail = detail !== undefined ? { detail } : {};
  if (status === 'started') {
    phases.push({ phase, status, startedAt: time, ...withDetail });
    return;
  }
  const open = phases.findLast((p) => p.phase === phase && p.status === 'started');
  if (open?.startedAt) Object.assign(open, { status, endedAt: time, durationMs: between(open.startedAt, time), ...withDetail });
  else phases.push({ phase, status, endedAt: time, ...withDetail });
}

function addLoad(load: LoadSummary, sample: Extract<JournalEvent, { type: 'load_sample' }>): void {
  load.seconds += 1;
  load.sent += sample.sent;
  load.ok += sample.ok;
  load.failed += sample.failed;
  load.missed += sample.missed;
  for (const [outcome, n] of Object.entries(sample.byOutcome)) load.byOutcome[outcome] = (load.byOutcome[outcome] ?? 0) + n;
  if (sample.p99Ms !== null && (load.worstP99Ms === null || sample.p99Ms > load.worstP99Ms)) {
    load.worstP99Ms = sample.p99Ms;
    load.worstP99Second = sample.second;
  }
}

function recordAlert(alerts: Map<string, AlertSummary>, event: AlertEvent): void {
  const key = `${event.alertname}\u0000${event.slo ?? ''}\u0000${event.startsAt}`;
  let alert = alerts.get(key);
  if (!alert) {
    alert = { alertname: event.alertname, ...(event.severity !== undefined ? { severity: event.severity } : {}), ...(event.slo !== undefined ? { slo: event.slo } : {}), source: event.source, startsAt: event.startsAt };
    alerts.set(key, alert);
  }
  if (event.status === 'firing') alert.firedAt ??= event.time;
  else alert.resolvedAt = event.endsAt ?? event.time;
}

function between(from: string, to: string): number {
  return Date.parse(to) - Date.parse(from);
}
