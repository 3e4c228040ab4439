import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyProblems, resiliencePolicySchema } from '../../services/shared/policy-rules.js';
import { validationOptions } from '../../services/shared/validation.js';

const retries = { attempts: 2, backoffMs: 10, maxBackoffMs: 100, budget: 0.2 };
const circuitBreaker = { failureRatio: 0.5, minimumRequests: 10, windowMs: 10_000, halfOpenAfterMs: 5_000 };
const bulkhead = { limit: 10, queue: 5 };

/** Each case: a policy, and a fragment the problem must mention (undefined: valid). */
const CASES: { name: string; policy: unknown; problem?: string }[] = [
  { name: 'an empty policy (everything off)', policy: {} },
  { name: 'every pattern on', policy: { timeoutMs: 200, retries, circuitBreaker, bulkhead, fallback: true } },
  { name: 'a failure ratio of exactly 1', policy: { circuitBreaker: { ...circuitBreaker, failureRatio: 1 } } },
  { name: 'a budget above 1 (a deliberate retry storm)', policy: { retries: { ...retries, budget: 3 } } },
  { name: 'a zero timeout', policy: { timeoutMs: 0 }, problem: 'timeoutMs' },
  { name: 'a fractional timeout', policy: { timeoutMs: 1.5 }, problem: 'timeoutMs' },
  { name: 'a timeout as a string', policy: { timeoutMs: '100' }, problem: 'timeoutMs' },
  { name: 'a misspelt field', policy: { timeoutMS: 100 }, problem: 'timeoutMS' },
  { name: 'retries without a budget', policy: { retries: { attempts: 2, backoffMs: 10, maxBackoffMs: 100 } }, problem: 'budget' },
  { name: 'too many attempts', policy: { retries: { ...retries, attempts: 11 } }, problem: 'attempts' },
  { name: 'a negative budget', policy: { retries: { ...retries, budget: -0.1 } }, problem: 'budget' },
  { name: 'a failure ratio of 0', policy: { circuitBreaker: { ...circuitBreaker, failureRatio: 0 } }, problem: 'failureRatio' },
  { name: 'a window too short to sample', policy: { circuitBreaker: { ...circuitBreaker, windowMs: 50 } }, problem: 'windowMs' },
  { name: 'an unknown breaker field', policy: { circuitBreaker: { ...circuitBreaker, threshold: 3 } }, problem: 'threshold' },
  { name: 'a bulkhead of zero', policy: { bulkhead: { limit: 0, queue: 0 } }, problem: 'limit' },
  { name: 'fallback as a string', policy: { fallback: 'yes' }, problem: 'fallback' },
  { name: 'not an object', policy: [], problem: 'policy' },
];

describe('what a valid ResiliencePolicy is', () => {
  const app = Fastify({ logger: false, ...validationOptions });
  app.post('/check', { schema: { body: resiliencePolicySchema } }, async () => ({ ok: true }));
  beforeAll(() => app.ready());
  afterAll(() => app.close());

  it.each(CASES)('the JSON schema and the config validator agree on $name', async ({ policy, problem }) => {
    const problems = policyProblems(policy, 'policy');
    const response = await app.inject({ method: 'POST', url: '/check', payload: policy as object });
    if (problem === undefined) {
      expect(problems).toEqual([]);
      expect(response.statusCode).toBe(200);
    } else {
      expect(problems.join('; ')).toContain(problem);
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toMatch(/^body/);
    }
  });

  it('names the unknown field in the API error', async () => {
    const response = await app.inject({ method: 'POST', url: '/check', payload: { timeoutMS: 100 } });
    expect(response.json().message).toBe('body/timeoutMS is not an allowed property');
  });

  it('collects every problem, each with its path', () => {
    expect(policyProblems({ timeoutMs: -1, bulkhead: { limit: 1.5 } }, 'dependencies.inventory.policy')).toEqual([
      'dependencies.inventory.policy.timeoutMs must be >= 1',
      'dependencies.inventory.policy.bulkhead.limit must be an integer',
      'dependencies.inventory.policy.bulkhead.queue is required',
    ]);
  });
});
