import { afterEach, describe, expect, it } from 'vitest';
import { apiWithEchoUpstream, createProxy, expectEcho as expectEchoThrough, expectError, expectJson, loopbackPort, type ProxyJson, type RawResponse } from '../../helpers/http.js';
import { Cleanup, readBytes, startEchoServer, waitForClose } from '../../helpers/sockets.js';

/**
 * The whole-server endpoints of the Toxiproxy v2.12.0 API over plain fetch(): /populate (order,
 * all-or-nothing validation, partial failure, keeping identical proxies), /reset and /metrics.
 */

const cleanup = new Cleanup();
afterEach(() => cleanup.closeAll());

const setup = () => apiWithEchoUpstream(cleanup);

const expectEcho = (port: number, text?: string) => expectEchoThrough(cleanup, port, text);

/** /populate errors are application/json with no newline (not http.Error's text/plain). */
function expectPopulateError(response: RawResponse, status: number, error: string, proxies: unknown[] | null): void {
  expectJson(response, status);
  expect(response.text).toBe(JSON.stringify({ error, status, proxies }));
}

describe('POST /populate', () => {
  it('creates every proxy and answers 201 {"proxies":[...]} in request order', async () => {
    const { api, upstream } = await setup();
    const response = await api.post('/populate', [
      { name: 'zeta', listen: '127.0.0.1:0', upstream },
      { name: 'alpha', listen: '127.0.0.1:0', upstream, enabled: false },
    ]);
    expectJson(response, 201);
    const { proxies } = response.json<{ proxies: ProxyJson[] }>();
    expect(proxies.map((p) => p.name)).toEqual(['zeta', 'alpha']);
    const zetaListen = proxies[0]?.listen ?? '';
    expect(response.text).toBe(
      `{"proxies":[{"name":"zeta","listen":"${zetaListen}","upstream":"${upstream}","enabled":true,"Logger":{},"toxics":[]},` +
        `{"name":"alpha","listen":"127.0.0.1:0","upstream":"${upstream}","enabled":false,"Logger":{},"toxics":[]}]}`,
    );
    await expectEcho(loopbackPort(zetaListen));
    expect(Object.keys((await api.get('/proxies')).json<object>())).toEqual(['alpha', 'zeta']);
  });

  it('answers {"proxies":[]} (not null) for an empty array', async () => {
    const { api } = await setup();
    const response = await api.post('/populate', []);
    expectJson(response, 201);
    expect(response.text).toBe('{"proxies":[]}');
  });

  it.each([
    { body: [{ name: 'ok', upstream: 'u:1' }, { listen: '127.0.0.1:0', upstream: 'u:1' }], error: 'missing required field: name at proxy 2' },
    { body: [{ name: 'ok' }, { name: 'other', upstream: 'u:1' }], error: 'missing required field: upstream at proxy 1' },
    { body: [{ name: 'ok', upstream: 'u:1' }, { name: '', upstream: '' }], error: 'missing required field: name at proxy 2' },
    { body: { name: 'ok', upstream: 'u:1' }, error: 'bad request body: expected a JSON array of proxies' },
    { body: '', error: 'bad request body: EOF' },
  ])('$error → 400 and nothing is created', async ({ body, error }) => {
    const { api } = await setup();
    expectPopulateError(await api.post('/populate', body), 400, error, null);
    expect((await api.get('/proxies')).text).toBe('{}');
  });

  it('stops at the first bind failure with a 500 listing the proxies done so far', async () => {
    const { api, upstream, upstreamPort } = await setup();
    const response = await api.post('/populate', [
      { name: 'first', listen: '127.0.0.1:0', upstream },
      { name: 'clash', listen: `127.0.0.1:${upstreamPort}`, upstream },
      { name: 'third', listen: '127.0.0.1:0', upstream },
    ]);
    const first = (await api.get('/proxies/first')).json<ProxyJson>();
    expectPopulateError(response, 500, `listen tcp 127.0.0.1:${upstreamPort}: bind: address already in use`, [first]);
    expect(Object.keys((await api.get('/proxies')).json<object>())).toEqual(['first']);
    await expectEcho(loopbackPort(first.listen));
  });

  it('keeps an identical existing proxy untouched: toxics, connections and enabled state', async () => {
    const { api, upstream } = await setup();
    const created = (await api.post('/populate', [{ name: 'same', listen: '127.0.0.1:0', upstream }])).json<{ proxies: ProxyJson[] }>();
    const listen = created.proxies[0]?.listen ?? '';
    const port = loopbackPort(listen);
    expect((await api.post('/proxies/same/toxics', { type: 'noop' })).status).toBe(200);
    const live = await expectEcho(port);

    for (const entry of [{ listen }, { listen: `localhost:${port}` }, { listen, enabled: false }]) {
      const again = await api.post('/populate', [{ name: 'same', upstream, ...entry }]);
      expectJson(again, 201);
      const kept = again.json<{ proxies: ProxyJson[] }>().proxies;
      expect(kept.map((p) => [p.listen, p.enabled, p.toxics.map((t) => t.name)]), JSON.stringify(entry)).toEqual([[listen, true, ['noop_downstream']]]);
    }
    live.write('alive');
    expect((await readBytes(live, 5)).toString()).toBe('alive');
  });

  it('replaces a proxy whose upstream changed: its toxics and connections are gone', async () => {
    const { api, upstream } = await setup();
    const other = `127.0.0.1:${await startEchoServer(cleanup)}`;
    const proxy = await createProxy(api, { name: 'swap', listen: '127.0.0.1:0', upstream });
    expect((await api.post('/proxies/swap/toxics', { type: 'noop' })).status).toBe(200);
    const closed = waitForClose(await expectEcho(loopbackPort(proxy.listen)));

    const response = await api.post('/populate', [{ name: 'swap', listen: proxy.listen, upstream: other }]);
    expectJson(response, 201);
    expect(response.json()).toEqual({ proxies: [{ ...proxy, upstream: other }] });
    expect((await closed).how).toBe('end');
    await expectEcho(loopbackPort(proxy.listen));
  });
  it('puts a proxy back as it was when its replacement cannot bind (Toxiproxy leaves it disabled)', async () => {
    const { api, upstream, upstreamPort } = await setup();
    const proxy = await createProxy(api, { name: 'keep', listen: '127.0.0.1:0', upstream });
    expect((await api.post('/proxies/keep/toxics', { type: 'noop' })).status).toBe(200);

    const response = await api.post('/populate', [{ name: 'keep', listen: `127.0.0.1:${upstreamPort}`, upstream }]);
    expectPopulateError(response, 500, `listen tcp 127.0.0.1:${upstreamPort}: bind: address already in use`, []);
    const after = (await api.get('/proxies/keep')).json<ProxyJson>();
    expect([after.listen, after.enabled, after.toxics.map((t) => t.name)]).toEqual([proxy.listen, true, ['noop_downstream']]);
    await expectEcho(loopbackPort(proxy.listen));
  });
});

