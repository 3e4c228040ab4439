import { readFileSync } from 'node:fs';
import { packageFile } from '../../core/package-root.js';

/**
 * The file format of `experiments/*.yaml` (`apiVersion: faultline.dev/v1`, `kind: Experiment`) as it
 * is written, before any default or check: what the loader receives once the schema has passed.
 * Durations are strings ("10s", "500ms"); percentages are numbers in percent (1 = 1 %), as an SLO's
 * objective is; toxic attributes are integers in Toxiproxy's units.
 */

/** schemas/experiment.schema.json — the same file editors use for completion — read once. */
export const experimentSchema: object = JSON.parse(readFileSync(packageFile('schemas/experiment.schema.json'), 'utf8')) as object;

export const EXPERIMENT_API_VERSION = 'faultline.dev/v1';
export const EXPERIMENT_KIND = 'Experiment';

/** Defaults, each documented in docs/EXPERIMENTS.md and the schema. */
export const DEFAULTS = {
  /** A 30-day budget period lasts one hour (30 × 24 = 720). */
  timeScale: 720,
  requestTimeout: '5s',
  baseline: '10s',
  every: '1s',
  checkWindow: '5s',
  probeTimeout: '1s',
  recoveryWithin: '10s',
  leaseTtl: '5s',
  stream: 'downstream',
  toxicity: 1,
  expectStatus: 200,
} as const;

export interface RawMetadata {
  name: string;
  title: string;
  description?: string;
  tags?: string[];
  learningObjective?: string;
  lookFor?: string[];
}

export interface RawTarget {
  topology?: string;
  slos?: string[];
  proxies?: string[];
  services?: string[];
}

export interface RawStage {
  duration: string;
  rate: number;
}

export interface RawLoad {
  rate?: number;
  duration?: string;
  startRate?: number;
  stages?: RawStage[];
  mix?: Record<string, number>;
  timeout?: string;
}

export interface RawErrorRatioCheck {
  max: number;
  window?: string;
  kinds?: string[];
}

export interface RawLatencyCheck {
  percentile: number;
  max: string;
  window?: string;
  kinds?: string[];
}

export interface RawBurnRateCheck {
  slo: string;
  window: string;
  max: number;
}

export interface RawBudgetCheck {
  slo: string;
  maxConsumed: number;
}

export interface RawProbeCheck {
  path?: string;
  url?: string;
  expectStatus?: number | number[];
  timeout?: string;
}

export type CheckMomentName = 'before' | 'during' | 'after';

export interface RawCheck {
  name: string;
  when?: CheckMomentName[];
  errorRatio?: RawErrorRatioCheck;
  latency?: RawLatencyCheck;
  burnRate?: RawBurnRateCheck;
  budget?: RawBudgetCheck;
  probe?: RawProbeCheck;
}

export interface RawSteadyState {
  hypothesis?: string;
  baseline?: string;
  before?: boolean;
  during?: boolean;
  after?: boolean;
  every?: string;
  checks?: RawCheck[];
}

export interface RawToxic {
  proxy: string;
  type: string;
  stream?: 'upstream' | 'downstream';
  toxicity?: number;
  attributes?: Record<string, unknown>;
}

/** Topology-style resilience settings; `false` turns a pattern off (`true` passes the schema and is refused after it). */
export interface RawPolicyOverride {
  timeout?: string | boolean;
  retries?: { attempts?: number; backoff?: string; maxBackoff?: string; budget?: number } | boolean;
  circuitBreaker?: { failureRatio?: number; minimumRequests?: number; window?: string; halfOpenAfter?: string } | boolean;
  bulkhead?: { limit?: number; queue?: number } | boolean;
  fallback?: boolean;
}

export interface RawFault {
  name: string;
  at: string;
  duration?: string;
  toxic?: RawToxic;
  outage?: { proxy: string };
  process?: { service: string; action: 'kill' | 'pause' | 'restart' };
  policy?: { service: string; peer: string; set: RawPolicyOverride };
}

export interface RawAbort {
  budgetBurned?: { slo: string; above: number };
  burnRate?: { slo: string; window: string; above: number; for?: string };
  errorRatio?: { above: number; for?: string; window?: string };
}

export interface RawRollback {
  restore: 'all';
}

export interface RawSafety {
  allowOutsideTopology?: boolean;
  allowNonLoopbackUpstream?: boolean;
  leaseTtl?: string;
}

export interface RawExperiment {
  apiVersion: typeof EXPERIMENT_API_VERSION;
  kind: typeof EXPERIMENT_KIND;
  metadata: RawMetadata;
  target?: RawTarget;
  seed?: number;
  timeScale?: number;
  load: RawLoad;
  steadyState?: RawSteadyState;
  method: RawFault[];
  abort?: RawAbort[];
  rollbacks?: RawRollback[];
  recovery?: { within?: string };
  safety?: RawSafety;
}
