import type { FaultKind, FaultTarget, JsonValue, JournalToxic, ProcessAction, RemovalReason, RunMode, VerdictResult } from '../../runner/journal/events.js';

/**
 * The incident model: what a post-mortem says, built from one journal by `buildIncident` (pure) and
 * rendered by each template (src/postmortem/render/). Templates differ in emphasis, not in facts
 * (reference §7.10), so every number and sentence a template prints lives here once.
 *
 * Two kinds of text, never mixed: a **fact** is something the journal recorded or a number computed
 * from it, with its evidence; a **prompt** is an open question chosen by what happened, for the
 * review to answer. The builder never writes a conclusion the data does not hold.
 */

/** Where a statement comes from: a journal line, a metric query, or an alert. */
export type Evidence =
  | { kind: 'journal'; line: number }
  /** PromQL over Faultline's series and Sloth's recording rules, evaluated at `at` (RFC 3339). */
  | { kind: 'query'; promql: string; at: string }
  | { kind: 'alert'; alertname: string; source: 'alertmanager' | 'evaluator'; line: number };

export interface Statement {
  kind: 'fact' | 'prompt';
  text: string;
  evidence: Evidence[];
}

/** What the journal's copy of the experiment document says, read defensively (it is kept as parsed). */
export interface ExperimentFacts {
  file: string;
  name?: string;
  title: string;
  description?: string;
  learningObjective?: string;
  hypothesis?: string;
  /** The run's speed-up (`faultline run --speed K`): recorded SLO time scale ÷ the document's. */
  speed: number;
  /** `recovery.within` as run (÷ speed), ms. */
  recoveryWithinMs: number;
  /** `load.timeout`, ms (the speed-up leaves it alone). */
  requestTimeoutMs: number;
  /** The tightest `latency.max` of the steady-state checks, as run, with the check's name. */
  latencyCheck?: { name: string; maxMs: number; percentile: number };
  /** The method's fault names, in order (a fault's id in the journal is its name). */
  methodNames: string[];
  /** Abort conditions as written, one line each. */
  abortConditions: string[];
  /** The request kinds the load sends (mix weights above 0), when the document says. */
  requestKinds?: string[];
}

export interface FaultWindow {
  faultId: string;
  kind: FaultKind;
  target: FaultTarget;
  toxic?: JournalToxic;
  action?: ProcessAction;
  /** For a policy fault: the policy put in place. */
  policy?: JsonValue;
  /** "outage of proxy orders_payments". */
  description: string;
  injectedAt: string;
  injectLine: number;
  injectError?: string;
  /** Absent when no successful removal was recorded: the fault may still be in place. */
  removedAt?: string;
  removeLine?: number;
  removal?: RemovalReason;
  durationMs?: number;
  /** Removals that reported an error (the fault stayed in place at that attempt). */
  removeErrors: string[];
}

/** Load counts over a set of seconds. `slow` is bounded, not counted: see load.ts. */
export interface LoadCounts {
  seconds: number;
  /** Requests sent. */
  attempted: number;
  /** Arrivals the generator could not send on time (neither ok nor failed). */
  notSent: number;
  ok: number;
  failed: number;
  /** failed ÷ (ok + failed); null without completions. */
  errorRatio: number | null;
  /** Answered later than the slow threshold: the range the per-second percentiles allow. */
  slow: { min: number; max: number } | null;
  /** The worst per-second p99 (a window's p99 cannot be rebuilt from per-second ones). */
  worstP99Ms: number | null;
  byOutcome: Record<string, number>;
  /** Journal lines of the samples counted (first, last). */
  lines: number[];
}

export interface BudgetImpact {
  slo: string;
  /** Percent, e.g. 99.9. */
  objective?: number;
  consumedAtStart: number;
  consumedAtEnd: number;
  /** consumedAtEnd − consumedAtStart. */
  burned: number;
  remaining: number;
  /** Budget burned inside each fault's window (time-sliced; see budget.ts). */
  perFault: Array<{ faultId: string; burned: number }>;
  /** Burned outside every fault window; `afterFaults` is the part after the last removal. */
  outside: number;
  afterFaults: number;
  /** The first snapshot at which the whole period's budget was spent, if any. */
  exhaustedAt?: { at: string; line: number };
  firstLine?: number;
  lastLine?: number;
  /** The shortest alert window of the SLO's snapshots ("4s"), for the Sloth SLI query. */
  shortWindow?: string;
}

