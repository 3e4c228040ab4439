import { formatDuration, parseDuration } from '../../core/durations.js';
import type { ResiliencePolicy } from '../../core/service-contract.js';
import { POLICY_DEFAULTS } from '../../topology/load.js';
import type { RawPolicyOverride } from './spec.js';

/**
 * A policy fault's `set`, applied over the topology's declared policy: a pattern given as an object
 * changes only the fields it names, `false` turns the pattern off, and a pattern the topology does
 * not declare starts from the topology loader's defaults (src/topology/load.ts), so the same YAML
 * means the same policy in both files. `PUT /admin/policies/{peer}` takes a full policy, which is
 * why the result is complete.
 */

const DEFAULT_RETRY = POLICY_DEFAULTS.retry;
const DEFAULT_BREAKER = POLICY_DEFAULTS.circuitBreaker;

export type OverrideResult = { ok: true; policy: ResiliencePolicy } | { ok: false; path: string[]; message: string };

export function applyOverride(declared: ResiliencePolicy, set: RawPolicyOverride, describe: string): OverrideResult {
  const policy: ResiliencePolicy = structuredClone(declared);
  for (const key of ['timeout', 'retries', 'circuitBreaker', 'bulkhead'] as const) {
    if (set[key] === true) return { ok: false, path: [key], message: `${key}: true has no meaning; give the settings to change, or false to turn ${key} off` };
  }
  if (set.timeout === false) delete policy.timeoutMs;
  else if (typeof set.timeout === 'string') policy.timeoutMs = parseDuration(set.timeout);

  if (set.retries === false) delete policy.retries;
  else if (typeof set.retries === 'object') {
    const base = policy.retries;
    const attempts = set.retries.attempts ?? base?.attempts;
    if (attempts === undefined) return { ok: false, path: ['retries', 'attempts'], message: `${describe} has no retries, so retries.attempts is needed` };
    policy.retries = {
      attempts,
      backoffMs: set.retries.backoff !== undefined ? parseDuration(set.retries.backoff) : (base?.backoffMs ?? DEFAULT_RETRY.backoffMs),
      maxBackoffMs: set.retries.maxBackoff !== undefined ? parseDuration(set.retries.maxBackoff) : (base?.maxBackoffMs ?? DEFAULT_RETRY.maxBackoffMs),
      budget: set.retries.budget ?? base?.budget ?? DEFAULT_RETRY.budget,
    };
  }

  if (set.circuitBreaker === false) delete policy.circuitBreaker;
  else if (typeof set.circuitBreaker === 'object') {
    const base = policy.circuitBreaker ?? DEFAULT_BREAKER;
    const given = set.circuitBreaker;
    policy.circuitBreaker = {
      failureRatio: given.failureRatio ?? base.failureRatio,
      minimumRequests: given.minimumRequests ?? base.minimumRequests,
      windowMs: given.window !== undefined ? parseDuration(given.window) : base.windowMs,
      halfOpenAfterMs: given.halfOpenAfter !== undefined ? parseDuration(given.halfOpenAfter) : base.halfOpenAfterMs,
    };
  }

  if (set.bulkhead === false) delete policy.bulkhead;
  else if (typeof set.bulkhead === 'object') {
    const limit = set.bulkhead.limit ?? policy.bulkhead?.limit;
    if (limit === undefined) return { ok: false, path: ['bulkhead', 'limit'], message: `${describe} has no bulkhead, so bulkhead.limit is needed` };
    policy.bulkhead = { limit, queue: set.bulkhead.queue ?? policy.bulkhead?.queue ?? POLICY_DEFAULTS.bulkhead.queue };
  }

  if (set.fallback !== undefined) policy.fallback = set.fallback;
  return { ok: true, policy };
}

/**
 * Same policy as it travels in JSON (`PUT /admin/policies/{peer}`, `GET /admin/policies`), whatever
 * the key order: a key set to undefined is a key left out, as JSON leaves it out, and arrays keep
 * their order. The loader's "changes nothing" check and `faultline panic`'s "already the declared
 * policy" check both use it, so an in-memory policy compares equal to what a service reports.
 */
export function samePolicy(a: ResiliencePolicy, b: ResiliencePolicy): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(value: unknown): string | undefined {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** The policy in one line, for the plan: `timeout 500ms, 5 retries (backoff 50ms to 400ms, budget 100 %), ...`. */
export function describePolicy(policy: ResiliencePolicy): string {
  const parts: string[] = [];
  parts.push(policy.timeoutMs !== undefined ? `timeout ${formatDuration(policy.timeoutMs)}` : 'no timeout');
  if (policy.retries) {
    const r = policy.retries;
    parts.push(`${r.attempts} retries (backoff ${formatDuration(r.backoffMs)} to ${formatDuration(r.maxBackoffMs)}, budget ${Number((r.budget * 100).toPrecision(4))} %)`);
  } else parts.push('no retries');
  if (policy.circuitBreaker) {
    const b = policy.circuitBreaker;
    parts.push(`breaker at ${Number((b.failureRatio * 100).toPrecision(4))} % of ≥ ${b.minimumRequests} calls in ${formatDuration(b.windowMs)}, half-open after ${formatDuration(b.halfOpenAfterMs)}`);
  } else parts.push('no breaker');
  parts.push(policy.bulkhead ? `bulkhead ${policy.bulkhead.limit} + ${policy.bulkhead.queue} queued` : 'no bulkhead');
  if (policy.fallback !== undefined) parts.push(`fallback ${policy.fallback ? 'on' : 'off'}`);
  return parts.join(', ');
}
