/**
 * The experiment journal's contract: one JSON object per line (JSON Lines), append-only, written by
 * the runner as things happen and read by reports, JUnit and the post-mortem. Every event carries
 * `seq` (1-based, consecutive: a gap means a lost line), `time` (UTC with milliseconds, from the
 * runner's injected clock) and `type`; the other fields depend on the type. docs/JOURNAL.md shows an
 * example line of each type.
 *
 * This file imports nothing, on purpose: the post-mortem module may read journal *types* only (rule
 * `postmortem-reads-journal-types-only`), so the contract must not drag the writer's fs and clock in.
 *
 * Compatibility: a reader keeps fields it does not know and keeps (with a warning) events of types
 * it does not know, so adding an optional field or a new event type does not bump the version.
 * Renaming, removing or changing the meaning of a field does.
 *
 * Units: durations and latencies in milliseconds (`…Ms`), ratios as fractions (0.023 = 2.3 %),
 * burn rates as multiples of the sustainable rate (14.4 = 14.4×), times as RFC 3339 UTC strings.
 */

/** Written in `run_started.formatVersion`. Bump when an older reader would misread a newer journal. */
export const JOURNAL_FORMAT_VERSION = 1;

/** Any JSON value (the experiment document is kept as parsed, whatever its shape). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Fields every event has. */
export interface JournalEnvelope<TType extends string> {
  /** 1 for the first event of a run, then +1 per event: a gap means a line was lost. */
  seq: number;
  /** When the runner recorded the event: UTC, milliseconds, e.g. "2026-11-27T10:00:00.123Z". */
  time: string;
  type: TType;
}

// ---------------------------------------------------------------------------------------------
// run_started

export type RunMode = 'embedded' | 'external';

/** A service as the topology declared it (ports as declared: 0 means "any free port"). */
export interface JournalService {
  name: string;
  /** host:port as declared. */
  address: string;
  /** Reachable by the load generator (the entry point), not only through proxies. */
  public: boolean;
  /** Names of the services it calls, each through a proxy. */
  dependencies: string[];
}

/** A proxy the topology declares: `caller` reaches `service` through it. */
export interface JournalProxy {
  name: string;
  caller: string;
  service: string;
  /** host:port as declared. */
  listen: string;
  /** host:port, when declared explicitly (otherwise the called service's live address). */
  upstream?: string;
}

/** An SLO in force during the run (what its budget and burn-rate figures refer to). */
export interface JournalSlo {
  /** `<service>-<name>`, Sloth's `sloth_id`. */
  id: string;
  service: string;
  name: string;
  /** Percent, e.g. 99.9. */
  objective: number;
  /** The budget period before time compression, Prometheus style: "30d". */
  period: string;
  /** Time-compression factor K (1 = real time; 720 = a 30-day period in an hour). */
  timeScale: number;
  /** How the budget is counted: bad events / all events, or bad time slices / all slices. */
  budgeting: 'events' | 'timeslices';
}

export interface RunStartedEvent extends JournalEnvelope<'run_started'> {
  /** JOURNAL_FORMAT_VERSION of the writer. */
  formatVersion: number;
  experiment: {
    /** The experiment file as given on the command line. */
    file: string;
    title: string;
    /** The whole parsed experiment document, so a journal explains itself without the file. */
    document: JsonValue;
  };
  topology: { name: string; services: JournalService[]; proxies: JournalProxy[] };
  slos: JournalSlo[];
  versions: { faultline: string; node: string };
  /** Seed of every random choice of the run (toxicity, jitter, load), so it can be replayed. */
  seed: number;
  /** `embedded`: Faultline started the proxy and services; `external`: it drove existing ones. */
  mode: RunMode;
  toxiproxyUrl: string;
  prometheusUrl?: string;
  harnessUrl?: string;
  /** Folder of this run's artefacts (the journal, logs, reports). */
  runDir: string;
  /** Host name of the machine (never a user name). */
  host: string;
}

// ---------------------------------------------------------------------------------------------
// phase

export const RUN_PHASES = ['validate', 'preflight', 'baseline', 'faults', 'observe', 'rollback', 'recovery', 'verdict'] as const;
export type RunPhase = (typeof RUN_PHASES)[number];
export type PhaseStatus = 'started' | 'completed' | 'failed' | 'skipped';

export interface PhaseEvent extends JournalEnvelope<'phase'> {
  phase: RunPhase;
  status: PhaseStatus;
  /** Why it failed or was skipped, or what it did, in one human sentence. */
  detail?: string;
}

