import { afterEach, describe, expect, it } from 'vitest';
import { HttpMetricNames, ResilienceMetricNames } from '../../src/core/conventions.js';
import { clientFor, stillClock } from './helpers/client.js';
import { closedPortUrl } from './helpers/config.js';
import { valueOf } from './helpers/metrics-text.js';
import { Closer, fakeDependency, gate } from './helpers/servers.js';

const closer = new Closer();
afterEach(() => closer.closeAll());

const labels = { service: 'gateway', peer: 'catalog' };
const calls = (outcome: string) => [`${HttpMetricNames.clientDuration}_count`, { ...labels, outcome }] as const;

/** A fake that answers each call with the next status of `statuses` (the last one repeats). */
async function scripted(...statuses: number[]) {
  const seen: { requestId?: string; idempotencyKey?: string; body: unknown }[] = [];
  const fake = await fakeDependency((app) => {
    app.post('/things', async (request, reply) => {
      seen.push({ requestId: request.headers['x-request-id'] as string, idempotencyKey: request.headers['idempotency-key'] as string, body: request.body });
      const status = statuses[Math.min(seen.length - 1, statuses.length - 1)] as number;
      return reply.code(status).send(status >= 400 ? { message: `scripted ${status}` } : { n: seen.length });
    });
  });
  closer.add(fake);
  return { url: fake.url, seen };
}

const post = { method: 'POST', path: '/things', body: { a: 1 }, headers: { 'idempotency-key': 'k-1' }, requestId: 'req-123' } as const;

describe('a resilient client call', () => {
  it('returns the answer, sends the body, request id and headers, and records a success', async () => {
    const fake = await scripted(201);
    const { client, scrape } = clientFor(fake.url, {});
    closer.add(client);
    const result = await client.call(post);
    expect(result).toEqual({ ok: true, outcome: 'success', response: { statusCode: 201, body: { n: 1 } } });
    expect(fake.seen).toEqual([{ requestId: 'req-123', idempotencyKey: 'k-1', body: { a: 1 } }]);
    expect(valueOf(await scrape(), ...calls('success'))).toBe(1);
  });

  it('treats a 4xx as an answer: a success, never retried', async () => {
    const fake = await scripted(409);
    const { client, scrape } = clientFor(fake.url, { retries: { attempts: 3, backoffMs: 0, maxBackoffMs: 0, budget: 10 } }, stillClock());
    closer.add(client);
    const result = await client.call(post);
    expect(result).toMatchObject({ ok: true, outcome: 'success', response: { statusCode: 409 } });
    expect(fake.seen).toHaveLength(1);
    expect(valueOf(await scrape(), ResilienceMetricNames.retries, labels)).toBe(0);
  });

  it('reports a 5xx as an error, keeping the dependency answer and its explanation', async () => {
    const fake = await scripted(500);
    const { client, scrape } = clientFor(fake.url, {});
    closer.add(client);
    const result = await client.call(post);
    expect(result).toMatchObject({ ok: false, outcome: 'error', message: 'catalog answered 500: scripted 500', response: { statusCode: 500 } });
    expect(valueOf(await scrape(), ...calls('error'))).toBe(1);
  });

  it('reports a refused connection as an error', async () => {
    const { client, scrape } = clientFor(await closedPortUrl(), {});
    closer.add(client);
    const result = await client.call(post);
    expect(result).toMatchObject({ ok: false, outcome: 'error' });
    expect(result.ok ? '' : result.message).toMatch(/^catalog unreachable: .*ECONNREFUSED/);
    expect(valueOf(await scrape(), ...calls('error'))).toBe(1);
  });

  it('gives up at the timeout and records the outcome timeout', async () => {
    const held = gate();
    const fake = await fakeDependency((app) => app.get('/slow', async () => held.promise.then(() => ({ late: true }))));
    closer.add({ close: async () => { held.open(); await fake.close(); } });
    const { client, scrape } = clientFor(fake.url, { timeoutMs: 50 });
    closer.add(client);
    const started = performance.now();
    const result = await client.call({ method: 'GET', path: '/slow' });
    const elapsed = performance.now() - started;
    expect(result).toEqual({ ok: false, outcome: 'timeout', message: 'catalog did not answer within 50 ms' });
    expect(elapsed).toBeGreaterThanOrEqual(45);
    expect(elapsed).toBeLessThan(1_000);
    const text = await scrape();
    expect(valueOf(text, ...calls('timeout'))).toBe(1);
    expect(valueOf(text, `${HttpMetricNames.clientDuration}_sum`, { ...labels, outcome: 'timeout' })).toBeGreaterThanOrEqual(0.045);
  });

  it('retries 5xx answers until one succeeds, counting each retry', async () => {
    const fake = await scripted(503, 500, 200);
    const { client, scrape } = clientFor(fake.url, { retries: { attempts: 3, backoffMs: 1, maxBackoffMs: 5, budget: 10 } }, stillClock());
    closer.add(client);
    const result = await client.call(post);
    expect(result).toMatchObject({ ok: true, response: { statusCode: 200, body: { n: 3 } } });
    expect(fake.seen).toHaveLength(3);
    const text = await scrape();
    expect(valueOf(text, ResilienceMetricNames.retries, labels)).toBe(2);
    expect(valueOf(text, ...calls('success'))).toBe(1);
  });

  it('stops at the attempt limit and returns the last failure', async () => {
    const fake = await scripted(500);
    const { client } = clientFor(fake.url, { retries: { attempts: 2, backoffMs: 0, maxBackoffMs: 0, budget: 10 } }, stillClock());
    closer.add(client);
    const result = await client.call(post);
    expect(result).toMatchObject({ ok: false, outcome: 'error', response: { statusCode: 500 } });
    expect(fake.seen).toHaveLength(3);
  });

  it('lets the retry budget limit retries across calls', async () => {
    const fake = await scripted(500);
    const { client, scrape } = clientFor(fake.url, { retries: { attempts: 3, backoffMs: 0, maxBackoffMs: 0, budget: 0.5 } }, stillClock());
    closer.add(client);
    for (let i = 0; i < 4; i++) await client.call(post);
    // Budget 0.5: call 1 gets no retry (0.5 × 1 < 1), call 2 one (1 ≤ 1), call 3 none (2 > 1.5), call 4 one (2 ≤ 2).
    expect(fake.seen).toHaveLength(4 + 2);
    expect(valueOf(await scrape(), ResilienceMetricNames.retries, labels)).toBe(2);
  });

  it('takes a replaced policy for the next call, and counts nothing for the replacement itself', async () => {
    const fake = await scripted(500);
    const { client, scrape } = clientFor(fake.url, {}, stillClock());
    closer.add(client);
    await client.call(post);
    expect(fake.seen).toHaveLength(1);
    const policy = { retries: { attempts: 1, backoffMs: 0, maxBackoffMs: 0, budget: 10 } };
    client.replacePolicy(policy);
    expect(client.policy).toBe(policy);
    await client.call(post);
    expect(fake.seen).toHaveLength(3);
    expect(valueOf(await scrape(), ...calls('error'))).toBe(2);
  });

  it('checks health outside the policy, naming the reason it failed', async () => {
    const { client } = clientFor(await closedPortUrl(), { timeoutMs: 10_000 });
    closer.add(client);
    const health = await client.checkHealth(200);
    expect(health.ok).toBe(false);
    expect(health.ok ? '' : health.reason).toMatch(/^unreachable: .*ECONNREFUSED/);
  });
});
