import { afterEach, describe, expect, it } from 'vitest';
import { Toxiproxy, type ICreateToxicBody, type Latency } from 'toxiproxy-node-client';
import type { Bandwidth, LimitData, ResetPeer, Slicer, Slowclose, Timeout } from 'toxiproxy-node-client/dist/Toxic.js';
import { Cleanup, startEchoServer, startTestProxyServer } from '../../helpers/sockets.js';

/**
 * The published toxiproxy-node-client 4.1.0 against Faultline: every call of section 6 of the
 * Toxiproxy reference, with the results its own test suite expects from a real v2.12.0 server.
 */

const cleanup = new Cleanup();
afterEach(() => cleanup.closeAll());

const LOOPBACK_PORT = /^127\.0\.0\.1:(\d+)$/;

async function setup() {
  const server = await startTestProxyServer(cleanup);
  const upstreamPort = await startEchoServer(cleanup);
  return { server, client: new Toxiproxy(server.url), upstream: `127.0.0.1:${upstreamPort}` };
}

/** The client's body types make every field mandatory; Toxiproxy's defaults are for the omitted ones. */
function partialToxic<T>(body: Partial<ICreateToxicBody<T>>): ICreateToxicBody<T> {
  return body as ICreateToxicBody<T>;
}

function portOf(listen: string): number {
  const match = LOOPBACK_PORT.exec(listen);
  if (!match) throw new Error(`listen ${listen} is not 127.0.0.1:<port>`);
  return Number(match[1]);
}

describe('toxiproxy-node-client 4.1.0: proxies', () => {
  it('createProxy returns the proxy with its bound listen, and get reads it back', async () => {
    const { client, upstream } = await setup();
    const created = await client.createProxy({ name: 'db', listen: '127.0.0.1:0', upstream });
    expect(created.name).toBe('db');
    expect(created.upstream).toBe(upstream);
    expect(created.enabled).toBe(true);
    expect(portOf(created.listen)).toBeGreaterThan(0);

    const fetched = await client.get('db');
    expect(fetched.toJson()).toEqual({ name: 'db', listen: created.listen, upstream, enabled: true });
  });

  it('getAll returns every proxy by name', async () => {
    const { client, upstream } = await setup();
    expect(await client.getAll()).toEqual({});
    const a = await client.createProxy({ name: 'a', listen: '127.0.0.1:0', upstream });
    const b = await client.createProxy({ name: 'b', listen: '127.0.0.1:0', upstream, enabled: false });
    const all = await client.getAll();
    expect(Object.keys(all)).toEqual(['a', 'b']);
    expect(all.a?.toJson()).toEqual({ name: 'a', listen: a.listen, upstream, enabled: true });
    expect(all.b?.toJson()).toEqual({ name: 'b', listen: '127.0.0.1:0', upstream, enabled: false });
    expect(b.listen).toBe('127.0.0.1:0');
  });

  it('getVersion returns the raw /version text', async () => {
    const { client } = await setup();
    expect(await client.getVersion()).toBe('{"version": "2.12.0"}\n');
  });

  it('a duplicate proxy name fails with 409', async () => {
    const { client, upstream } = await setup();
    await client.createProxy({ name: 'dup', listen: '127.0.0.1:0', upstream });
    const failure = client.createProxy({ name: 'dup', listen: '127.0.0.1:0', upstream });
    await expect(failure).rejects.toMatchObject({ name: 'Error', message: 'Request failed with status code 409' });
  });

  it('get of an unknown proxy fails with 404', async () => {
    const { client } = await setup();
    await expect(client.get('nope')).rejects.toMatchObject({ name: 'Error', message: 'Request failed with status code 404' });
  });

  it('populate creates proxies in request order and getAll reports the same listens', async () => {
    const { client, upstream } = await setup();
    const populated = await client.populate([
      { name: 'one', listen: '127.0.0.1:0', upstream },
      { name: 'two', listen: '127.0.0.1:0', upstream },
    ]);
    expect(Object.keys(populated)).toEqual(['one', 'two']);
    const oneListen = populated.one?.listen ?? '';
    const twoListen = populated.two?.listen ?? '';
    expect(portOf(oneListen)).not.toBe(portOf(twoListen));

    const all = await client.getAll();
    expect(Object.fromEntries(Object.entries(all).map(([name, proxy]) => [name, proxy.listen]))).toEqual({ one: oneListen, two: twoListen });
  });

  it('populate([]) resolves to no proxies instead of throwing', async () => {
    const { client } = await setup();
    await expect(client.populate([])).resolves.toEqual({});
  });

  it('proxy.update disables, then re-enables with an unresolvable upstream', async () => {
    const { client, upstream } = await setup();
    const proxy = await client.createProxy({ name: 'svc', listen: '127.0.0.1:0', upstream });

    const disabled = await proxy.update({ enabled: false, listen: proxy.listen, upstream });
    expect(disabled.toJson()).toEqual({ name: 'svc', listen: proxy.listen, upstream, enabled: false });
    expect((await client.get('svc')).enabled).toBe(false);

    const enabled = await disabled.update({ enabled: true, listen: proxy.listen, upstream: 'somehost:12345' });
    expect(enabled.toJson()).toEqual({ name: 'svc', listen: proxy.listen, upstream: 'somehost:12345', enabled: true });
    expect((await client.get('svc')).toJson()).toEqual(enabled.toJson());
  });

  it('proxy.remove deletes the proxy', async () => {
    const { client, upstream } = await setup();
    const proxy = await client.createProxy({ name: 'gone', listen: '127.0.0.1:0', upstream });
    await expect(proxy.remove()).resolves.toBeUndefined();
    await expect(client.get('gone')).rejects.toMatchObject({ message: 'Request failed with status code 404' });
    expect(await client.getAll()).toEqual({});
  });

  it('reset re-enables proxies and removes their toxics', async () => {
    const { client, upstream } = await setup();
    const proxy = await client.createProxy({ name: 'r', listen: '127.0.0.1:0', upstream });
    await proxy.addToxic(partialToxic<Latency>({ type: 'latency', attributes: { latency: 10, jitter: 0 } }));
    await proxy.update({ enabled: false, listen: proxy.listen, upstream });

    await expect(client.reset()).resolves.toBeUndefined();
    const after = await client.get('r');
    expect(after.toJson()).toEqual({ name: 'r', listen: proxy.listen, upstream, enabled: true });
    await expect(after.getToxic('latency_downstream')).rejects.toMatchObject({ message: 'Request failed with status code 404' });
  });
});

