import { describe, expect, it } from 'vitest';
import type { ResiliencePolicy } from '../../../src/core/service-contract.js';
import { samePolicy } from '../../../src/runner/experiment/policy-override.js';

/**
 * The one policy equality: the loader's "changes nothing" check (an in-memory policy against the
 * declared one) and `faultline panic`'s "already the declared policy" check (what a service reports
 * in JSON against the declared one) both use it, so it compares policies as JSON carries them.
 */
const declared: ResiliencePolicy = {
  timeoutMs: 500,
  retries: { attempts: 3, backoffMs: 50, maxBackoffMs: 400, budget: 0.1 },
  circuitBreaker: { failureRatio: 0.5, minimumRequests: 10, windowMs: 10_000, halfOpenAfterMs: 5000 },
  bulkhead: { limit: 10, queue: 20 },
};

describe('samePolicy', () => {
  it('ignores the order of keys, at every depth', () => {
    const reordered = JSON.parse('{"bulkhead":{"queue":20,"limit":10},"circuitBreaker":{"windowMs":10000,"halfOpenAfterMs":5000,"minimumRequests":10,"failureRatio":0.5},"retries":{"budget":0.1,"maxBackoffMs":400,"backoffMs":50,"attempts":3},"timeoutMs":500}') as ResiliencePolicy;
    expect(samePolicy(reordered, declared)).toBe(true);
    expect(samePolicy(declared, reordered)).toBe(true);
  });

  it('treats a key set to undefined as left out, as JSON does: a policy equals what a service reports of it', () => {
    const withUndefined: ResiliencePolicy = { ...declared, fallback: undefined };
    expect(samePolicy(withUndefined, JSON.parse(JSON.stringify(declared)) as ResiliencePolicy)).toBe(true);
  });

  it('tells a changed, added or removed setting apart', () => {
    expect(samePolicy({ ...declared, timeoutMs: 50 }, declared)).toBe(false);
    expect(samePolicy({ ...declared, fallback: false }, declared)).toBe(false);
    const { bulkhead: _, ...withoutBulkhead } = declared;
    expect(samePolicy(withoutBulkhead, declared)).toBe(false);
    expect(samePolicy({ ...declared, retries: { ...declared.retries!, attempts: 4 } }, declared)).toBe(false);
    expect(samePolicy({}, {})).toBe(true);
  });

  it('compares arrays as arrays, in order (never as objects keyed 0, 1, …)', () => {
    const asPolicy = (value: unknown) => value as ResiliencePolicy;
    expect(samePolicy(asPolicy({ hosts: ['a', 'b'] }), asPolicy({ hosts: ['a', 'b'] }))).toBe(true);
    expect(samePolicy(asPolicy({ hosts: ['a', 'b'] }), asPolicy({ hosts: ['b', 'a'] }))).toBe(false);
    expect(samePolicy(asPolicy({ hosts: ['a', 'b'] }), asPolicy({ hosts: { 0: 'a', 1: 'b' } }))).toBe(false);
  });
});
