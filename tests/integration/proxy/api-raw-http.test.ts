import { afterEach, describe, expect, it } from 'vitest';
import { createProxy, expectError, expectJson, loopbackPort, type ApiClient, type ProxyJson, apiWithEchoUpstream, expectEcho as expectEchoThrough } from '../../helpers/http.js';
import { Cleanup, connectTo, readBytes, startEchoServer, waitForClose } from '../../helpers/sockets.js';

/**
 * The Toxiproxy v2.12.0 wire format of the proxy endpoints, checked byte for byte with plain
 * fetch(): status codes, headers, bodies, key order, listen reporting, create validation order and
 * update semantics (reference sections 2 and 8). Toxic endpoints: api-raw-http-toxics.test.ts;
 * /populate, /reset and /metrics: api-raw-http-bulk.test.ts.
 */

const cleanup = new Cleanup();
afterEach(() => cleanup.closeAll());

const REQUEST_ID = /^[0-9a-v]{20}$/;

const setup = () => apiWithEchoUpstream(cleanup);

const expectEcho = (port: number, text?: string) => expectEchoThrough(cleanup, port, text);

describe('server-wide behaviour', () => {
  it.each([
    ['GET', '/nope'],
    ['GET', '/proxies/'],
    ['DELETE', '/proxies/'],
    ['GET', '/proxies/p/toxics/'],
  ])('%s %s is an unrouted 404 with Go\'s "404 page not found"', async (method, path) => {
    const { api } = await setup();
    const response = await api.send(method, path);
    expect({ status: response.status, text: response.text }).toEqual({ status: 404, text: '404 page not found\n' });
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('x-toxiproxy-request-id')).toBeNull();
  });

  it.each([
    ['PUT', '/proxies/x'],
    ['HEAD', '/version'],
    ['OPTIONS', '/proxies'],
    ['DELETE', '/proxies'],
    ['GET', '/reset'],
    ['POST', '/proxies/x/lease'],
    ['GET', '/leases/renew'],
  ])('%s %s is a 405 with an empty body and no request id', async (method, path) => {
    const { api } = await setup();
    const response = await api.send(method, path);
    expect({ status: response.status, text: response.text }).toEqual({ status: 405, text: '' });
    expect(response.headers.get('content-length')).toBe('0');
    expect(response.headers.get('x-toxiproxy-request-id')).toBeNull();
  });

  it('routed responses, errors included, carry a fresh 20-character xid request id', async () => {
    const { api } = await setup();
    const ids = [];
    for (const response of [await api.get('/proxies'), await api.get('/proxies/missing'), await api.get('/version'), await api.post('/proxies', '')]) {
      const id = response.headers.get('x-toxiproxy-request-id') ?? '';
      expect(id).toMatch(REQUEST_ID);
      ids.push(id);
    }
    expect(new Set(ids).size).toBe(4);
  });

  it('refuses browser user agents with 403 before the handler runs', async () => {
    const { api, upstream } = await setup();
    const headers = { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64)' };
    for (const [method, path] of [['GET', '/proxies'], ['POST', '/proxies'], ['POST', '/reset'], ['GET', '/version']] as const) {
      const response = await api.send(method, path, { headers, body: method === 'POST' ? { name: 'csrf', listen: '127.0.0.1:0', upstream } : undefined });
      expect({ status: response.status, text: response.text }, `${method} ${path}`).toEqual({ status: 403, text: 'User agent not allowed\n' });
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(response.headers.get('x-toxiproxy-request-id')).toMatch(REQUEST_ID);
    }
    expect((await api.get('/proxies')).text).toBe('{}');
  });

  it('GET /version is the exact Toxiproxy body', async () => {
    const { api } = await setup();
    const response = await api.get('/version');
    expect({ status: response.status, text: response.text }).toEqual({ status: 200, text: '{"version": "2.12.0"}\n' });
    expect(response.headers.get('content-type')).toBe('application/json;charset=utf-8');
  });
});

