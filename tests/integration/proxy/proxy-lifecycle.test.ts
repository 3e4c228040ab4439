import { describe, it, expect, afterEach } from 'vitest';
import { createServer } from 'node:net';
import { Cleanup, connectTo, listen, startEchoServer, startTestProxyServer, waitForClose } from '../../helpers/sockets.js';
import {
  addToxic,
  createTestProxy,
  eventually,
  metricValue,
  patternBytes,
  portOfListen,
  receiveAll,
  roundTrip,
  setEnabled,
  sha256,
  tryConnect,
  unusedPort,
  SLACK_MS,
} from '../../helpers/data-plane.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.closeAll());


describe('enable / disable', () => {
  it('disabling closes live connections with a FIN, refuses new ones, and re-enabling serves the same port again', async () => {
    const port = await startEchoServer(cleanup);
    const server = await startTestProxyServer(cleanup);
    const proxy = await createTestProxy(server, port);
    const listenAddress = proxy.listen;
    const first = await connectTo(listenAddress, cleanup);
    const second = await connectTo(listenAddress, cleanup);
    expect((await roundTrip(first, 'one')).data.toString()).toBe('one');
    expect((await roundTrip(second, 'two')).data.toString()).toBe('two');
    const firstClosed = receiveAll(first);
    const secondClosed = receiveAll(second);

    const disabled = await setEnabled(server, proxy.name, false);
    expect(disabled.status).toBe(200);
    expect(disabled.body.enabled).toBe(false);
    expect((await firstClosed).how).toBe('end');
    expect((await secondClosed).how).toBe('end');
    expect(await tryConnect(portOfListen(listenAddress))).toBe('ECONNREFUSED');
    await eventually(() => server.collection.get(proxy.name).connectionCount === 0);

    const enabled = await setEnabled(server, proxy.name, true);
    expect(enabled.status).toBe(200);
    expect(enabled.body.enabled).toBe(true);
    expect(enabled.body.listen).toBe(listenAddress);
    const again = await connectTo(listenAddress, cleanup);
    expect((await roundTrip(again, 'back')).data.toString()).toBe('back');
  });

  it('toxics survive a disable / enable cycle and apply to the new connections', async () => {
    const port = await startEchoServer(cleanup);
    const server = await startTestProxyServer(cleanup);
    const proxy = await createTestProxy(server, port);
    await addToxic(proxy, 'latency', 'downstream', { latency: 200, jitter: 0 });
    // toxiproxy-node-client disables with POST /proxies/{name} and the full proxy body.
    const down = await proxy.update({ enabled: false, listen: proxy.listen, upstream: proxy.upstream });
    expect(down.enabled).toBe(false);
    expect(await tryConnect(portOfListen(proxy.listen))).toBe('ECONNREFUSED');
    const up = await proxy.update({ enabled: true, listen: proxy.listen, upstream: proxy.upstream });
    expect(up.enabled).toBe(true);
    expect(up.listen).toBe(proxy.listen);
    const client = await connectTo(up.listen, cleanup);
    const { data, ms } = await roundTrip(client, 'slow');
    expect(data.toString()).toBe('slow');
    expect(ms).toBeGreaterThanOrEqual(180);
    expect(ms).toBeLessThan(200 + SLACK_MS);
  });

  it('deleting a proxy closes its connections and its port', async () => {
    const port = await startEchoServer(cleanup);
    const server = await startTestProxyServer(cleanup);
    const proxy = await createTestProxy(server, port);
    const client = await connectTo(proxy.listen, cleanup);
    expect((await roundTrip(client, 'hi')).data.toString()).toBe('hi');
    const closed = receiveAll(client);
    await proxy.remove();
    expect((await closed).how).toBe('end');
    expect(await tryConnect(portOfListen(proxy.listen))).toBe('ECONNREFUSED');
  });
});

