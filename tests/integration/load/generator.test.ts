import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { runLoad, startLoad } from '../../../src/load/generator.js';
import type { SecondBucket } from '../../../src/load/recorder.js';
import { fixedRequest, mixedRequests, type PlannedRequest } from '../../../src/load/request-mix.js';
import { arrivalOffsets, arrivalsPerSecond, constantRate, type RateSchedule } from '../../../src/load/schedule.js';
import { startLocalServer, within, type LocalServer } from './local-server.js';

const ping = fixedRequest({ kind: 'ping', method: 'GET', path: '/' });
/**
 * Tests that count starts exactly send every one, however late: a loaded CI box can hold the event
 * loop up past the default lateness tolerance, and missing starts for lateness has its own test.
 */
const exact = { maxLatenessMs: 60_000 } as const;
const answer = (status: number) => (_: unknown, response: ServerResponse) => response.writeHead(status, { 'content-type': 'text/plain' }).end('ok');

let servers: LocalServer[] = [];
async function server(...args: Parameters<typeof startLocalServer>): Promise<LocalServer> {
  const started = await startLocalServer(...args);
  servers.push(started);
  return started;
}
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

describe('the load generator against a local server', () => {
  it('sends exactly the schedule, streams each second as it completes, and closes its connections', async () => {
    const target = await server(answer(200));
    const schedule: RateSchedule = { stages: [{ durationMs: 500, targetRate: 400 }, { durationMs: 700, targetRate: 400 }] };
    const created: unknown[] = [];
    const onCreate = (message: unknown) => created.push(message);
    subscribe('undici:request:create', onCreate);
    const started = performance.now();
    const buckets: Array<SecondBucket & { at: number }> = [];
    const summary = await runLoad({ ...exact, target: target.url, schedule, requests: ping, onSecond: (b) => buckets.push({ ...b, at: performance.now() - started }) }).finally(() => unsubscribe('undici:request:create', onCreate));

    const planned = arrivalOffsets(schedule).length;
    expect(planned).toBe(380);
    expect(summary).toMatchObject({ scheduled: planned, sent: planned, missed: 0, failed: 0, stopped: false, plannedDurationMs: 1200 });
    expect(summary.outcomes['2xx']).toBe(planned);
    expect(target.received).toBe(planned);
    expect(created).toHaveLength(planned);
    expect(buckets.map((b) => [b.second, b.spanMs, b.scheduled, b.sent])).toEqual(arrivalsPerSecond(schedule).map((n, i) => [i, i === 0 ? 1000 : 200, n, n]));
    // Second 0 was handed over while the run still had 200 ms to go.
    expect(buckets[0]?.at).toBeLessThan(1200);
    expect(summary.elapsedMs).toBeGreaterThanOrEqual(1200);
    expect(summary.achievedRate).toBeCloseTo((planned * 1000) / summary.elapsedMs, 9);
    expect(summary.latencyMs?.count).toBe(planned);
    await within(1000, 'client sockets closed', target.allSocketsClosed());
  });

  it('measures latency from the intended start, so requests queued behind a 200 ms stall carry the wait (no coordinated omission)', async () => {
    const target = await server((request, response) => {
      if (request.url === '/stall') setTimeout(() => response.end('late'), 200);
      else response.end('ok');
    });
    // 100/s for 1 s over ONE connection: the request at 305 ms stalls it, the next ~19 queue in the client.
    const requests = (sequence: number): PlannedRequest => ({ kind: sequence === 30 ? 'stall' : 'ping', method: 'GET', path: sequence === 30 ? '/stall' : '/' });
    const summary = await runLoad({ ...exact, target: target.url, schedule: constantRate(100, 1000), requests, connections: 1 });

    expect(summary.sent).toBe(100);
    expect(summary.outcomes['2xx']).toBe(100);
    const latency = summary.latencyMs!;
    expect(latency.max).toBeGreaterThanOrEqual(200);
    expect(latency.max).toBeLessThan(1000);
    // Measured from the actual send, only the stalled request would be slow and p90 would be ~1 ms;
    // from the intended start, the ten requests queued longest waited 110–200 ms.
    expect(latency.p90).toBeGreaterThanOrEqual(100);
  });

  it.each([
    ['503 answers', 'status 503', { '5xx': 10 }, 10],
    ['404 answers (expected for unknown products: not failures)', 'status 404', { '4xx': 10 }, 0],
    ['connections reset mid-request', 'reset', { error: 10 }, 10],
    ['no answer within the timeout', 'hang', { timeout: 10 }, 10],
  ] as const)('classifies %s', async (_, behaviour, outcomes, failed) => {
    const target = await server((request, response) => {
      if (behaviour === 'reset') request.socket.destroy();
      else if (behaviour !== 'hang') answer(Number(behaviour.slice(7)))(request, response);
    });
    const summary = await runLoad({ ...exact, target: target.url, schedule: constantRate(50, 200), requests: ping, timeoutMs: 100 });
    expect(summary.outcomes).toEqual({ '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, timeout: 0, error: 0, cancelled: 0, ...outcomes });
    expect(summary.failed).toBe(failed);
    if (behaviour === 'reset') expect(Object.keys(summary.errors).some((code) => ['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE'].includes(code))).toBe(true);
    if (behaviour === 'hang') expect(summary.latencyMs).toBeNull();
    await within(1000, 'client sockets closed', target.allSocketsClosed());
  });

  it('times out requests still queued behind a hung one, and finishes without waiting for them to be sent', async () => {
    const target = await server(() => undefined);
    const started = performance.now();
    const summary = await runLoad({ ...exact, target: target.url, schedule: constantRate(50, 200), requests: ping, timeoutMs: 100, connections: 1 });
    expect(summary.outcomes.timeout).toBe(10);
    expect(performance.now() - started).toBeLessThan(1000);
    await within(1000, 'client sockets closed', target.allSocketsClosed());
  });

  it('counts a refused connection as a transport error', async () => {
    const closed = await startLocalServer(answer(200));
    await closed.close();
    const summary = await runLoad({ ...exact, target: closed.url, schedule: constantRate(50, 100), requests: ping });
    expect(summary.outcomes.error).toBe(5);
    expect(summary.errors.ECONNREFUSED).toBe(5);
  });

  it('counts starts as missed when maxInFlight requests are outstanding, and never sends them later', async () => {
    const target = await server(() => undefined);
    const buckets: SecondBucket[] = [];
    const summary = await runLoad({ ...exact, target: target.url, schedule: constantRate(100, 300), requests: ping, maxInFlight: 5, timeoutMs: 400, onSecond: (b) => buckets.push(b) });
    expect(summary).toMatchObject({ scheduled: 30, sent: 5, missed: 25 });
    expect(summary.outcomes.timeout).toBe(5);
    expect(target.received).toBe(5);
    expect(buckets.map((b) => [b.scheduled, b.sent, b.missed])).toEqual([[30, 5, 25]]);
  });

  it('counts starts as missed when its own event loop was held up beyond the lateness tolerance', async () => {
    const target = await server(answer(200));
    const run = startLoad({ target: target.url, schedule: constantRate(100, 600), requests: ping, maxLatenessMs: 100 });
    // Hold the event loop for 300 ms a little after the start, as a long GC pause or a CPU hog would.
    setTimeout(() => {
      const until = performance.now() + 300;
      while (performance.now() < until);
    }, 100);
    const summary = await run.done;
    expect(summary.sent + summary.missed).toBe(60);
    // Starts due more than 100 ms before the loop came back (~400 ms) are missed: about 20 of them.
    expect(summary.missed).toBeGreaterThanOrEqual(15);
    expect(summary.missed).toBeLessThanOrEqual(28);
    expect(summary.startLagMs!.max).toBeLessThanOrEqual(110);
    expect(summary.outcomes['2xx']).toBe(summary.sent);
  });

  it('stops promptly on stop(): no further starts, in-flight requests cancelled, every socket closed', async () => {
    const target = await server(() => undefined);
    const run = startLoad({ ...exact, target: target.url, schedule: constantRate(200, 10_000), requests: ping });
    await within(2000, '20 requests received', target.receivedAtLeast(20));
    const stopping = performance.now();
    const summary = await within(500, 'stop()', run.stop());
    expect(performance.now() - stopping).toBeLessThan(400);
    expect(summary.stopped).toBe(true);
    expect(summary.sent).toBeGreaterThanOrEqual(20);
    expect(summary.sent).toBeLessThan(100);
    expect(summary.outcomes.cancelled).toBe(summary.sent);
    expect(summary.failed).toBe(0);
    expect(summary.missed).toBe(0);
    await within(1000, 'client sockets closed', target.allSocketsClosed());
    const received = target.received;
    expect(await run.stop()).toBe(summary);
    expect(target.received).toBe(received);
  });

  it('stops when its abort signal fires, and starts nothing when it already has', async () => {
    const target = await server(answer(200));
    const controller = new AbortController();
    const run = startLoad({ target: target.url, schedule: constantRate(200, 10_000), requests: ping, signal: controller.signal });
    await within(2000, '10 requests received', target.receivedAtLeast(10));
    controller.abort();
    const summary = await within(500, 'abort', run.done);
    expect(summary.stopped).toBe(true);
    expect(summary.elapsedMs).toBeLessThan(2000);

    const before = target.received;
    const idle = await runLoad({ target: target.url, schedule: constantRate(200, 10_000), requests: ping, signal: AbortSignal.abort() });
    expect(idle).toMatchObject({ stopped: true, sent: 0 });
    expect(target.received).toBe(before);
    await within(1000, 'client sockets closed', target.allSocketsClosed());
  });

  it('replays the same requests on the wire from the same seed', async () => {
    const seen: string[][] = [[], []];
    let run = 0;
    const target = await server((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        seen[run]?.push(`${request.method} ${request.url} ${request.headers['idempotency-key'] ?? '-'} ${body}`);
        response.end('{}');
      });
    });
    const go = () => runLoad({ ...exact, target: target.url, schedule: constantRate(200, 250), requests: mixedRequests({ productIds: ['p-01', 'p-02'], seed: 99 }), connections: 1 });
    await go();
    run = 1;
    await go();
    expect(seen[0]).toHaveLength(50);
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[0]?.some((line) => line.startsWith('POST /orders load-'))).toBe(true);
  });

  it('lets the observer of a second stop the run from inside its callback', async () => {
    const target = await server(answer(200));
    const buckets: SecondBucket[] = [];
    const run = startLoad({
      ...exact,
      target: target.url,
      schedule: constantRate(50, 5000),
      requests: ping,
      onSecond: (bucket) => {
        buckets.push(bucket);
        void run.stop();
      },
    });
    const summary = await run.done;
    expect(summary.stopped).toBe(true);
    expect(buckets.map((b) => b.second)).toEqual([0, 1]);
    expect(buckets[0]?.sent).toBe(50);
    expect(summary.sent).toBeLessThan(100);
  });

  it('rejects, and cleans up, when the request source throws', async () => {
    const target = await server(answer(200));
    const requests = (sequence: number): PlannedRequest => {
      if (sequence === 3) throw new Error('no more products');
      return { kind: 'ping', method: 'GET', path: '/' };
    };
    await expect(runLoad({ target: target.url, schedule: constantRate(100, 1000), requests })).rejects.toThrow('no more products');
    await within(1000, 'client sockets closed', target.allSocketsClosed());
  });
});