describe('JSON shapes', () => {
  it('a proxy is compact JSON with keys name, listen, upstream, enabled, Logger, toxics', async () => {
    const { api, upstream } = await setup();
    const response = await api.post('/proxies', { name: 'p1', listen: '127.0.0.1:0', upstream });
    expectJson(response, 201);
    const listen = response.json<ProxyJson>().listen;
    expect(response.text).toBe(`{"name":"p1","listen":"${listen}","upstream":"${upstream}","enabled":true,"Logger":{},"toxics":[]}`);
    loopbackPort(listen);
    const fetched = await api.get('/proxies/p1');
    expectJson(fetched, 200);
    expect(fetched.text).toBe(response.text);
  });

  it('a toxic is compact JSON with keys attributes, name, type, stream, toxicity; toxic create answers 200', async () => {
    const { api, upstream } = await setup();
    await createProxy(api, { name: 'p1', listen: '127.0.0.1:0', upstream });
    const response = await api.post('/proxies/p1/toxics', { type: 'latency', attributes: { latency: 100, jitter: 10 }, toxicity: 0.2 });
    expectJson(response, 200);
    expect(response.text).toBe('{"attributes":{"latency":100,"jitter":10},"name":"latency_downstream","type":"latency","stream":"downstream","toxicity":0.2}');
    const noop = await api.post('/proxies/p1/toxics', { type: 'noop' });
    expect(noop.text).toBe('{"attributes":{},"name":"noop_downstream","type":"noop","stream":"downstream","toxicity":1}');
    const proxy = await api.get('/proxies/p1');
    expect(Object.keys(proxy.json<ProxyJson>().toxics[0] ?? {})).toEqual(['attributes', 'name', 'type', 'stream', 'toxicity']);
  });

  it('GET /proxies is {} when empty and a name-sorted map otherwise', async () => {
    const { api, upstream } = await setup();
    const empty = await api.get('/proxies');
    expectJson(empty, 200);
    expect(empty.text).toBe('{}');
    for (const name of ['charlie', 'alpha', 'bravo']) await createProxy(api, { name, listen: '127.0.0.1:0', upstream, enabled: false });
    const listed = await api.get('/proxies');
    expectJson(listed, 200);
    const map = listed.json<Record<string, ProxyJson>>();
    expect(Object.keys(map)).toEqual(['alpha', 'bravo', 'charlie']);
    expect(map.bravo).toEqual({ name: 'bravo', listen: '127.0.0.1:0', upstream, enabled: false, Logger: {}, toxics: [] });
  });

  it('matches proxy names against the decoded path', async () => {
    const { api, upstream } = await setup();
    const proxy = await createProxy(api, { name: 'a b', listen: '127.0.0.1:0', upstream });
    const response = await api.get('/proxies/a%20b');
    expectJson(response, 200);
    expect(response.json()).toEqual(proxy);
    expect((await api.get('/proxies/a%20b/toxics')).text).toBe('[]');
  });
});

describe('listen reporting', () => {
  it.each([
    { sent: 'localhost:0', enabled: true, reported: 'bound' },
    { sent: '127.0.0.1:0', enabled: true, reported: 'bound' },
    { sent: '', enabled: true, reported: 'bound' },
    { sent: undefined, enabled: true, reported: 'bound' },
    { sent: 'localhost:0', enabled: false, reported: 'localhost:0' },
    { sent: '', enabled: false, reported: '' },
  ])('listen $sent (enabled $enabled) is reported as $reported', async ({ sent, enabled, reported }) => {
    const { api, upstream } = await setup();
    const proxy = await createProxy(api, { name: 'l', upstream, enabled, ...(sent === undefined ? {} : { listen: sent }) });
    if (reported === 'bound') {
      await expectEcho(loopbackPort(proxy.listen));
    } else expect(proxy.listen).toBe(reported);
    expect((await api.get('/proxies/l')).json<ProxyJson>().listen).toBe(proxy.listen);
  });
});

describe('POST /proxies validation order', () => {
  it.each([
    { body: '', message: 'bad request body: EOF' },
    { body: {}, message: 'missing required field: name' },
    { body: { listen: '127.0.0.1:0', upstream: '127.0.0.1:1' }, message: 'missing required field: name' },
    { body: { name: '', upstream: '' }, message: 'missing required field: name' },
    { body: { name: 'x', listen: '127.0.0.1:0' }, message: 'missing required field: upstream' },
    { body: { name: 'x', upstream: '' }, message: 'missing required field: upstream' },
  ])('$body → 400 $message', async ({ body, message }) => {
    const { api } = await setup();
    expectError(await api.post('/proxies', body), 400, message);
    expect((await api.get('/proxies')).text).toBe('{}');
  });

  it('a name clash is a 409 checked before binding, even on the clashing port', async () => {
    const { api, upstream } = await setup();
    const first = await createProxy(api, { name: 'taken', listen: '127.0.0.1:0', upstream });
    expectError(await api.post('/proxies', { name: 'taken', listen: first.listen, upstream }), 409, 'proxy already exists');
    expectError(await api.post('/proxies', { name: 'taken', listen: 'local373', upstream }), 409, 'proxy already exists');
    expectError(await api.post('/proxies', { name: 'taken', listen: first.listen }), 400, 'missing required field: upstream');
    expect(Object.keys((await api.get('/proxies')).json<object>())).toEqual(['taken']);
    expect((await api.get('/proxies/taken')).json<ProxyJson>().listen).toBe(first.listen);
  });

  it('a bind failure is a 500 with Go\'s error and the proxy is not added', async () => {
    const { api, upstream, upstreamPort } = await setup();
    const response = await api.post('/proxies', { name: 'clash', listen: `127.0.0.1:${upstreamPort}`, upstream });
    expectError(response, 500, `listen tcp 127.0.0.1:${upstreamPort}: bind: address already in use`);
    expectError(await api.get('/proxies/clash'), 404, 'proxy not found');
    expectError(await api.post('/proxies', { name: 'bad', listen: 'local373', upstream }), 500, 'listen tcp: address local373: missing port in address');
    expect((await api.get('/proxies')).text).toBe('{}');
  });
});

