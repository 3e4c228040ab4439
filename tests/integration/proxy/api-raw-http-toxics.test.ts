import { afterEach, describe, expect, it } from 'vitest';
import { apiClient, createProxy, expectError, expectJson, type ApiClient, type ProxyJson, type ToxicJson } from '../../helpers/http.js';
import { Cleanup, startEchoServer, startTestProxyServer } from '../../helpers/sockets.js';

/**
 * The toxic endpoints of the Toxiproxy v2.12.0 API over plain fetch(): create validation order and
 * messages, stream casing and default names, listing order, merge-on-update and deletes.
 */

const cleanup = new Cleanup();
afterEach(() => cleanup.closeAll());

/** A server with one enabled proxy `p` in front of an echo server. */
async function setup(): Promise<{ api: ApiClient; proxy: ProxyJson }> {
  const server = await startTestProxyServer(cleanup);
  const upstreamPort = await startEchoServer(cleanup);
  const api = apiClient(server.url);
  return { api, proxy: await createProxy(api, { name: 'p', listen: '127.0.0.1:0', upstream: `127.0.0.1:${upstreamPort}` }) };
}

async function addToxic(api: ApiClient, body: Record<string, unknown>): Promise<ToxicJson> {
  const response = await api.post('/proxies/p/toxics', body);
  expectJson(response, 200);
  return response.json<ToxicJson>();
}

const STREAM_INVALID = 'stream was invalid, can be either upstream or downstream';

describe('POST /proxies/{proxy}/toxics validation', () => {
  it.each([
    { body: '', status: 400, message: 'bad request body: EOF' },
    { body: { type: 'latency', stream: 'sideways' }, status: 400, message: STREAM_INVALID },
    { body: { type: 'latency', stream: '' }, status: 400, message: STREAM_INVALID },
    { body: { type: 'bogus', stream: 'sideways' }, status: 400, message: STREAM_INVALID },
    { body: { type: 'down' }, status: 400, message: 'invalid toxic type' },
    { body: { type: '' }, status: 400, message: 'invalid toxic type' },
    { body: { type: 'Latency' }, status: 400, message: 'invalid toxic type' },
    { body: {}, status: 400, message: 'invalid toxic type' },
    { body: { attributes: { latency: 5 } }, status: 400, message: 'invalid toxic type' },
  ])('$body → $status $message, and nothing is added', async ({ body, status, message }) => {
    const { api } = await setup();
    expectError(await api.post('/proxies/p/toxics', body), status, message);
    expect((await api.get('/proxies/p/toxics')).text).toBe('[]');
  });

  it('an unknown proxy is a 404 before the body is read', async () => {
    const { api } = await setup();
    expectError(await api.post('/proxies/ghost/toxics', ''), 404, 'proxy not found');
    expectError(await api.post('/proxies/ghost/toxics', { type: 'bogus' }), 404, 'proxy not found');
  });

  it('the stream keeps the client\'s casing, and the default name is built from it', async () => {
    const { api } = await setup();
    const up = await addToxic(api, { type: 'slicer', stream: 'UpStream', attributes: { average_size: 10 } });
    expect(up).toEqual({ attributes: { average_size: 10, size_variation: 0, delay: 0 }, name: 'slicer_UpStream', type: 'slicer', stream: 'UpStream', toxicity: 1 });
    const down = await addToxic(api, { type: 'noop', stream: 'DOWNSTREAM' });
    expect(down).toEqual({ attributes: {}, name: 'noop_DOWNSTREAM', type: 'noop', stream: 'DOWNSTREAM', toxicity: 1 });
    // The casing does not change the direction: upstream toxics list first.
    expect((await api.get('/proxies/p/toxics')).json()).toEqual([up, down]);
  });

  it('a name is unique across both streams (409), checked after the type and before the attributes', async () => {
    const { api } = await setup();
    await addToxic(api, { type: 'latency', attributes: { latency: 5 } });
    expectError(await api.post('/proxies/p/toxics', { type: 'latency', attributes: { latency: 5 } }), 409, 'toxic already exists');
    expectError(await api.post('/proxies/p/toxics', { name: 'latency_downstream', type: 'noop', stream: 'upstream' }), 409, 'toxic already exists');
    expectError(await api.post('/proxies/p/toxics', { name: 'latency_downstream', type: 'bogus' }), 400, 'invalid toxic type');
    // ...and before the attributes are decoded.
    expectError(await api.post('/proxies/p/toxics', { type: 'latency', attributes: { latency: 'x' } }), 409, 'toxic already exists');
    const toxics = (await api.get('/proxies/p/toxics')).json<ToxicJson[]>();
    expect(toxics.map((t) => [t.name, t.type, t.stream])).toEqual([['latency_downstream', 'latency', 'downstream']]);
  });
});

