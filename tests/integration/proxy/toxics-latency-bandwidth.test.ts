import { describe, it, expect, afterEach } from 'vitest';
import { Cleanup, connectTo, startTestProxyServer } from '../../helpers/sockets.js';
import {
  addToxic,
  createTestProxy,
  eventually,
  patternBytes,
  receiveAll,
  roundTrip,
  startDrainServer,
  startSourceServer,
  startStampEchoServer,
  updateToxic,
  SLACK_MS,
} from '../../helpers/data-plane.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.closeAll());


/** An echo server behind a proxy, and a client connected through it. */
async function echoThroughProxy() {
  const echo = await startStampEchoServer(cleanup);
  const server = await startTestProxyServer(cleanup);
  const proxy = await createTestProxy(server, echo.port);
  return { echo, server, proxy };
}

/**
 * Send one message through the proxy and split its round trip: client→server (when the echo
 * server saw it) and server→client (when the echo came back).
 */
async function timedEcho(client: Awaited<ReturnType<typeof connectTo>>, arrivals: Array<{ at: number; data: Buffer }>, text: string) {
  const before = arrivals.length;
  const start = performance.now();
  const { data, ms } = await roundTrip(client, text);
  expect(data.toString()).toBe(text);
  const arrivedAt = arrivals[before]?.at ?? NaN;
  return { up: arrivedAt - start, down: start + ms - arrivedAt, total: ms };
}

describe('latency toxic over loopback', () => {
  it('downstream delays server→client bytes only', async () => {
    const { echo, proxy } = await echoThroughProxy();
    await addToxic(proxy, 'latency', 'downstream', { latency: 200, jitter: 0 });
    const client = await connectTo(proxy.listen, cleanup);
    const t = await timedEcho(client, echo.arrivals, 'ping');
    expect(t.up).toBeLessThan(100);
    expect(t.down).toBeGreaterThanOrEqual(180);
    expect(t.down).toBeLessThan(200 + SLACK_MS);
  });

  it('upstream delays client→server bytes only', async () => {
    const { echo, proxy } = await echoThroughProxy();
    await addToxic(proxy, 'latency', 'upstream', { latency: 200, jitter: 0 });
    const client = await connectTo(proxy.listen, cleanup);
    const t = await timedEcho(client, echo.arrivals, 'ping');
    expect(t.up).toBeGreaterThanOrEqual(180);
    expect(t.up).toBeLessThan(200 + SLACK_MS);
    expect(t.down).toBeLessThan(100);
  });

  it('toxicity 0 never delays; toxicity 1 always does', async () => {
    const { echo, proxy } = await echoThroughProxy();
    const toxic = await addToxic(proxy, 'latency', 'downstream', { latency: 300, jitter: 0 }, { toxicity: 0 });
    expect(toxic.toxicity).toBe(0);
    for (let i = 0; i < 3; i++) {
      const client = await connectTo(proxy.listen, cleanup);
      expect((await timedEcho(client, echo.arrivals, `zero${i}`)).total).toBeLessThan(150);
    }
    await updateToxic(toxic, { latency: 300 }, 1);
    for (let i = 0; i < 2; i++) {
      const client = await connectTo(proxy.listen, cleanup);
      const total = (await timedEcho(client, echo.arrivals, `one${i}`)).total;
      expect(total).toBeGreaterThanOrEqual(270);
      expect(total).toBeLessThan(300 + SLACK_MS);
    }
  });

  it('two latency toxics on a stream add up, and each stream has its own chain', async () => {
    const { echo, proxy } = await echoThroughProxy();
    await addToxic(proxy, 'latency', 'downstream', { latency: 150, jitter: 0 }, { name: 'first' });
    await addToxic(proxy, 'latency', 'downstream', { latency: 100, jitter: 0 }, { name: 'second' });
    await addToxic(proxy, 'latency', 'upstream', { latency: 100, jitter: 0 }, { name: 'up' });
    const client = await connectTo(proxy.listen, cleanup);
    const t = await timedEcho(client, echo.arrivals, 'chain');
    expect(t.down).toBeGreaterThanOrEqual(225);
    expect(t.down).toBeLessThan(250 + SLACK_MS);
    expect(t.up).toBeGreaterThanOrEqual(90);
    expect(t.up).toBeLessThan(100 + SLACK_MS);
    expect(t.total).toBeGreaterThanOrEqual(315);
  });

  it('applies live to an open connection: RTT goes from ~1 ms to ≥ latency and back, with no byte lost', async () => {
    const { echo, proxy } = await echoThroughProxy();
    const client = await connectTo(proxy.listen, cleanup);
    expect((await timedEcho(client, echo.arrivals, 'before')).total).toBeLessThan(100);

    const toxic = await addToxic(proxy, 'latency', 'downstream', { latency: 200, jitter: 0 });
    const slow = await timedEcho(client, echo.arrivals, 'during');
    expect(slow.total).toBeGreaterThanOrEqual(180);
    expect(slow.total).toBeLessThan(200 + SLACK_MS);

    await updateToxic(toxic, { latency: 400 });
    const slower = await timedEcho(client, echo.arrivals, 'updated');
    expect(slower.total).toBeGreaterThanOrEqual(360);
    expect(slower.total).toBeLessThan(400 + SLACK_MS);

    await toxic.remove();
    expect((await timedEcho(client, echo.arrivals, 'after')).total).toBeLessThan(100);
  });

  it('removing the toxic while it holds a reply delivers the reply at once and in order', async () => {
    const { echo, server, proxy } = await echoThroughProxy();
    const toxic = await addToxic(proxy, 'latency', 'downstream', { latency: 5000, jitter: 0 });
    const client = await connectTo(proxy.listen, cleanup);
    const start = performance.now();
    const got = roundTrip(client, 'held-1|held-2');
    // Wait until the proxy has read the whole reply from the server: it is now inside the toxic.
    const downstreamReceived = () => server.collection.get(proxy.name).byteCounts().find((c) => c.direction === 'downstream')?.received ?? 0;
    await eventually(() => downstreamReceived() === 13);
    let arrived = false;
    void got.then(() => (arrived = true));
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(arrived).toBe(false);
    await toxic.remove();
    const { data } = await got;
    expect(data.toString()).toBe('held-1|held-2');
    expect(performance.now() - start).toBeLessThan(2000);
    expect((await timedEcho(client, echo.arrivals, 'next')).total).toBeLessThan(100);
  });

  it('jitter spreads delays within latency ± jitter', async () => {
    const { echo, proxy } = await echoThroughProxy();
    await addToxic(proxy, 'latency', 'downstream', { latency: 100, jitter: 60 });
    const client = await connectTo(proxy.listen, cleanup);
    const delays: number[] = [];
    for (let i = 0; i < 12; i++) delays.push((await timedEcho(client, echo.arrivals, `j${i}`)).down);
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(0.9 * 40);
      expect(d).toBeLessThan(160 + SLACK_MS);
    }
    expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(15);
  });

  it('keeps a large message intact and in order through latency (pipelined, not throttled)', async () => {
    const { proxy } = await echoThroughProxy();
    await addToxic(proxy, 'latency', 'downstream', { latency: 100, jitter: 30 });
    await addToxic(proxy, 'latency', 'upstream', { latency: 100, jitter: 30 });
    const client = await connectTo(proxy.listen, cleanup);
    const payload = patternBytes(2 * 1024 * 1024, 3);
    const { data, ms } = await roundTrip(client, payload);
    expect(data.equals(payload)).toBe(true);
    expect(ms).toBeGreaterThanOrEqual(0.9 * 140);
    // Pipelined: 2 MiB in many chunks still costs about one delay each way, not one per chunk.
    expect(ms).toBeLessThan(2000);
  });
});

