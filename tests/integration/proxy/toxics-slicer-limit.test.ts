import { describe, it, expect, afterEach } from 'vitest';
import { Cleanup, connectTo, startEchoServer } from '../../helpers/sockets.js';
import {
  addToxic,
  patternBytes,
  receiveAll,
  roundTrip,
  startDrainServer,
  startSourceServer,
  startStampEchoServer,
  updateToxic,
  proxyInFrontOf,
  SLACK_MS,
} from '../../helpers/data-plane.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.closeAll());


const proxyTo = (port: number) => proxyInFrontOf(cleanup, port);

describe('slicer toxic', () => {
  it('downstream: the same bytes arrive in many more reads, spaced by the delay', async () => {
    const payload = patternBytes(1000, 7);
    const port = await startSourceServer(cleanup, payload);
    const { proxy } = await proxyTo(port);
    // 1000 bytes halve down to 128 pieces of 7–8 bytes, sent 1 ms apart.
    await addToxic(proxy, 'slicer', 'downstream', { average_size: 10, size_variation: 0, delay: 1000 });
    const client = await connectTo(proxy.listen, cleanup);
    const got = await receiveAll(client);
    expect(got.how).toBe('end');
    expect(got.data.equals(payload)).toBe(true);
    expect(got.reads).toBeGreaterThanOrEqual(20);
    expect(got.atMs).toBeGreaterThanOrEqual(0.9 * 127);
  });

  it('downstream delay is in microseconds: avg 10 / delay 20 000 µs turns 100 bytes into 16 pieces over ≈ 300 ms', async () => {
    const payload = patternBytes(100, 8);
    const port = await startSourceServer(cleanup, payload);
    const { proxy } = await proxyTo(port);
    await addToxic(proxy, 'slicer', 'downstream', { average_size: 10, size_variation: 0, delay: 20_000 });
    const client = await connectTo(proxy.listen, cleanup);
    const got = await receiveAll(client);
    expect(got.data.equals(payload)).toBe(true);
    // 16 pieces 20 ms apart (Toxiproxy measured 16 reads over 308 ms); a late timer on a busy
    // machine may let two pieces share a read, never more reads than pieces.
    expect(got.reads).toBeGreaterThanOrEqual(12);
    expect(got.reads).toBeLessThanOrEqual(16);
    expect(got.atMs).toBeGreaterThanOrEqual(0.9 * 300);
    expect(got.atMs).toBeLessThan(320 + SLACK_MS);
  });

  it('upstream: the server gets the same bytes in many more reads', async () => {
    const drain = await startDrainServer(cleanup);
    const { proxy } = await proxyTo(drain.port);
    await addToxic(proxy, 'slicer', 'upstream', { average_size: 16, size_variation: 4, delay: 2000 });
    const client = await connectTo(proxy.listen, cleanup);
    const payload = patternBytes(2000, 9);
    client.end(payload);
    const got = await drain.next();
    expect(got.how).toBe('end');
    expect(got.data.equals(payload)).toBe(true);
    expect(got.reads).toBeGreaterThanOrEqual(20);
  });

  it('without the toxic (or at toxicity 0) the same message takes a read or two', async () => {
    const payload = patternBytes(1000, 10);
    const port = await startSourceServer(cleanup, payload);
    const { proxy } = await proxyTo(port);
    await addToxic(proxy, 'slicer', 'downstream', { average_size: 1, size_variation: 0, delay: 1000 }, { toxicity: 0 });
    const client = await connectTo(proxy.listen, cleanup);
    const got = await receiveAll(client);
    expect(got.data.equals(payload)).toBe(true);
    expect(got.reads).toBeLessThan(5);
    expect(got.atMs).toBeLessThan(SLACK_MS);
  });

  it('average 1000 with variation 1000 (which crashes Toxiproxy) keeps a large transfer intact', async () => {
    const port = await startEchoServer(cleanup);
    const { proxy } = await proxyTo(port);
    await addToxic(proxy, 'slicer', 'downstream', { average_size: 1000, size_variation: 1000, delay: 0 });
    await addToxic(proxy, 'slicer', 'upstream', { average_size: 1000, size_variation: 1000, delay: 0 });
    const client = await connectTo(proxy.listen, cleanup);
    const payload = patternBytes(300_000, 11);
    const { data } = await roundTrip(client, payload);
    expect(data.equals(payload)).toBe(true);
  });

  it('added live to an open connection, it slices the next message', async () => {
    const echo = await startStampEchoServer(cleanup);
    const { proxy } = await proxyTo(echo.port);
    const client = await connectTo(proxy.listen, cleanup);
    expect((await roundTrip(client, 'whole')).data.toString()).toBe('whole');
    await addToxic(proxy, 'slicer', 'upstream', { average_size: 1, size_variation: 0, delay: 3000 });
    const before = echo.arrivals.length;
    const { data } = await roundTrip(client, 'sliced!');
    expect(data.toString()).toBe('sliced!');
    const pieces = echo.arrivals.slice(before).map((a) => a.data.toString());
    expect(pieces.join('')).toBe('sliced!');
    // 1-byte pieces 3 ms apart: seven reads, or a few fewer if a busy loop lets two share one.
    expect(pieces.length).toBeGreaterThanOrEqual(4);
  });
});