describe('GET toxics', () => {
  it('lists upstream toxics first, then downstream ones, each in insertion order', async () => {
    const { api } = await setup();
    const empty = await api.get('/proxies/p/toxics');
    expectJson(empty, 200);
    expect(empty.text).toBe('[]');
    const d1 = await addToxic(api, { name: 'd1', type: 'latency', attributes: { latency: 1 } });
    const u1 = await addToxic(api, { name: 'u1', type: 'latency', stream: 'upstream', attributes: { latency: 2 } });
    const d2 = await addToxic(api, { name: 'd2', type: 'noop' });
    const u2 = await addToxic(api, { name: 'u2', type: 'limit_data', stream: 'upstream', attributes: { bytes: 9 } });
    const listed = await api.get('/proxies/p/toxics');
    expectJson(listed, 200);
    expect(listed.json()).toEqual([u1, u2, d1, d2]);
    expect((await api.get('/proxies/p')).json<ProxyJson>().toxics).toEqual([u1, u2, d1, d2]);
  });

  it('reads one toxic, and reports a missing proxy or toxic', async () => {
    const { api } = await setup();
    const toxic = await addToxic(api, { name: 'bw', type: 'bandwidth', attributes: { rate: 100 } });
    const response = await api.get('/proxies/p/toxics/bw');
    expectJson(response, 200);
    expect(response.text).toBe('{"attributes":{"rate":100},"name":"bw","type":"bandwidth","stream":"downstream","toxicity":1}');
    expect(response.json()).toEqual(toxic);
    expectError(await api.get('/proxies/p/toxics/nope'), 404, 'toxic not found');
    expectError(await api.get('/proxies/ghost/toxics/bw'), 404, 'proxy not found');
    expectError(await api.get('/proxies/ghost/toxics'), 404, 'proxy not found');
  });
});

describe.each(['PATCH', 'POST'])('%s /proxies/{proxy}/toxics/{toxic}', (method) => {
  const update = (api: ApiClient, path: string, body: unknown) => api.send(method, path, { body });

  it('merges attributes, keeps toxicity unless sent, and ignores name, type and stream', async () => {
    const { api } = await setup();
    await addToxic(api, { name: 'lat', type: 'latency', stream: 'upstream', toxicity: 0.5, attributes: { latency: 100, jitter: 10 } });
    const merged = await update(api, '/proxies/p/toxics/lat', { name: 'renamed', type: 'bandwidth', stream: 'downstream', attributes: { jitter: 20 } });
    expectJson(merged, 200);
    expect(merged.text).toBe('{"attributes":{"latency":100,"jitter":20},"name":"lat","type":"latency","stream":"upstream","toxicity":0.5}');

    const zero = await update(api, '/proxies/p/toxics/lat', { toxicity: 0 });
    expectJson(zero, 200);
    expect(zero.json()).toEqual({ attributes: { latency: 100, jitter: 20 }, name: 'lat', type: 'latency', stream: 'upstream', toxicity: 0 });
    expect((await api.get('/proxies/p/toxics/lat')).text).toBe(zero.text);
    expectError(await api.get('/proxies/p/toxics/renamed'), 404, 'toxic not found');
  });

  it('reports a missing proxy or toxic, and an empty body', async () => {
    const { api } = await setup();
    const toxic = await addToxic(api, { type: 'timeout', attributes: { timeout: 50 } });
    expectError(await update(api, '/proxies/ghost/toxics/timeout_downstream', { toxicity: 1 }), 404, 'proxy not found');
    expectError(await update(api, '/proxies/p/toxics/nope', { toxicity: 1 }), 404, 'toxic not found');
    expectError(await update(api, '/proxies/p/toxics/timeout_downstream', ''), 400, 'bad request body: EOF');
    expect((await api.get('/proxies/p/toxics/timeout_downstream')).json()).toEqual(toxic);
  });
});

describe('DELETE', () => {
  it('removes a toxic with an empty 204, then 404s', async () => {
    const { api } = await setup();
    await addToxic(api, { type: 'noop' });
    await addToxic(api, { name: 'keep', type: 'noop', stream: 'upstream' });
    const response = await api.delete('/proxies/p/toxics/noop_downstream');
    expect({ status: response.status, text: response.text }).toEqual({ status: 204, text: '' });
    expect(response.headers.get('content-type')).toBeNull();
    expectError(await api.delete('/proxies/p/toxics/noop_downstream'), 404, 'toxic not found');
    expectError(await api.delete('/proxies/ghost/toxics/keep'), 404, 'proxy not found');
    expect((await api.get('/proxies/p/toxics')).json<ToxicJson[]>().map((t) => t.name)).toEqual(['keep']);
  });

  it('removes a proxy with an empty 204, then 404s', async () => {
    const { api } = await setup();
    const response = await api.delete('/proxies/p');
    expect({ status: response.status, text: response.text }).toEqual({ status: 204, text: '' });
    expectError(await api.delete('/proxies/p'), 404, 'proxy not found');
    expectError(await api.get('/proxies/p/toxics'), 404, 'proxy not found');
    expect((await api.get('/proxies')).text).toBe('{}');
  });
});
