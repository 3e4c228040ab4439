/**
 * What the k6 scripts read from their environment (`k6 run -e NAME=value`, or the process
 * environment), checked all at once, and the arrival-rate scenarios built from it.
 *
 * Pure: the scripts hand `__ENV` in, so vitest checks the parsing and the defaults without k6
 * (tests/unit/k6/config.test.ts, which also compares the defaults with the experiment files).
 * The defaults are the demo experiment's load (experiments/payments-outage.yaml: 30 req/s for 30 s,
 * 3 s timeout, seed 102) and, for the ramp, the catalogue's ramping one (experiments/retry-storm.yaml:
 * 20 req/s for 5 s, then 20 → 35 req/s over 30 s). The mix defaults to shopMix's 65/25/10; the demo
 * experiment's own 50/20/30 is `LOAD_MIX=browse=50,product=20,order=30`.
 */
import type { KindName } from './mix.ts';

export type Env = Readonly<Record<string, string | undefined>>;

export interface RampStage {
  /** k6 duration string, e.g. `30s`. */
  duration: string;
  /** Requests per second at the end of the stage (k6: iterations per timeUnit, here 1 s). */
  target: number;
}

export interface LoadConfig {
  /** Gateway origin, without a trailing slash. */
  target: string;
  seed: number;
  /** Weights by kind name; undefined = shopMix's own weights. */
  weights: Partial<Record<KindName, number>> | undefined;
  /** k6 duration string: a request without a full answer by then fails (status 0), as the built-in's timeout. */
  timeout: string;
  timeoutMs: number;
  /** constant-rate.ts */
  rate: number;
  duration: string;
  /** ramping-rate.ts */
  startRate: number;
  stages: RampStage[];
  /** Explicit VU pool sizes; undefined = sized from the peak rate and the timeout (see vuPool). */
  preAllocatedVUs: number | undefined;
  maxVUs: number | undefined;
}

export const DEFAULTS = {
  target: 'http://127.0.0.1:8080',
  seed: 102,
  timeout: '3s',
  rate: 30,
  duration: '30s',
  startRate: 20,
  stages: [
    { duration: '5s', target: 20 },
    { duration: '30s', target: 35 },
  ],
} as const;

/** Every variable the scripts read, with what it means (README.md lists the same). */
export const ENV_VARS = {
  GATEWAY_URL: 'gateway origin (http://host:port)',
  LOAD_SEED: 'seed of the request mix (integer)',
  LOAD_MIX: 'kind weights, e.g. browse=50,product=20,order=30 (kinds not named are not sent)',
  LOAD_TIMEOUT: 'request timeout (k6 duration)',
  LOAD_RATE: 'constant-rate.ts: requests per second (whole number)',
  LOAD_DURATION: 'constant-rate.ts: how long (k6 duration)',
  LOAD_START_RATE: 'ramping-rate.ts: requests per second at the start (whole number)',
  LOAD_STAGES: 'ramping-rate.ts: duration:rate,... e.g. 5s:20,30s:35 (rate linear within a stage)',
  LOAD_PRE_ALLOCATED_VUS: 'VUs created before the start',
  LOAD_MAX_VUS: 'VUs k6 may have at most; a start finding none free is a dropped iteration',
} as const;

const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
const TERM = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds of a k6/Go duration such as `30s`, `1m30s`, `250ms`; NaN when it is not one. */
export function durationMs(text: string): number {
  if (!DURATION.test(text)) return Number.NaN;
  let total = 0;
  TERM.lastIndex = 0;
  for (let match = TERM.exec(text); match !== null; match = TERM.exec(text)) total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
  return total;
}

/** Read the scripts' configuration; throws one Error listing every problem. */
export function readConfig(env: Env): LoadConfig {
  const problems: string[] = [];
  const value = (name: keyof typeof ENV_VARS): string | undefined => {
    const raw = env[name]?.trim();
    return raw === undefined || raw === '' ? undefined : raw;
  };
  const integer = (name: keyof typeof ENV_VARS, fallback: number | undefined, min: number): number | undefined => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (/^-?\d+$/.test(raw) && Number.isSafeInteger(n) && n >= min) return n;
    problems.push(`${name}=${raw}: expected a whole number >= ${min} (k6's arrival rates and VU counts are integers)`);
    return fallback;
  };
  const duration = (name: keyof typeof ENV_VARS, fallback: string): string => {
    const raw = value(name) ?? fallback;
    if (durationMs(raw) > 0) return raw;
    problems.push(`${name}=${raw}: expected a duration above 0 such as 30s, 1m30s or 250ms`);
    return fallback;
  };

  const target = (value('GATEWAY_URL') ?? DEFAULTS.target).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/?#\s]+$/.test(target)) problems.push(`GATEWAY_URL=${target}: expected an origin such as http://127.0.0.1:8080 (scheme, host, port; request paths are absolute)`);

  const timeout = duration('LOAD_TIMEOUT', DEFAULTS.timeout);
  const config: LoadConfig = {
    target,
    seed: integer('LOAD_SEED', DEFAULTS.seed, 0) as number,
    weights: parseMix(value('LOAD_MIX'), problems),
    timeout,
    timeoutMs: durationMs(timeout),
    rate: integer('LOAD_RATE', DEFAULTS.rate, 1) as number,
    duration: duration('LOAD_DURATION', DEFAULTS.duration),
    startRate: integer('LOAD_START_RATE', DEFAULTS.startRate, 0) as number,
    stages: parseStages(value('LOAD_STAGES'), problems),
    preAllocatedVUs: integer('LOAD_PRE_ALLOCATED_VUS', undefined, 1),
    maxVUs: integer('LOAD_MAX_VUS', undefined, 1),
  };
  if (config.preAllocatedVUs !== undefined && config.maxVUs !== undefined && config.maxVUs < config.preAllocatedVUs) {
    problems.push(`LOAD_MAX_VUS=${config.maxVUs} is below LOAD_PRE_ALLOCATED_VUS=${config.preAllocatedVUs}`);
  }
  if (problems.length > 0) throw new Error(`invalid k6 load configuration:\n- ${problems.join('\n- ')}`);
  return config;
}

