import type { ResiliencePolicy } from '../../core/service-contract.js';

/**
 * The experiment model: what `experiments/*.yaml` means once loaded and checked against the
 * topology and the SLOs (spec → model → plan). Pure types. Everything here is already validated:
 * targets exist and sit inside the blast radius, toxic attributes suit their type, faults fit in the
 * load and never collide. Times are milliseconds; percentages keep the file's unit (percent) and say
 * so in their names.
 */

export type ToxicTypeName = 'latency' | 'bandwidth' | 'slow_close' | 'timeout' | 'reset_peer' | 'slicer' | 'limit_data' | 'noop';
export type Stream = 'upstream' | 'downstream';
export type CheckMoment = 'before' | 'during' | 'after';
export type ProcessAction = 'kill' | 'pause' | 'restart';

export interface ExperimentMetadata {
  /** File-safe id, e.g. `payments-latency-beyond-timeout`. */
  name: string;
  title: string;
  description: string;
  tags: readonly string[];
  /** What a trainee should understand afterwards (required in the catalogue). */
  learningObjective?: string;
  /** Where to look while it runs, one sentence each. */
  lookFor: readonly string[];
}

/** What the experiment may touch: the blast radius. Files are resolved paths. */
export interface ExperimentTarget {
  topologyFile: string;
  sloFiles: readonly string[];
  proxies: readonly string[];
  services: readonly string[];
}

/** One stage of the open-model load: the rate moves linearly to `rate` over `durationMs` (k6's ramping-arrival-rate). */
export interface LoadStage {
  durationMs: number;
  /** Requests per second reached at the end of the stage. */
  rate: number;
}

export interface LoadModel {
  /** Rate at T+0; a constant load has startRate = the stage's rate. */
  startRate: number;
  stages: readonly LoadStage[];
  /** Sum of the stages. */
  durationMs: number;
  /** Weight of each request kind of the shop mix (src/load/request-mix.ts), zero weights included. */
  mix: Readonly<Record<string, number>>;
  /** A request that takes longer counts as failed. */
  timeoutMs: number;
}

export interface ErrorRatioCondition {
  kind: 'errorRatio';
  /** Fail when more than this percent of the window's requests failed (5xx, connection error, timeout). */
  maxPercent: number;
  windowMs: number;
  /** Request kinds counted; all kinds when empty. */
  kinds: readonly string[];
}

export interface LatencyCondition {
  kind: 'latency';
  /** 0 < percentile < 100, e.g. 99. */
  percentile: number;
  maxMs: number;
  windowMs: number;
  kinds: readonly string[];
}

export interface BurnRateCondition {
  kind: 'burnRate';
  slo: string;
  /** One of the SLO's alert windows as written (nominal, e.g. 5m); the plan compresses it. */
  windowMs: number;
  /** Multiple of the sustainable rate, e.g. 14.4. */
  max: number;
}

export interface BudgetCondition {
  kind: 'budget';
  slo: string;
  /** Share of the (compressed) period's error budget, in percent; may exceed 100. */
  maxConsumedPercent: number;
}

export interface ProbeCondition {
  kind: 'probe';
  /** A path on the topology's public service, or an absolute loopback URL. */
  target: { path: string } | { url: string };
  expectStatus: readonly number[];
  timeoutMs: number;
}

export type CheckCondition = ErrorRatioCondition | LatencyCondition | BurnRateCondition | BudgetCondition | ProbeCondition;

export interface SteadyStateCheck {
  name: string;
  /** When it is judged; defaults to the moments the steady state enables. */
  when: readonly CheckMoment[];
  condition: CheckCondition;
}

/** The hypothesis: checks judged before the faults, continuously during them, and after. */
export interface SteadyState {
  hypothesis?: string;
  /** Load before the first fault; the `before` checks judge its end. */
  baselineMs: number;
  /** Interval of the `during` checks and of recovery polling. */
  everyMs: number;
  checks: readonly SteadyStateCheck[];
}

interface FaultTiming {
  name: string;
  /** Offset from the start of the fault phase. */
  atMs: number;
  /**
   * How long the fault lasts. Absent: a restart is instantaneous, a kill lasts until the rollback
   * at the end of the fault phase.
   */
  durationMs?: number;
}

export interface ToxicFault extends FaultTiming {
  kind: 'toxic';
  proxy: string;
  /** `faultline-<fault name>`: stable, so a rollback or a lease finds it again. */
  toxicName: string;
  type: ToxicTypeName;
  stream: Stream;
  /** Probability 0–1 that a connection is affected. */
  toxicity: number;
  /** Every attribute of the type, unsent ones 0, as Toxiproxy reports them. */
  attributes: Readonly<Record<string, number>>;
}

/** The proxy is disabled: connections are refused. */
export interface OutageFault extends FaultTiming {
  kind: 'outage';
  proxy: string;
}

/** Through the supervisor's API: SIGKILL, SIGSTOP (resumed after the duration) or a graceful restart. */
export interface ProcessFault extends FaultTiming {
  kind: 'process';
  service: string;
  action: ProcessAction;
}

/** A resilience policy replaced through `PUT /admin/policies/{peer}` and restored afterwards. */
export interface PolicyFault extends FaultTiming {
  kind: 'policy';
  service: string;
  peer: string;
  /** The full policy put during the fault. */
  policy: ResiliencePolicy;
  /** The topology's policy, put back when the fault ends. */
  declared: ResiliencePolicy;
}

export type Fault = ToxicFault | OutageFault | ProcessFault | PolicyFault;

export interface BudgetBurnedAbort {
  kind: 'budgetBurned';
  slo: string;
  abovePercent: number;
}

export interface BurnRateAbort {
  kind: 'burnRate';
  slo: string;
  /** Nominal alert window, as for BurnRateCondition. */
  windowMs: number;
  above: number;
  forMs: number;
}

export interface ErrorRatioAbort {
  kind: 'errorRatio';
  abovePercent: number;
  forMs: number;
  windowMs: number;
}

export type AbortCondition = BudgetBurnedAbort | BurnRateAbort | ErrorRatioAbort;

/** Extra rollback steps; removing every fault is implicit and always happens. */
export type RollbackStep = { kind: 'restore'; services: 'all' };

export interface Safety {
  allowOutsideTopology: boolean;
  allowNonLoopbackUpstream: boolean;
  /** Every proxy fault carries a lease this long, renewed while the runner lives. */
  leaseTtlMs: number;
}

export interface Experiment {
  /** The file it was loaded from. */
  file: string;
  metadata: ExperimentMetadata;
  target: ExperimentTarget;
  seed?: number;
  /** SLO time compression for the run (720: a 30-day budget is one hour). */
  timeScale: number;
  load: LoadModel;
  steadyState: SteadyState;
  /** In file order. */
  method: readonly Fault[];
  abort: readonly AbortCondition[];
  rollbacks: readonly RollbackStep[];
  recovery: { withinMs: number };
  safety: Safety;
}