describe('bandwidth toxic over loopback', () => {
  it('downstream: 50 000 bytes at 100 KB/s take ≈ 500 ms and arrive intact', async () => {
    const payload = patternBytes(50_000, 1);
    const port = await startSourceServer(cleanup, payload);
    const server = await startTestProxyServer(cleanup);
    const proxy = await createTestProxy(server, port);
    await addToxic(proxy, 'bandwidth', 'downstream', { rate: 100 });
    const start = performance.now();
    const client = await connectTo(proxy.listen, cleanup);
    const received = await receiveAll(client);
    const ms = performance.now() - start;
    expect(received.how).toBe('end');
    expect(received.data.equals(payload)).toBe(true);
    expect(ms).toBeGreaterThanOrEqual(450);
    expect(ms).toBeLessThan(900);
    // Paced in pieces: the client sees many reads, not one.
    expect(received.reads).toBeGreaterThanOrEqual(20);
  });

  it('upstream: 50 000 bytes at 100 KB/s take ≈ 500 ms to reach the server, intact', async () => {
    const drain = await startDrainServer(cleanup);
    const server = await startTestProxyServer(cleanup);
    const proxy = await createTestProxy(server, drain.port);
    await addToxic(proxy, 'bandwidth', 'upstream', { rate: 100 });
    const client = await connectTo(proxy.listen, cleanup);
    const payload = patternBytes(50_000, 2);
    const start = performance.now();
    client.end(payload);
    const got = await drain.next();
    const ms = got.endedAt - start;
    expect(got.how).toBe('end');
    expect(got.data.equals(payload)).toBe(true);
    expect(ms).toBeGreaterThanOrEqual(450);
    expect(ms).toBeLessThan(900);
  });

  it('upstream bandwidth leaves the downstream direction at full speed', async () => {
    const payload = patternBytes(50_000, 4);
    const port = await startSourceServer(cleanup, payload);
    const server = await startTestProxyServer(cleanup);
    const proxy = await createTestProxy(server, port);
    await addToxic(proxy, 'bandwidth', 'upstream', { rate: 1 });
    const start = performance.now();
    const client = await connectTo(proxy.listen, cleanup);
    const received = await receiveAll(client);
    expect(received.data.equals(payload)).toBe(true);
    expect(performance.now() - start).toBeLessThan(250);
  });

  it('toxicity 0 leaves the stream at full speed', async () => {
    const payload = patternBytes(50_000, 5);
    const port = await startSourceServer(cleanup, payload);
    const server = await startTestProxyServer(cleanup);
    const proxy = await createTestProxy(server, port);
    await addToxic(proxy, 'bandwidth', 'downstream', { rate: 100 }, { toxicity: 0 });
    const start = performance.now();
    const client = await connectTo(proxy.listen, cleanup);
    const received = await receiveAll(client);
    expect(received.data.equals(payload)).toBe(true);
    expect(performance.now() - start).toBeLessThan(250);
  });

  it('a live update changes the rate on an open connection', async () => {
    const { echo, proxy } = await echoThroughProxy();
    const toxic = await addToxic(proxy, 'bandwidth', 'downstream', { rate: 10 });
    const client = await connectTo(proxy.listen, cleanup);
    // 2 000 bytes at 10 KB/s: 200 ms.
    const slow = await timedEcho(client, echo.arrivals, 'x'.repeat(2000));
    expect(slow.down).toBeGreaterThanOrEqual(180);
    expect(slow.down).toBeLessThan(200 + SLACK_MS);
    await updateToxic(toxic, { rate: 1000 });
    // 2 000 bytes at 1 000 KB/s: 2 ms.
    const fast = await timedEcho(client, echo.arrivals, 'y'.repeat(2000));
    expect(fast.down).toBeLessThan(100);
  });
});