// ---------------------------------------------------------------------------------------------
// fault_injected / fault_removed

export type FaultKind = 'toxic' | 'outage' | 'process' | 'policy';
export type StreamDirection = 'upstream' | 'downstream';

/** What a fault hits: a proxy (toxic or outage; `stream` for toxics) or a service process. */
export type FaultTarget = { proxy: string; stream?: StreamDirection } | { service: string; peer?: string };

/** A toxic exactly as sent to the Toxiproxy API. */
export interface JournalToxic {
  name: string;
  type: string;
  stream: StreamDirection;
  /** Probability 0–1 that a connection is affected. */
  toxicity: number;
  attributes: Record<string, number | string | boolean>;
}

export type ProcessAction = 'kill' | 'pause' | 'restart';
export type RemovalReason = 'scheduled' | 'rollback' | 'abort' | 'panic' | 'lease-expired';

/** Fields shared by injection and removal; both name the fault by `faultId`. */
export interface FaultFields {
  /** Unique within the run; pairs an injection with its removal. */
  faultId: string;
  kind: FaultKind;
  target: FaultTarget;
  /** For `toxic` faults. */
  toxic?: JournalToxic;
  /** For `process` faults. */
  action?: ProcessAction;
  /** For a policy fault: the resilience policy put in place of the declared one (services' /admin/policies). */
  policy?: JsonValue;
  /** When the plan scheduled this step, in ms after the faults phase began (actual time is `time`). */
  plannedOffsetMs: number;
  /** The dead-man's switch on the proxy: the fault goes away by itself unless `holder` renews it. */
  lease?: { ttlMs: number; holder: string };
  /** Id of the matching proxy audit event (GET /events), tying the two timelines together. */
  auditEventId?: number;
  /**
   * The step failed. A failed injection may still have been applied (a timeout proves nothing), so
   * it is still removed and still needs a `fault_removed`; a failed removal leaves the fault in place.
   */
  error?: string;
}

export interface FaultInjectedEvent extends JournalEnvelope<'fault_injected'>, FaultFields {}

export interface FaultRemovedEvent extends JournalEnvelope<'fault_removed'>, FaultFields {
  /** Which route removed it: the plan, a rollback, an abort, the panic button, or its lease lapsing. */
  reason: RemovalReason;
}

// ---------------------------------------------------------------------------------------------
// probe, hypothesis

export interface ProbeEvent extends JournalEnvelope<'probe'> {
  name: string;
  ok: boolean;
  /** HTTP status, when the probe is an HTTP request. */
  status?: number;
  latencyMs?: number;
  error?: string;
}

export type HypothesisWhen = 'before' | 'during' | 'after' | 'recovery';
export type CheckKind = 'error_ratio' | 'latency' | 'burn_rate' | 'budget' | 'probe';

/**
 * One tolerance of the steady-state hypothesis. `observed` is in the kind's unit: a fraction for
 * `error_ratio` and `budget` (0.023 = 2.3 %), milliseconds for `latency`, a multiple for
 * `burn_rate` (14.4 = 14.4×), 1 (met) or 0 for `probe`; null when there was nothing to measure.
 */
export interface HypothesisCheck {
  name: string;
  kind: CheckKind;
  /** SLO id the check reads, when it reads one. */
  slo?: string;
  /** Measurement window, Prometheus style ("5m", or "4s" when compressed). */
  window?: string;
  observed: number | null;
  /** The tolerance as a person reads it, e.g. "<= 1 %". */
  tolerance: string;
  ok: boolean;
}

export interface HypothesisEvent extends JournalEnvelope<'hypothesis'> {
  when: HypothesisWhen;
  /** Every check ok. */
  ok: boolean;
  checks: HypothesisCheck[];
}

// ---------------------------------------------------------------------------------------------
// load_sample, slo_snapshot, alert