describe.each(['PATCH', 'POST'])('%s /proxies/{proxy} update semantics', (method) => {
  const update = (api: ApiClient, name: string, body: unknown) => api.send(method, `/proxies/${name}`, { body });

  it('fields left out keep their value, name is ignored, and an unchanged proxy keeps its connections', async () => {
    const { api, upstream } = await setup();
    const proxy = await createProxy(api, { name: 'u', listen: '127.0.0.1:0', upstream });
    const live = await expectEcho(loopbackPort(proxy.listen));
    const port = loopbackPort(proxy.listen);
    for (const body of [{}, { enabled: true }, { name: 'renamed' }, { listen: proxy.listen }, { listen: `localhost:${port}` }, { upstream }]) {
      const response = await update(api, 'u', body);
      expectJson(response, 200);
      expect(response.json(), JSON.stringify(body)).toEqual({ ...proxy, toxics: [] });
    }
    live.write('still here');
    expect((await readBytes(live, 10)).toString()).toBe('still here');
    expectError(await api.get('/proxies/renamed'), 404, 'proxy not found');
  });

  it('a new upstream is stored on the same listen', async () => {
    const { api, upstream } = await setup();
    const other = `127.0.0.1:${await startEchoServer(cleanup)}`;
    const proxy = await createProxy(api, { name: 'u', listen: '127.0.0.1:0', upstream });
    const response = await update(api, 'u', { upstream: other });
    expectJson(response, 200);
    expect(response.json()).toEqual({ ...proxy, upstream: other });
    await expectEcho(loopbackPort(proxy.listen));
  });

  it('{"listen":"127.0.0.1:0"} moves the proxy to a new port and frees the old one', async () => {
    const { api, upstream } = await setup();
    const proxy = await createProxy(api, { name: 'u', listen: '127.0.0.1:0', upstream });
    const response = await update(api, 'u', { listen: '127.0.0.1:0' });
    expectJson(response, 200);
    const moved = response.json<ProxyJson>();
    expect(loopbackPort(moved.listen)).not.toBe(loopbackPort(proxy.listen));
    expect(moved).toEqual({ ...proxy, listen: moved.listen });
    await expect(connectTo(loopbackPort(proxy.listen), cleanup)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expectEcho(loopbackPort(moved.listen));
  });

  it('enabled:false closes the listener and live connections; enabled:true rebinds the same port', async () => {
    const { api, upstream } = await setup();
    const proxy = await createProxy(api, { name: 'u', listen: '127.0.0.1:0', upstream });
    const port = loopbackPort(proxy.listen);
    const live = await expectEcho(port);
    const closed = waitForClose(live);

    const down = await update(api, 'u', { enabled: false });
    expectJson(down, 200);
    expect(down.json()).toEqual({ ...proxy, enabled: false });
    expect((await closed).how).toBe('end');
    await expect(connectTo(port, cleanup)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect((await update(api, 'u', { enabled: false })).json()).toEqual({ ...proxy, enabled: false });

    const up = await update(api, 'u', { enabled: true });
    expectJson(up, 200);
    expect(up.json()).toEqual(proxy);
    await expectEcho(port);
  });

  it('an unusable listen is a 500 that changes nothing', async () => {
    const { api, upstream } = await setup();
    const proxy = await createProxy(api, { name: 'u', listen: '127.0.0.1:0', upstream });
    expectError(await update(api, 'u', { listen: 'local373', upstream: 'elsewhere:1' }), 500, 'listen tcp: address local373: missing port in address');
    expect((await api.get('/proxies/u')).json()).toEqual(proxy);
    await expectEcho(loopbackPort(proxy.listen));
  });

  it('a bind failure on enable is a 500; the proxy stays disabled with the new listen stored', async () => {
    const { api, upstream, upstreamPort } = await setup();
    const proxy = await createProxy(api, { name: 'u', listen: '127.0.0.1:0', upstream, enabled: false });
    const taken = `127.0.0.1:${upstreamPort}`;
    expectError(await update(api, 'u', { listen: taken, enabled: true }), 500, `listen tcp ${taken}: bind: address already in use`);
    expect((await api.get('/proxies/u')).json()).toEqual({ ...proxy, listen: taken, enabled: false });
  });

  it('answers 404 for an unknown proxy and 400 for an empty body', async () => {
    const { api, upstream } = await setup();
    expectError(await update(api, 'ghost', { enabled: false }), 404, 'proxy not found');
    const proxy = await createProxy(api, { name: 'u', listen: '127.0.0.1:0', upstream });
    expectError(await update(api, 'u', ''), 400, 'bad request body: EOF');
    expect((await api.get('/proxies/u')).json()).toEqual(proxy);
  });
});