describe('toxiproxy-node-client 4.1.0: toxics', () => {
  it('addToxic fills in Toxiproxy defaults for name, stream and toxicity', async () => {
    const { client, upstream } = await setup();
    const proxy = await client.createProxy({ name: 'p', listen: '127.0.0.1:0', upstream });
    const toxic = await proxy.addToxic(partialToxic<Latency>({ type: 'latency', attributes: { latency: 1000, jitter: 100 } }));
    expect(toxic.toJson()).toEqual({
      name: 'latency_downstream',
      type: 'latency',
      stream: 'downstream',
      toxicity: 1,
      attributes: { latency: 1000, jitter: 100 },
    });
  });

  it('getToxic reads a toxic back; toxic.update merges attributes; toxic.remove deletes it', async () => {
    const { client, upstream } = await setup();
    const proxy = await client.createProxy({ name: 'p', listen: '127.0.0.1:0', upstream });
    await proxy.addToxic(partialToxic<Latency>({ type: 'latency', attributes: { latency: 1000, jitter: 100 } }));

    const fetched = await proxy.getToxic<Latency>('latency_downstream');
    expect(fetched.toJson()).toEqual({ name: 'latency_downstream', type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 1000, jitter: 100 } });

    const updated = await fetched.update(partialToxic<Latency>({ attributes: { latency: 12345, jitter: 42 } }));
    expect(updated.attributes).toEqual({ latency: 12345, jitter: 42 });
    // Only the sent keys change: the rest of the toxic is kept.
    const merged = await updated.update(partialToxic<Latency>({ attributes: { jitter: 7 } as unknown as Latency }));
    expect(merged.toJson()).toEqual({ name: 'latency_downstream', type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 12345, jitter: 7 } });
    expect((await proxy.getToxic<Latency>('latency_downstream')).attributes).toEqual({ latency: 12345, jitter: 7 });

    await expect(merged.remove()).resolves.toBeUndefined();
    const missing = proxy.getToxic('latency_downstream');
    await expect(missing).rejects.toMatchObject({ name: 'Error', message: 'Request failed with status code 404' });
  });

  it('a duplicate toxic name fails with 409, even on the other stream', async () => {
    const { client, upstream } = await setup();
    const proxy = await client.createProxy({ name: 'p', listen: '127.0.0.1:0', upstream });
    await proxy.addToxic(partialToxic<Latency>({ name: 'slow', type: 'latency', stream: 'upstream', attributes: { latency: 5, jitter: 0 } }));
    const again = proxy.addToxic(partialToxic<Latency>({ name: 'slow', type: 'latency', stream: 'upstream', attributes: { latency: 5, jitter: 0 } }));
    await expect(again).rejects.toMatchObject({ message: 'Request failed with status code 409' });
    const otherStream = proxy.addToxic(partialToxic<Latency>({ name: 'slow', type: 'latency', stream: 'downstream', attributes: { latency: 5, jitter: 0 } }));
    await expect(otherStream).rejects.toMatchObject({ message: 'Request failed with status code 409' });
  });

  const echoes: Array<{ type: string; attributes: Record<string, number> }> = [
    { type: 'latency', attributes: { latency: 1000, jitter: 100 } satisfies Latency },
    { type: 'bandwidth', attributes: { rate: 1000 } satisfies Bandwidth },
    { type: 'slow_close', attributes: { delay: 1000 } satisfies Slowclose },
    { type: 'timeout', attributes: { timeout: 1000 } satisfies Timeout },
    { type: 'slicer', attributes: { average_size: 1000, size_variation: 1000, delay: 1000 } satisfies Slicer },
    { type: 'reset_peer', attributes: { timeout: 1000 } satisfies ResetPeer },
    { type: 'limit_data', attributes: { bytes: 1000 } satisfies LimitData },
    { type: 'noop', attributes: {} },
  ];

  it.each(echoes)('a $type toxic echoes its attributes', async ({ type, attributes }) => {
    const { client, upstream } = await setup();
    const proxy = await client.createProxy({ name: 'p', listen: '127.0.0.1:0', upstream });
    const body = partialToxic<Record<string, number>>({ name: `${type}-toxic`, type: type as 'latency', stream: 'upstream', toxicity: 0.5, attributes });
    const created = await proxy.addToxic(body);
    const expected = { name: `${type}-toxic`, type, stream: 'upstream', toxicity: 0.5, attributes };
    expect(created.toJson()).toEqual(expected);
    expect((await proxy.getToxic(`${type}-toxic`)).toJson()).toEqual(expected);
  });
});