function parseMix(raw: string | undefined, problems: string[]): LoadConfig['weights'] {
  if (raw === undefined) return undefined;
  const weights: Partial<Record<KindName, number>> = {};
  const known: readonly string[] = ['browse', 'product', 'order'];
  for (const part of raw.split(',')) {
    const match = /^\s*([a-z]+)\s*[=:]\s*(\d+(?:\.\d+)?)\s*$/.exec(part);
    if (match === null || !known.includes(match[1] as string)) {
      problems.push(`LOAD_MIX: "${part.trim()}" is not kind=weight with a kind among ${known.join(', ')}`);
      continue;
    }
    weights[match[1] as KindName] = Number(match[2]);
  }
  if (Object.values(weights).every((weight) => !(weight !== undefined && weight > 0))) problems.push(`LOAD_MIX=${raw}: no kind has a weight above 0`);
  return weights;
}

function parseStages(raw: string | undefined, problems: string[]): RampStage[] {
  if (raw === undefined) return DEFAULTS.stages.map((stage) => ({ ...stage }));
  const stages: RampStage[] = [];
  for (const part of raw.split(',')) {
    const match = /^\s*([0-9.a-z]+)\s*:\s*(\d+)\s*$/.exec(part);
    if (match === null || !(durationMs(match[1] as string) >= 0)) {
      problems.push(`LOAD_STAGES: "${part.trim()}" is not duration:rate, e.g. 30s:35 (a whole number of requests per second)`);
      continue;
    }
    stages.push({ duration: match[1] as string, target: Number(match[2]) });
  }
  if (stages.length > 0 && stages.every((stage) => durationMs(stage.duration) === 0)) problems.push(`LOAD_STAGES=${raw}: the stages last 0 s`);
  return stages;
}

/**
 * VU pool for an arrival-rate scenario. Each k6 VU runs one request at a time, and a request holds
 * it until its answer or its timeout, so `peak × timeout` VUs are the most a run can need while the
 * system stays within the timeout; one second more of headroom makes `maxVUs`. Below it a start
 * finding no free VU is dropped (dropped_iterations), as the built-in generator misses a start at
 * `maxInFlight` (4096 there, far above what these rates reach). `preAllocatedVUs` covers a second
 * of latency at the peak rate: k6 creates the rest while running, which it warns about.
 */
export function vuPool(config: LoadConfig, peakRate: number): { preAllocatedVUs: number; maxVUs: number } {
  const sized = Math.max(1, Math.ceil(peakRate * (config.timeoutMs / 1000 + 1)));
  const maxVUs = config.maxVUs ?? Math.max(sized, config.preAllocatedVUs ?? 1);
  const preAllocatedVUs = config.preAllocatedVUs ?? Math.min(maxVUs, Math.max(1, Math.ceil(peakRate)));
  return { preAllocatedVUs, maxVUs };
}

/**
 * Let requests still in flight when the schedule ends finish (or time out) before k6 stops them,
 * as the built-in waits for every outcome: the timeout plus a second.
 */
function gracefulStop(config: LoadConfig): string {
  return `${config.timeoutMs + 1000}ms`;
}

/** k6's constant-arrival-rate scenario (options.scenarios.<name>) for the configuration. */
export function constantArrivalRate(config: LoadConfig) {
  return {
    executor: 'constant-arrival-rate' as const,
    rate: config.rate,
    timeUnit: '1s',
    duration: config.duration,
    ...vuPool(config, config.rate),
    gracefulStop: gracefulStop(config),
  };
}

/** k6's ramping-arrival-rate scenario for the configuration: the rate moves linearly within a stage. */
export function rampingArrivalRate(config: LoadConfig) {
  const peak = Math.max(config.startRate, ...config.stages.map((stage) => stage.target));
  return {
    executor: 'ramping-arrival-rate' as const,
    startRate: config.startRate,
    timeUnit: '1s',
    stages: config.stages.map((stage) => ({ ...stage })),
    ...vuPool(config, peak),
    gracefulStop: gracefulStop(config),
  };
}
