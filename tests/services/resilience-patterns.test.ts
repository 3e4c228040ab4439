import { afterEach, describe, expect, it } from 'vitest';
import { HttpMetricNames, ResilienceMetricNames } from '../../src/core/conventions.js';
import { pollUntil } from '../helpers/http.js';
import { clientFor } from './helpers/client.js';
import { valueOf } from './helpers/metrics-text.js';
import { Closer, fakeDependency, gate } from './helpers/servers.js';

const closer = new Closer();
afterEach(() => closer.closeAll());

const labels = { service: 'gateway', peer: 'catalog' };
const get = { method: 'GET', path: '/thing' } as const;

/** A fake whose health the test flips, counting the calls that reach it. */
async function switchable() {
  const state = { failing: true, hits: 0 };
  const fake = await fakeDependency((app) => {
    app.get('/thing', async (_request, reply) => {
      state.hits++;
      return state.failing ? reply.code(500).send({ message: 'down' }) : { ok: true };
    });
  });
  closer.add(fake);
  return { url: fake.url, state };
}

async function circuitGauge(scrape: () => Promise<string>) {
  const text = await scrape();
  return Object.fromEntries(['closed', 'open', 'half_open'].map((state) => [state, valueOf(text, ResilienceMetricNames.circuitState, { ...labels, state })]));
}

describe('the circuit breaker', () => {
  const circuitBreaker = { failureRatio: 0.5, minimumRequests: 4, windowMs: 10_000, halfOpenAfterMs: 150 };

  it('opens after enough failures, fails fast while open, and closes after a good trial call', async () => {
    const fake = await switchable();
    const { client, scrape } = clientFor(fake.url, { circuitBreaker });
    closer.add(client);
    expect(await circuitGauge(scrape)).toEqual({ closed: 1, open: 0, half_open: 0 });

    for (let i = 0; i < 3; i++) expect((await client.call(get)).outcome).toBe('error');
    expect(await circuitGauge(scrape)).toEqual({ closed: 1, open: 0, half_open: 0 });
    expect((await client.call(get)).outcome).toBe('error');
    expect(await circuitGauge(scrape)).toEqual({ closed: 0, open: 1, half_open: 0 });

    const refused = await client.call(get);
    expect(refused).toEqual({ ok: false, outcome: 'circuit_open', message: 'circuit to catalog is open' });
    expect(fake.state.hits).toBe(4);

    fake.state.failing = false;
    const opened = performance.now();
    const trial = await pollUntil(async () => {
      const result = await client.call(get);
      return result.outcome === 'circuit_open' ? undefined : result;
    }, 2_000, 'the breaker to let a trial call through');
    expect(performance.now() - opened).toBeGreaterThanOrEqual(100);
    expect(trial.outcome).toBe('success');
    expect(fake.state.hits).toBe(5);

    const text = await scrape();
    expect(await circuitGauge(scrape)).toEqual({ closed: 1, open: 0, half_open: 0 });
    // closed → open → half_open → closed
    expect(valueOf(text, ResilienceMetricNames.circuitTransitions, labels)).toBe(3);
    expect(valueOf(text, `${HttpMetricNames.clientDuration}_count`, { ...labels, outcome: 'circuit_open' })).toBeGreaterThanOrEqual(1);
  });

  it('opens again when the trial call fails', async () => {
    const fake = await switchable();
    const { client, scrape } = clientFor(fake.url, { circuitBreaker: { ...circuitBreaker, minimumRequests: 1 } });
    closer.add(client);
    await client.call(get);
    expect((await client.call(get)).outcome).toBe('circuit_open');
    const trial = await pollUntil(async () => {
      const result = await client.call(get);
      return result.outcome === 'circuit_open' ? undefined : result;
    }, 2_000, 'a trial call');
    expect(trial.outcome).toBe('error');
    expect(await circuitGauge(scrape)).toEqual({ closed: 0, open: 1, half_open: 0 });
    expect((await client.call(get)).outcome).toBe('circuit_open');
  });

  it('does not let retries through an open circuit', async () => {
    const fake = await switchable();
    const retries = { attempts: 3, backoffMs: 0, maxBackoffMs: 0, budget: 10 };
    const { client, scrape } = clientFor(fake.url, { retries, circuitBreaker: { ...circuitBreaker, minimumRequests: 2 } });
    closer.add(client);
    // The first attempt fails, the retry fails and opens the circuit: a second retry would only be
    // refused, so the call gives up with the dependency's own failure.
    const result = await client.call(get);
    expect(result).toMatchObject({ outcome: 'error', response: { statusCode: 500 } });
    expect(fake.state.hits).toBe(2);
    expect(valueOf(await scrape(), ResilienceMetricNames.retries, labels)).toBe(1);
    expect((await client.call(get)).outcome).toBe('circuit_open');
  });

  it('starts closed again when the policy is replaced', async () => {
    const fake = await switchable();
    const { client, scrape } = clientFor(fake.url, { circuitBreaker: { ...circuitBreaker, minimumRequests: 1, halfOpenAfterMs: 60_000 } });
    closer.add(client);
    await client.call(get);
    expect((await client.call(get)).outcome).toBe('circuit_open');
    client.replacePolicy({});
    expect(await circuitGauge(scrape)).toEqual({ closed: 1, open: 0, half_open: 0 });
    expect((await client.call(get)).outcome).toBe('error');
  });
});

describe('the bulkhead', () => {
  it('runs `limit` calls, queues `queue` more, and rejects the rest at once', async () => {
    const held = gate();
    let active = 0;
    let most = 0;
    const fake = await fakeDependency((app) => {
      app.get('/thing', async () => {
        most = Math.max(most, ++active);
        await held.promise;
        active--;
        return { ok: true };
      });
    });
    closer.add({ close: async () => { held.open(); await fake.close(); } });
    const { client, scrape } = clientFor(fake.url, { bulkhead: { limit: 2, queue: 1 } });
    closer.add(client);

    const running = [client.call(get), client.call(get), client.call(get)];
    const rejected = await client.call(get);
    expect(rejected).toEqual({ ok: false, outcome: 'rejected', message: 'too many concurrent calls to catalog (bulkhead and queue full)' });

    // Two calls reach the dependency, the third waits in the queue for a slot.
    await pollUntil(async () => (active === 2 ? true : undefined), 2_000, 'two calls in flight');
    held.open();
    const results = await Promise.all(running);
    expect(results.map((result) => result.outcome)).toEqual(['success', 'success', 'success']);
    expect(most).toBe(2);
    const text = await scrape();
    expect(valueOf(text, ResilienceMetricNames.bulkheadRejections, labels)).toBe(1);
    expect(valueOf(text, `${HttpMetricNames.clientDuration}_count`, { ...labels, outcome: 'rejected' })).toBe(1);
  });

  it('does not count a rejection against the circuit breaker', async () => {
    const held = gate();
    const fake = await fakeDependency((app) => app.get('/thing', async () => held.promise.then(() => ({ ok: true }))));
    closer.add({ close: async () => { held.open(); await fake.close(); } });
    const circuitBreaker = { failureRatio: 0.5, minimumRequests: 1, windowMs: 10_000, halfOpenAfterMs: 60_000 };
    const { client } = clientFor(fake.url, { bulkhead: { limit: 1, queue: 0 }, circuitBreaker });
    closer.add(client);
    const running = client.call(get);
    expect((await client.call(get)).outcome).toBe('rejected');
    held.open();
    expect((await running).outcome).toBe('success');
    expect((await client.call(get)).outcome).toBe('success');
  });
});
