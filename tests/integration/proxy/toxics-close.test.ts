import { describe, it, expect, afterEach } from 'vitest';
import type { Socket } from 'node:net';
import { Cleanup, connectTo, startEchoServer, waitForClose } from '../../helpers/sockets.js';
import {
  addToxic,
  bytes,
  receiveAll,
  roundTrip,
  startDrainServer,
  startReplyAfterEofServer,
  startSourceServer,
  startStampEchoServer,
  updateToxic,
  type ToxicTypeName,
  proxyInFrontOf,
  SLACK_MS,
} from '../../helpers/data-plane.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.closeAll());


const proxyTo = (port: number) => proxyInFrontOf(cleanup, port);

/** Resolve after `ms`: only used to let a toxic's own time pass, never to wait for readiness. */
function elapse(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether the socket is still open after `ms` (nothing ended, reset or closed it). */
async function stillOpenAfter(socket: Socket, ms: number): Promise<boolean> {
  let closed = false;
  const mark = () => (closed = true);
  socket.once('end', mark);
  socket.once('close', mark);
  socket.once('error', mark);
  await elapse(ms);
  socket.off('end', mark);
  socket.off('close', mark);
  socket.off('error', mark);
  return !closed;
}

describe('half-close is preserved (Faultline differs from Toxiproxy here)', () => {
  it('a reply sent after the client shut its write side arrives, with no toxics', async () => {
    const port = await startReplyAfterEofServer(cleanup);
    const { proxy } = await proxyTo(port);
    const client = await connectTo(proxy.listen, cleanup);
    const received = receiveAll(client);
    client.write('hello');
    client.end(); // shutdown(SHUT_WR)
    const got = await received;
    expect(got.data.toString()).toBe('got 5');
    expect(got.how).toBe('end');
  });

  it('and through toxics on both streams', async () => {
    const port = await startReplyAfterEofServer(cleanup);
    const { proxy } = await proxyTo(port);
    await addToxic(proxy, 'latency', 'upstream', { latency: 50, jitter: 0 });
    await addToxic(proxy, 'latency', 'downstream', { latency: 50, jitter: 0 });
    await addToxic(proxy, 'slicer', 'upstream', { average_size: 3, size_variation: 0, delay: 1000 });
    const client = await connectTo(proxy.listen, cleanup);
    const received = receiveAll(client);
    client.end('hello world');
    const got = await received;
    expect(got.data.toString()).toBe('got 11');
    expect(got.how).toBe('end');
    expect(got.atMs).toBeGreaterThanOrEqual(90);
  });

  it.each<[string, ToxicTypeName, 'upstream' | 'downstream', Record<string, number>, number]>([
    // [label, type, stream, attributes, earliest the reply's FIN may reach the client]
    ['latency downstream', 'latency', 'downstream', { latency: 50, jitter: 0 }, 45],
    ['latency upstream', 'latency', 'upstream', { latency: 50, jitter: 0 }, 45],
    ['bandwidth downstream', 'bandwidth', 'downstream', { rate: 1 }, 5],
    ['slicer downstream', 'slicer', 'downstream', { average_size: 1, size_variation: 0, delay: 10_000 }, 45],
    ['slow_close downstream', 'slow_close', 'downstream', { delay: 100 }, 90],
    ['slow_close upstream', 'slow_close', 'upstream', { delay: 100 }, 90],
    ['noop downstream', 'noop', 'downstream', {}, 0],
  ])('the late reply also arrives through %s', async (_label, type, stream, attributes, minMs) => {
    const port = await startReplyAfterEofServer(cleanup);
    const { proxy } = await proxyTo(port);
    await addToxic(proxy, type, stream, attributes);
    const client = await connectTo(proxy.listen, cleanup);
    const received = receiveAll(client);
    client.end('hello world');
    const got = await received;
    expect(got.data.toString()).toBe('got 11');
    expect(got.how).toBe('end');
    expect(got.atMs).toBeGreaterThanOrEqual(minMs);
    expect(got.atMs).toBeLessThan(minMs + SLACK_MS);
  });

  it('the server half-closing first still lets the client send', async () => {
    const drain = await startDrainServer(cleanup);
    const { proxy } = await proxyTo(drain.port);
    const client = await connectTo(proxy.listen, cleanup);
    client.write('part one, ');
    client.end('part two');
    const got = await drain.next();
    expect(got.data.toString()).toBe('part one, part two');
    expect(got.how).toBe('end');
    expect((await receiveAll(client)).how).toBe('end');
  });
});

describe('slow_close toxic', () => {
  it('downstream: data arrives at once, the server’s FIN ≈ delay later', async () => {
    const port = await startSourceServer(cleanup, bytes('hello'));
    const { proxy } = await proxyTo(port);
    await addToxic(proxy, 'slow_close', 'downstream', { delay: 300 });
    const client = await connectTo(proxy.listen, cleanup);
    const got = await receiveAll(client);
    expect(got.data.toString()).toBe('hello');
    expect(got.firstByteMs).toBeLessThan(150);
    expect(got.how).toBe('end');
    expect(got.atMs).toBeGreaterThanOrEqual(270);
    expect(got.atMs).toBeLessThan(300 + SLACK_MS);
  });

  it('upstream: the client’s FIN reaches the server ≈ delay later', async () => {
    const drain = await startDrainServer(cleanup);
    const { proxy } = await proxyTo(drain.port);
    await addToxic(proxy, 'slow_close', 'upstream', { delay: 300 });
    const client = await connectTo(proxy.listen, cleanup);
    const start = performance.now();
    client.end('bye');
    const got = await drain.next();
    expect(got.data.toString()).toBe('bye');
    expect(got.endedAt - start).toBeGreaterThanOrEqual(270);
    expect(got.endedAt - start).toBeLessThan(300 + SLACK_MS);
  });

  it('toxicity 0 closes at once', async () => {
    const port = await startSourceServer(cleanup, bytes('hello'));
    const { proxy } = await proxyTo(port);
    await addToxic(proxy, 'slow_close', 'downstream', { delay: 1000 }, { toxicity: 0 });
    const client = await connectTo(proxy.listen, cleanup);
    const got = await receiveAll(client);
    expect(got.data.toString()).toBe('hello');
    expect(got.how).toBe('end');
    expect(got.atMs).toBeLessThan(200);
  });
});

describe('timeout toxic', () => {
  it('downstream: drops the reply and closes the connection with a FIN ≈ timeout after the last chunk', async () => {
    const echo = await startStampEchoServer(cleanup);
    const { proxy } = await proxyTo(echo.port);
    await addToxic(proxy, 'timeout', 'downstream', { timeout: 300 });
    const client = await connectTo(proxy.listen, cleanup);
    const received = receiveAll(client);
    client.write('hello');
    const got = await received;
    expect(echo.arrivals.map((a) => a.data.toString())).toEqual(['hello']);
    expect(got.data.length).toBe(0);
    expect(got.how).toBe('end');
    expect(got.atMs).toBeGreaterThanOrEqual(270);
    expect(got.atMs).toBeLessThan(300 + SLACK_MS);
  });

  it('upstream: the server never gets the bytes; the client gets a FIN ≈ timeout later', async () => {
    const drain = await startDrainServer(cleanup);
    const { proxy } = await proxyTo(drain.port);
    await addToxic(proxy, 'timeout', 'upstream', { timeout: 300 });
    const client = await connectTo(proxy.listen, cleanup);
    const received = receiveAll(client);
    client.write('lost in the void');
    const got = await received;
    expect(got.how).toBe('end');
    expect(got.atMs).toBeGreaterThanOrEqual(270);
    expect(got.atMs).toBeLessThan(300 + SLACK_MS);
    // The whole connection is closed: the server side sees a FIN and no data.
    const upstream = await drain.next();
    expect(upstream.data.length).toBe(0);
    expect(upstream.how).toBe('end');
  });

  it('is re-armed by every chunk: a trickle keeps the connection open until it stops', async () => {
    const drain = await startDrainServer(cleanup);
    const { proxy } = await proxyTo(drain.port);
    await addToxic(proxy, 'timeout', 'upstream', { timeout: 300 });
    const client = await connectTo(proxy.listen, cleanup);
    const received = receiveAll(client);
    const start = performance.now();
    for (let i = 0; i < 4; i++) {
      client.write(`tick${i}`);
      await elapse(150);
    }
    const lastWrite = performance.now() - 150 - start;
    const got = await received;
    expect(got.how).toBe('end');
    expect(got.atMs).toBeGreaterThanOrEqual(lastWrite + 270);
    expect(got.atMs).toBeLessThan(lastWrite + 300 + SLACK_MS);
  });

  it('timeout 0 never closes and drops everything; removing it then closes the connection', async () => {
    const echo = await startStampEchoServer(cleanup);
    const { proxy } = await proxyTo(echo.port);
    const toxic = await addToxic(proxy, 'timeout', 'downstream', { timeout: 0 });
    const client = await connectTo(proxy.listen, cleanup);
    const received = receiveAll(client);
    client.write('one');
    expect(await stillOpenAfter(client, 400)).toBe(true);
    expect(echo.arrivals.map((a) => a.data.toString())).toEqual(['one']);
    const removedAt = performance.now();
    await toxic.remove();
    const got = await received;
    expect(got.data.length).toBe(0);
    expect(got.how).toBe('end');
    expect(performance.now() - removedAt).toBeLessThan(SLACK_MS);
  });

  it('removing it live closes an open connection at once (it already dropped bytes)', async () => {
    const echo = await startStampEchoServer(cleanup);
    const { proxy } = await proxyTo(echo.port);
    const toxic = await addToxic(proxy, 'timeout', 'upstream', { timeout: 10_000 });
    const client = await connectTo(proxy.listen, cleanup);
    const received = receiveAll(client);
    client.write('dropped');
    const removedAt = performance.now();
    await toxic.remove();
    const got = await received;
    expect(got.how).toBe('end');
    expect(performance.now() - removedAt).toBeLessThan(SLACK_MS);
    expect(echo.arrivals).toEqual([]);
  });

  it('added live to an open connection, it starts dropping and closes after the timeout', async () => {
    const echo = await startStampEchoServer(cleanup);
    const { proxy } = await proxyTo(echo.port);
    const client = await connectTo(proxy.listen, cleanup);
    expect((await roundTrip(client, 'alive')).data.toString()).toBe('alive');
    await addToxic(proxy, 'timeout', 'downstream', { timeout: 200 });
    const received = receiveAll(client);
    client.write('gone');
    const got = await received;
    expect(got.data.length).toBe(0);
    expect(got.how).toBe('end');
    expect(got.atMs).toBeGreaterThanOrEqual(180);
    expect(got.atMs).toBeLessThan(200 + SLACK_MS);
  });

  it('toxicity 0 lets everything through and never closes', async () => {
    const port = await startEchoServer(cleanup);
    const { proxy } = await proxyTo(port);
    await addToxic(proxy, 'timeout', 'downstream', { timeout: 50 }, { toxicity: 0 });
    const client = await connectTo(proxy.listen, cleanup);
    expect((await roundTrip(client, 'hello')).data.toString()).toBe('hello');
    expect(await stillOpenAfter(client, 200)).toBe(true);
    expect((await roundTrip(client, 'still here')).data.toString()).toBe('still here');
  });
});

describe('reset_peer toxic', () => {
  it('downstream: the client gets ECONNRESET ≈ timeout after the reply reached the toxic, and no data', async () => {
    const echo = await startStampEchoServer(cleanup);
    const { proxy } = await proxyTo(echo.port);
    await addToxic(proxy, 'reset_peer', 'downstream', { timeout: 200 });
    const client = await connectTo(proxy.listen, cleanup);
    const received = receiveAll(client);
    client.write('hello');
    const got = await received;
    expect(got.how).toBe('reset');
    expect(got.data.length).toBe(0);
    expect(got.atMs).toBeGreaterThanOrEqual(180);
    expect(got.atMs).toBeLessThan(200 + SLACK_MS);
    expect(echo.arrivals.map((a) => a.data.toString())).toEqual(['hello']);
  });

  it('upstream with timeout 0: the first chunk is dropped and the client is reset at once', async () => {
    const drain = await startDrainServer(cleanup);
    const { proxy } = await proxyTo(drain.port);
    await addToxic(proxy, 'reset_peer', 'upstream', { timeout: 0 });
    const client = await connectTo(proxy.listen, cleanup);
    const received = receiveAll(client);
    client.write('never arrives');
    const got = await received;
    expect(got.how).toBe('reset');
    expect(got.atMs).toBeLessThan(SLACK_MS);
    const upstream = await drain.next();
    expect(upstream.data.length).toBe(0);
    expect(upstream.how).toBe('reset');
  });

  it('added live to an open connection, it still sends an RST', async () => {
    const port = await startEchoServer(cleanup);
    const { proxy } = await proxyTo(port);
    const client = await connectTo(proxy.listen, cleanup);
    expect((await roundTrip(client, 'alive')).data.toString()).toBe('alive');
    await addToxic(proxy, 'reset_peer', 'upstream', { timeout: 100 });
    const closed = waitForClose(client);
    client.write('trigger');
    const how = await closed;
    expect(how.how).toBe('reset');
    expect(how.atMs).toBeGreaterThanOrEqual(90);
    expect(how.atMs).toBeLessThan(100 + SLACK_MS);
  });

  it('toxicity 0 never resets: data flows and a graceful close stays a FIN', async () => {
    const port = await startEchoServer(cleanup);
    const { proxy } = await proxyTo(port);
    await addToxic(proxy, 'reset_peer', 'downstream', { timeout: 0 }, { toxicity: 0 });
    await addToxic(proxy, 'reset_peer', 'upstream', { timeout: 0 }, { toxicity: 0 });
    const client = await connectTo(proxy.listen, cleanup);
    expect((await roundTrip(client, 'hello')).data.toString()).toBe('hello');
    const received = receiveAll(client);
    client.end('bye');
    const got = await received;
    expect(got.data.toString()).toBe('bye');
    expect(got.how).toBe('end');
  });

  it('a toxicity updated from 0 to 1 on an open connection makes it fire', async () => {
    const port = await startEchoServer(cleanup);
    const { proxy } = await proxyTo(port);
    const toxic = await addToxic(proxy, 'reset_peer', 'downstream', { timeout: 0 }, { toxicity: 0 });
    const client = await connectTo(proxy.listen, cleanup);
    expect((await roundTrip(client, 'hello')).data.toString()).toBe('hello');
    await updateToxic(toxic, { timeout: 0 }, 1);
    const received = receiveAll(client);
    client.write('boom');
    const got = await received;
    expect(got.how).toBe('reset');
    expect(got.data.length).toBe(0);
  });
});