/** One second of the load generator's open-model traffic. */
export interface LoadSampleEvent extends JournalEnvelope<'load_sample'> {
  /** Epoch seconds at the start of the bucket. */
  second: number;
  /** Requests started in this second. */
  sent: number;
  /** Requests that completed in this second with an expected answer. */
  ok: number;
  /** Requests that completed in this second with an error (status, reset, timeout). */
  failed: number;
  /** Completions by outcome, e.g. {"200": 98, "503": 2, "timeout": 1}. */
  byOutcome: Record<string, number>;
  /** Arrivals the generator could not send on time (coordinated-omission guard). */
  missed: number;
  /** Latency percentiles of the completions; null when nothing completed. */
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

export interface SloSnapshotEntry {
  id: string;
  /** Error ratio over the fastest alert's short window; null without traffic. */
  errorRatioShort: number | null;
  /** Burn rate by window name ("5m", "1h", …); null without traffic. */
  burnRates: Record<string, number | null>;
  /** Share of the period's error budget used so far (0.25 = a quarter). */
  consumed: number;
  /** Share left (may go below 0 once the budget is blown). */
  remaining: number;
  firing: { page: boolean; ticket: boolean };
}

export interface SloSnapshotEvent extends JournalEnvelope<'slo_snapshot'> {
  slos: SloSnapshotEntry[];
}

export interface AlertEvent extends JournalEnvelope<'alert'> {
  status: 'firing' | 'resolved';
  alertname: string;
  /** `page` or `ticket` for SLO alerts. */
  severity?: string;
  slo?: string;
  /** When the alert source says it started (and ended), RFC 3339. */
  startsAt: string;
  endsAt?: string;
  /** Alertmanager's webhook, or the embedded evaluator when no Prometheus runs. */
  source: 'alertmanager' | 'evaluator';
}

// ---------------------------------------------------------------------------------------------
// abort, rollback, note, verdict, run_finished

export interface AbortEvent extends JournalEnvelope<'abort'> {
  /** The experiment's abort condition that tripped (its name, or its kind when unnamed). */
  condition: string;
  /** One human sentence: what was seen and why that stops the run. */
  reason: string;
  /** The figure that crossed the line, in the condition's unit. */
  observed?: number | null;
}

export interface RollbackEvent extends JournalEnvelope<'rollback'> {
  faultId: string;
  ok: boolean;
  error?: string;
}

export interface NoteEvent extends JournalEnvelope<'note'> {
  /** Who wrote it, in game-day mode (e.g. "facilitator", "responder"). */
  role?: string;
  text: string;
}

export type VerdictResult = 'held' | 'deviated' | 'aborted' | 'error';

/** Exit codes of `faultline run`, also recorded in the verdict. */
export const RUN_EXIT_CODES = {
  /** The steady-state hypothesis held before, during and after. */
  held: 0,
  /** The run completed and some hypothesis check failed. */
  deviated: 1,
  /** An abort condition (or a signal) stopped the run; faults were rolled back. */
  aborted: 2,
  /** The experiment, topology or SLO files are invalid; nothing was injected. */
  invalidInput: 3,
  /** The environment failed: a proxy, service, Prometheus or the journal itself. */
  environmentError: 4,
} as const;
export type RunExitCode = (typeof RUN_EXIT_CODES)[keyof typeof RUN_EXIT_CODES];

export interface VerdictEvent extends JournalEnvelope<'verdict'> {
  result: VerdictResult;
  /** Why, one sentence each: the failed checks, the abort, the error. */
  reasons: string[];
  exitCode: RunExitCode;
}

export interface RunFinishedEvent extends JournalEnvelope<'run_finished'> {
  /** From run_started to now, measured on the monotonic clock. */
  durationMs: number;
}

// ---------------------------------------------------------------------------------------------

export type JournalEvent =
  | RunStartedEvent
  | PhaseEvent
  | FaultInjectedEvent
  | FaultRemovedEvent
  | ProbeEvent
  | HypothesisEvent
  | LoadSampleEvent
  | SloSnapshotEvent
  | AlertEvent
  | AbortEvent
  | RollbackEvent
  | NoteEvent
  | VerdictEvent
  | RunFinishedEvent;

export type JournalEventType = JournalEvent['type'];

export const JOURNAL_EVENT_TYPES: readonly JournalEventType[] = [
  'run_started',
  'phase',
  'fault_injected',
  'fault_removed',
  'probe',
  'hypothesis',
  'load_sample',
  'slo_snapshot',
  'alert',
  'abort',
  'rollback',
  'note',
  'verdict',
  'run_finished',
];

/** The event of one type. */
export type JournalEventOf<TType extends JournalEventType> = Extract<JournalEvent, { type: TType }>;

/** What the runner hands the writer: an event without `seq` and `time`, which the writer assigns. */
export type JournalEventInput = DistributiveOmit<JournalEvent, 'seq' | 'time'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event of a type this version does not know (a newer writer's): kept, with its line number. */
export interface ForeignEvent {
  line: number;
  seq: number;
  time: string;
  type: string;
  event: Record<string, unknown>;
}