describe('limit_data toxic', () => {
  it('downstream: exactly N bytes, then EOF', async () => {
    const port = await startEchoServer(cleanup);
    const { proxy } = await proxyTo(port);
    await addToxic(proxy, 'limit_data', 'downstream', { bytes: 5 });
    const client = await connectTo(proxy.listen, cleanup);
    const received = receiveAll(client);
    client.write('hello world');
    const got = await received;
    expect(got.data.toString()).toBe('hello');
    expect(got.how).toBe('end');
  });

  it('downstream on a large transfer: the first N bytes exactly, then EOF', async () => {
    const payload = patternBytes(200_000, 12);
    const port = await startSourceServer(cleanup, payload);
    const { proxy } = await proxyTo(port);
    await addToxic(proxy, 'limit_data', 'downstream', { bytes: 123_457 });
    const client = await connectTo(proxy.listen, cleanup);
    const got = await receiveAll(client);
    expect(got.how).toBe('end');
    expect(got.data.length).toBe(123_457);
    expect(got.data.equals(payload.subarray(0, 123_457))).toBe(true);
  });

  it('upstream: the server gets exactly N bytes then EOF, and the whole connection closes with FIN', async () => {
    const drain = await startDrainServer(cleanup);
    const { proxy } = await proxyTo(drain.port);
    await addToxic(proxy, 'limit_data', 'upstream', { bytes: 5 });
    const client = await connectTo(proxy.listen, cleanup);
    const received = receiveAll(client);
    client.write('hello world');
    const upstream = await drain.next();
    expect(upstream.data.toString()).toBe('hello');
    expect(upstream.how).toBe('end');
    const got = await received;
    expect(got.how).toBe('end');
    expect(got.data.length).toBe(0);
  });

  it('bytes 0 lets nothing through and closes on the first chunk, not at connect', async () => {
    const echo = await startStampEchoServer(cleanup);
    const { proxy } = await proxyTo(echo.port);
    await addToxic(proxy, 'limit_data', 'upstream', { bytes: 0 });
    const client = await connectTo(proxy.listen, cleanup);
    const received = receiveAll(client);
    // Still open at connect: a round of the event loop later nothing has ended.
    let ended = false;
    client.once('end', () => (ended = true));
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(ended).toBe(false);
    client.write('x');
    const got = await received;
    expect(got.how).toBe('end');
    expect(got.data.length).toBe(0);
    expect(echo.arrivals).toEqual([]);
  });

  it('counts across reads: three writes add up to the limit', async () => {
    const echo = await startStampEchoServer(cleanup);
    const { proxy } = await proxyTo(echo.port);
    await addToxic(proxy, 'limit_data', 'downstream', { bytes: 10 });
    const client = await connectTo(proxy.listen, cleanup);
    expect((await roundTrip(client, 'abcd')).data.toString()).toBe('abcd');
    expect((await roundTrip(client, 'efgh')).data.toString()).toBe('efgh');
    const received = receiveAll(client);
    client.write('ijklmn');
    const got = await received;
    expect(got.data.toString()).toBe('ij');
    expect(got.how).toBe('end');
  });

  it('the count survives a live update of the limit', async () => {
    const port = await startEchoServer(cleanup);
    const { proxy } = await proxyTo(port);
    const toxic = await addToxic(proxy, 'limit_data', 'downstream', { bytes: 100 });
    const client = await connectTo(proxy.listen, cleanup);
    expect((await roundTrip(client, '123456')).data.toString()).toBe('123456');
    await updateToxic(toxic, { bytes: 8 });
    const received = receiveAll(client);
    client.write('789abc');
    const got = await received;
    expect(got.data.toString()).toBe('78');
    expect(got.how).toBe('end');
  });

  it('before a latency toxic, the N bytes still arrive (late), then EOF', async () => {
    const port = await startEchoServer(cleanup);
    const { proxy } = await proxyTo(port);
    await addToxic(proxy, 'limit_data', 'downstream', { bytes: 5 }, { name: 'limit' });
    await addToxic(proxy, 'latency', 'downstream', { latency: 150, jitter: 0 }, { name: 'slow' });
    const client = await connectTo(proxy.listen, cleanup);
    const received = receiveAll(client);
    client.write('hello world');
    const got = await received;
    expect(got.data.toString()).toBe('hello');
    expect(got.how).toBe('end');
    expect(got.firstByteMs).toBeGreaterThanOrEqual(135);
    expect(got.atMs).toBeLessThan(150 + SLACK_MS);
  });

  it('toxicity 0 lets everything through', async () => {
    const port = await startEchoServer(cleanup);
    const { proxy } = await proxyTo(port);
    await addToxic(proxy, 'limit_data', 'downstream', { bytes: 1 }, { toxicity: 0 });
    await addToxic(proxy, 'limit_data', 'upstream', { bytes: 1 }, { toxicity: 0 });
    const client = await connectTo(proxy.listen, cleanup);
    const payload = patternBytes(100_000, 13);
    expect((await roundTrip(client, payload)).data.equals(payload)).toBe(true);
  });
});

describe('noop toxic', () => {
  it.each(['upstream', 'downstream'] as const)('%s: passes everything untouched and keeps the connection', async (stream) => {
    const port = await startEchoServer(cleanup);
    const { proxy } = await proxyTo(port);
    const toxic = await addToxic(proxy, 'noop', stream, {});
    expect(toxic.attributes).toEqual({});
    const client = await connectTo(proxy.listen, cleanup);
    const payload = patternBytes(500_000, 14);
    const { data, ms } = await roundTrip(client, payload);
    expect(data.equals(payload)).toBe(true);
    expect(ms).toBeLessThan(1000);
    const received = receiveAll(client);
    client.end();
    expect((await received).how).toBe('end');
  });
});