describe('POST /reset', () => {
  it('ignores its body, re-enables proxies, removes every toxic and deletes nothing', async () => {
    const { api, upstream } = await setup();
    const down = await createProxy(api, { name: 'down', listen: '127.0.0.1:0', upstream });
    expect((await api.patch('/proxies/down', { enabled: false })).status).toBe(200);
    const never = await createProxy(api, { name: 'never', listen: 'localhost:0', upstream, enabled: false });
    expect(never.listen).toBe('localhost:0');
    await createProxy(api, { name: 'toxic', listen: '127.0.0.1:0', upstream });
    for (const body of [{ type: 'noop' }, { type: 'latency', stream: 'upstream', attributes: { latency: 5 } }]) {
      expect((await api.post('/proxies/toxic/toxics', body)).status).toBe(200);
    }

    const response = await api.post('/reset', '{{{ not json');
    expect({ status: response.status, text: response.text }).toEqual({ status: 204, text: '' });

    const after = (await api.get('/proxies')).json<Record<string, ProxyJson>>();
    expect(Object.keys(after)).toEqual(['down', 'never', 'toxic']);
    expect(after.down).toEqual({ ...down, enabled: true });
    expect(after.never?.enabled).toBe(true);
    await expectEcho(loopbackPort(after.down?.listen ?? ''));
    await expectEcho(loopbackPort(after.never?.listen ?? ''));
    expect(after.toxic?.toxics).toEqual([]);
    expect((await api.get('/proxies/toxic/toxics')).text).toBe('[]');

    const again = await api.post('/reset');
    expect({ status: again.status, text: again.text }).toEqual({ status: 204, text: '' });
  });

  it('is a 500 when a proxy cannot be re-enabled', async () => {
    const { api, upstream, upstreamPort } = await setup();
    const taken = `127.0.0.1:${upstreamPort}`;
    await createProxy(api, { name: 'blocked', listen: taken, upstream, enabled: false });
    expectError(await api.post('/reset'), 500, `listen tcp ${taken}: bind: address already in use`);
    expect((await api.get('/proxies/blocked')).json<ProxyJson>()).toMatchObject({ listen: taken, enabled: false });
  });
});

describe('GET /metrics', () => {
  it('serves Prometheus text with live byte counters and toxic gauges', async () => {
    const { api, upstream } = await setup();
    const proxy = await createProxy(api, { name: 'm', listen: '127.0.0.1:0', upstream });
    expect((await api.post('/proxies/m/toxics', { type: 'noop', stream: 'upstream' })).status).toBe(200);
    expect((await api.post('/proxies/m/toxics', { name: 'lat', type: 'latency', attributes: { latency: 0 } })).status).toBe(200);
    // The connection stays open: Faultline counts while it lives (Toxiproxy only counts at close).
    await expectEcho(loopbackPort(proxy.listen), 'hello');

    for (const method of ['GET', 'POST']) {
      const response = await api.send(method, '/metrics');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      const lines = response.text.split('\n');
      expect(lines).toContain('# TYPE toxiproxy_proxy_received_bytes_total counter');
      expect(lines).toContain('# TYPE toxiproxy_proxy_sent_bytes_total counter');
      for (const series of ['received', 'sent']) {
        for (const direction of ['upstream', 'downstream']) {
          expect(lines).toContain(`toxiproxy_proxy_${series}_bytes_total{direction="${direction}",listener="${proxy.listen}",proxy="m",upstream="${upstream}"} 5`);
        }
      }
      expect(lines).toContain('faultline_proxy_active_toxics{proxy="m",type="noop",stream="upstream"} 1');
      expect(lines).toContain('faultline_proxy_active_toxics{proxy="m",type="latency",stream="downstream"} 1');
    }
  });
});