describe('connections', () => {
  it('toxicity is decided per connection: each is all-slow or all-fast, and both kinds occur', async () => {
    const port = await startEchoServer(cleanup);
    const server = await startTestProxyServer(cleanup); // seed 42: the rolls are reproducible
    const proxy = await createTestProxy(server, port);
    await addToxic(proxy, 'latency', 'downstream', { latency: 200, jitter: 0 }, { toxicity: 0.5 });
    const kinds: string[] = [];
    for (let i = 0; i < 10; i++) {
      const client = await connectTo(proxy.listen, cleanup);
      const rtts = [(await roundTrip(client, `a${i}`)).ms, (await roundTrip(client, `b${i}`)).ms];
      const slow = rtts.map((ms) => ms >= 180);
      for (const ms of rtts) if (ms < 180) expect(ms).toBeLessThan(100);
      expect(slow[0]).toBe(slow[1]);
      kinds.push(slow[0] ? 'slow' : 'fast');
      client.destroy();
    }
    expect(kinds).toContain('slow');
    expect(kinds).toContain('fast');
  });

  it('a bulk transfer of 8 MB each way arrives byte-identical, and the byte counters match', async () => {
    const port = await startEchoServer(cleanup);
    const server = await startTestProxyServer(cleanup);
    const proxy = await createTestProxy(server, port);
    const client = await connectTo(proxy.listen, cleanup);
    const payload = patternBytes(8 * 1024 * 1024, 21);
    const { data } = await roundTrip(client, payload);
    expect(data.length).toBe(payload.length);
    expect(sha256(data)).toBe(sha256(payload));
    const labels = { proxy: proxy.name, listener: proxy.listen, upstream: proxy.upstream };
    expect(await metricValue(server, 'toxiproxy_proxy_received_bytes_total', { ...labels, direction: 'upstream' })).toBe(payload.length);
    expect(await metricValue(server, 'toxiproxy_proxy_sent_bytes_total', { ...labels, direction: 'upstream' })).toBe(payload.length);
    expect(await metricValue(server, 'toxiproxy_proxy_sent_bytes_total', { ...labels, direction: 'downstream' })).toBe(payload.length);
  });

  it('64 MB through a 300 ms latency toxic (more than the chain may hold: the source is paused and resumed) arrive intact', async () => {
    const payload = patternBytes(64 * 1024 * 1024, 23);
    const port = await listen(
      createServer((socket) => {
        socket.on('error', () => {});
        socket.end(payload);
      }),
      cleanup,
    );
    const server = await startTestProxyServer(cleanup);
    const proxy = await createTestProxy(server, port);
    await addToxic(proxy, 'latency', 'downstream', { latency: 300, jitter: 0 });
    const client = await connectTo(proxy.listen, cleanup);
    const got = await receiveAll(client);
    expect(got.how).toBe('end');
    expect(got.data.length).toBe(payload.length);
    expect(sha256(got.data)).toBe(sha256(payload));
    expect(got.firstByteMs).toBeGreaterThanOrEqual(270);
  });

  it('an unreachable upstream closes the client connection and counts an upstream connect error', async () => {
    const server = await startTestProxyServer(cleanup);
    const proxy = await createTestProxy(server, await unusedPort());
    for (let i = 1; i <= 2; i++) {
      const client = await connectTo(proxy.listen, cleanup);
      const closed = await waitForClose(client);
      expect(closed.how).toBe('end');
      expect(closed.atMs).toBeLessThan(1000);
      expect(await metricValue(server, 'faultline_proxy_upstream_connect_errors_total', { proxy: proxy.name })).toBe(i);
      expect(await metricValue(server, 'faultline_proxy_connections_total', { proxy: proxy.name })).toBe(i);
    }
    await eventually(() => server.collection.get(proxy.name).connectionCount === 0);
    expect(await metricValue(server, 'faultline_proxy_connections_active', { proxy: proxy.name })).toBe(0);
  });

  it('the control API stays responsive while the data plane is saturated', async () => {
    // An upstream that streams as fast as the client takes it, until the connection goes.
    const chunk = patternBytes(64 * 1024, 22);
    const upstream = createServer((socket) => {
      socket.on('error', () => {});
      const pump = () => {
        while (!socket.destroyed && socket.write(chunk));
        if (!socket.destroyed) socket.once('drain', pump);
      };
      pump();
    });
    const port = await listen(upstream, cleanup);
    const server = await startTestProxyServer(cleanup);
    const proxy = await createTestProxy(server, port);
    await addToxic(proxy, 'noop', 'downstream', {}); // the toxic path, not only the fast path
    const client = await connectTo(proxy.listen, cleanup);
    let received = 0;
    client.on('data', (data: Buffer) => (received += data.length));
    await eventually(() => received >= 8 * 1024 * 1024, 10_000);

    for (let i = 0; i < 5; i++) {
      const before = received;
      const start = performance.now();
      const response = await fetch(`${server.url}/version`);
      const body = await response.text();
      const ms = performance.now() - start;
      expect(response.status).toBe(200);
      expect(body).toMatch(/^\{"version": "[^"]+"\}\n$/);
      expect(ms).toBeLessThan(500);
      // Data kept flowing while the API answered.
      expect(received).toBeGreaterThan(before);
    }
    client.destroy();
  });
});