export interface ImpactModel {
  total: LoadCounts;
  /** Requests in flight during each fault (a second counts when any of its requests was). */
  perFault: Array<{ faultId: string; counts: LoadCounts }>;
  /** Seconds any fault touched (each counted once). */
  duringFaults: LoadCounts;
  /** Seconds no fault touched, before, between and after the faults. */
  outside: LoadCounts;
  budgets: BudgetImpact[];
  /** Slow means answered later than this; absent when the experiment states no latency check. */
  slowThresholdMs?: number;
  slowThresholdSource?: string;
  /** What "back to steady" means for this run. */
  nominal: { errorRatio: number; p99Ms: number | null; baselineSeconds: number; description: string };
}

export interface AlertFacts {
  alertname: string;
  severity?: string;
  slo?: string;
  source: 'alertmanager' | 'evaluator';
  firedAt: string;
  firedLine: number;
  resolvedAt?: string;
  resolvedLine?: number;
  /** The burn-rate tiers of its severity over threshold in the snapshot closest to the firing, fastest first: "fast burn: above 14.4× over 1h and 5m (5s and 4s at ×720)". */
  tiers: string[];
  /** Burn rates by window at the snapshot closest to the firing. */
  burnRates?: Record<string, number | null>;
}

export interface FaultDetection {
  faultId: string;
  startedAt: string;
  /** The first impaired second after the fault began (clipped to its start). */
  impactAt?: string;
  /** The first page or ticket after the fault began (Alertmanager's when Prometheus ran). */
  detectedBy?: AlertFacts;
  ttdMs?: number;
  mitigatedAt?: string;
  ttmMs?: number;
  /** Back to nominal after the removal. */
  resolvedAt?: string;
  ttrMs?: number;
  /** The fault impaired traffic or burned budget. */
  impaired: boolean;
}

export type MarkerName = 'OUTAGE BEGINS' | 'INCIDENT BEGINS' | 'OUTAGE MITIGATED' | 'OUTAGE ENDS' | 'INCIDENT ENDS';
export const MARKER_NAMES: readonly MarkerName[] = ['OUTAGE BEGINS', 'INCIDENT BEGINS', 'OUTAGE MITIGATED', 'OUTAGE ENDS', 'INCIDENT ENDS'];

export interface PhaseMarker {
  name: MarkerName;
  /** Absent when the journal never reached it; `explanation` then says why. */
  at?: string;
  explanation: string;
  evidence: Evidence[];
  /** Seq of the event the marker sits on, to order the timeline. */
  seq: number;
}

export interface TimelineEntry {
  at: string;
  seq: number;
  /** Who or what acted or observed: "runner", "load generator", "SLO evaluator", "Alertmanager", a note's role. */
  source: string;
  text: string;
  markers: MarkerName[];
  evidence: Evidence[];
}

export type ActionType = 'detect' | 'mitigate' | 'prevent' | 'process';

export interface ActionItem {
  text: string;
  type: ActionType;
  /** A role, never a person. */
  owner: string;
  priority: 'P0' | 'P1' | 'P2';
  /** Howie's tag. */
  followUp: 'recovery' | 'prevention';
  /** A catalogue experiment (experiments/*.yaml) whose run checks the item, when one fits. */
  verifyWith?: string;
  evidence: Evidence[];
}

export interface IncidentModel {
  title: string;
  /** Draft status line. */
  status: string;
  /** One paragraph a reader can scan. */
  summary: string;
  experiment: ExperimentFacts;
  run: {
    journalFile: string;
    /** Where links to journal lines point (relative to the post-mortem). */
    journalLink: string;
    complete: boolean;
    seed?: number;
    mode?: RunMode;
    host?: string;
    versions?: { faultline: string; node: string };
    startedAt: string;
    endedAt: string;
    durationMs: number;
    runDir?: string;
    /** Alerts came from Alertmanager (Prometheus ran) rather than the embedded evaluator. */
    alertSource: 'alertmanager' | 'evaluator' | 'none';
    publicService?: string;
    verdict?: { result: VerdictResult; reasons: string[]; exitCode: number; line: number };
    aborts: Array<{ at: string; condition: string; reason: string; line: number }>;
    roles: string[];
  };
  faults: FaultWindow[];
  impact: ImpactModel;
  alerts: AlertFacts[];
  detection: FaultDetection[];
  /** The exit criterion behind INCIDENT ENDS. */
  exitCriterion: { holdMs: number; source: string };
  markers: PhaseMarker[];
  timeline: TimelineEntry[];
  trigger: Statement[];
  contributingFactors: Statement[];
  resolution: Statement[];
  wentWell: Statement[];
  wentWrong: Statement[];
  lucky: Statement[];
  questions: Statement[];
  actionItems: ActionItem[];
  notes: Array<{ at: string; role?: string; text: string; line: number }>;
}
