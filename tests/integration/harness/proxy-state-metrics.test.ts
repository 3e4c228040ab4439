import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { registerProxyStateMetrics, TOXIPROXY_UP } from '../../../src/harness/proxy-state-metrics.js';
import { unusedPort } from '../../helpers/data-plane.js';
import { apiClient, createProxy, type ApiClient } from '../../helpers/http.js';
import { Cleanup, startTestProxyServer } from '../../helpers/sockets.js';
import { sample } from '../../helpers/system.js';

/**
 * The proxy-state mirror of `faultline harness`: it reads a Toxiproxy-compatible API's GET /proxies
 * at scrape time and exposes faultline_proxy_enabled{proxy}, faultline_proxy_active_toxics{proxy,type,stream}
 * and faultline_harness_toxiproxy_up. The API here is a real Faultline proxy server on port 0
 * (real sockets, so it lives with the integration tests).
 */

const cleanup = new Cleanup();
afterEach(() => cleanup.closeAll());

/** A fresh registry with the mirror registered against `url`, and one scrape of it as text. */
async function scrapeMirror(url: string): Promise<string> {
  const registry = new Registry();
  registerProxyStateMetrics(registry, url);
  return registry.metrics();
}

async function addToxic(api: ApiClient, proxy: string, toxic: Record<string, unknown>): Promise<void> {
  const response = await api.post(`/proxies/${proxy}/toxics`, toxic);
  expect(response.status, response.text).toBe(200);
}


describe('registerProxyStateMetrics', () => {
  it('mirrors an enabled proxy and its toxics by type and stream, and a disabled proxy as 0', async () => {
    const server = await startTestProxyServer(cleanup);
    const api = apiClient(server.url);
    // Upstreams are never dialled: no connection goes through these proxies.
    await createProxy(api, { name: 'gateway_catalog', listen: '127.0.0.1:0', upstream: '127.0.0.1:9' });
    await createProxy(api, { name: 'orders_payments', listen: '127.0.0.1:0', upstream: '127.0.0.1:9', enabled: false });
    await addToxic(api, 'gateway_catalog', { name: 'slow', type: 'latency', stream: 'downstream', attributes: { latency: 100 } });
    await addToxic(api, 'gateway_catalog', { name: 'hang', type: 'timeout', stream: 'upstream', attributes: { timeout: 0 } });

    const metrics = await scrapeMirror(server.url);
    expect(sample(metrics, TOXIPROXY_UP)).toBe(1);
    expect(metrics).toMatch(/^faultline_proxy_enabled\{proxy="gateway_catalog"\} 1$/m);
    expect(metrics).toMatch(/^faultline_proxy_enabled\{proxy="orders_payments"\} 0$/m);
    expect(metrics).toMatch(/^faultline_proxy_active_toxics\{proxy="gateway_catalog",type="latency",stream="downstream"\} 1$/m);
    expect(metrics).toMatch(/^faultline_proxy_active_toxics\{proxy="gateway_catalog",type="timeout",stream="upstream"\} 1$/m);
    // Exactly those two toxic series: none for the wrong stream, none for the toxic-free proxy.
    expect(metrics.match(/^faultline_proxy_active_toxics\{/gm)).toHaveLength(2);
    expect(sample(metrics, 'faultline_proxy_active_toxics', { proxy: 'orders_payments' })).toBe(0);
  });

  it('counts two toxics of one type on one stream as 2, and follows a proxy being disabled', async () => {
    const server = await startTestProxyServer(cleanup);
    const api = apiClient(server.url);
    await createProxy(api, { name: 'db', listen: '127.0.0.1:0', upstream: '127.0.0.1:9' });
    await addToxic(api, 'db', { name: 'a', type: 'latency', stream: 'downstream', attributes: { latency: 10 } });
    await addToxic(api, 'db', { name: 'b', type: 'latency', stream: 'downstream', attributes: { latency: 20 } });
    let metrics = await scrapeMirror(server.url);
    expect(sample(metrics, 'faultline_proxy_active_toxics', { proxy: 'db', type: 'latency', stream: 'downstream' })).toBe(2);
    expect(metrics).toMatch(/^faultline_proxy_enabled\{proxy="db"\} 1$/m);

    expect((await api.post('/proxies/db', { enabled: false })).status).toBe(200);
    metrics = await scrapeMirror(server.url);
    expect(metrics).toMatch(/^faultline_proxy_enabled\{proxy="db"\} 0$/m);
    // A disabled proxy keeps its toxics, and the mirror says so.
    expect(sample(metrics, 'faultline_proxy_active_toxics', { proxy: 'db', type: 'latency', stream: 'downstream' })).toBe(2);
  });

  it('reads the API afresh at every scrape of one registry, so a fault removed a moment ago is not shown as present', async () => {
    const server = await startTestProxyServer(cleanup);
    const api = apiClient(server.url);
    await createProxy(api, { name: 'db', listen: '127.0.0.1:0', upstream: '127.0.0.1:9' });
    await addToxic(api, 'db', { name: 'slow', type: 'latency', stream: 'downstream', attributes: { latency: 10 } });
    const registry = new Registry();
    registerProxyStateMetrics(registry, server.url);
    let metrics = await registry.metrics();
    expect(sample(metrics, 'faultline_proxy_active_toxics', { proxy: 'db', type: 'latency', stream: 'downstream' })).toBe(1);
    expect(metrics).toMatch(/^faultline_proxy_enabled\{proxy="db"\} 1$/m);

    expect((await api.delete('/proxies/db/toxics/slow')).status).toBe(204);
    expect((await api.post('/proxies/db', { enabled: false })).status).toBe(200);
    metrics = await registry.metrics();
    expect(metrics.match(/^faultline_proxy_active_toxics\{/gm)).toBeNull();
    expect(metrics).toMatch(/^faultline_proxy_enabled\{proxy="db"\} 0$/m);
  });

  it('gives the same answer to scrapes that run at the same time (they do not add up)', async () => {
    const server = await startTestProxyServer(cleanup);
    const api = apiClient(server.url);
    await createProxy(api, { name: 'db', listen: '127.0.0.1:0', upstream: '127.0.0.1:9' });
    await addToxic(api, 'db', { name: 'a', type: 'latency', stream: 'downstream', attributes: { latency: 10 } });
    await addToxic(api, 'db', { name: 'b', type: 'latency', stream: 'downstream', attributes: { latency: 20 } });
    const registry = new Registry();
    registerProxyStateMetrics(registry, server.url);
    const scrapes = await Promise.all([registry.metrics(), registry.metrics(), registry.metrics()]);
    for (const metrics of scrapes) {
      expect(sample(metrics, 'faultline_proxy_active_toxics', { proxy: 'db', type: 'latency', stream: 'downstream' })).toBe(2);
      expect(metrics).toMatch(/^faultline_proxy_enabled\{proxy="db"\} 1$/m);
    }
  });

  it('reports the API down as toxiproxy_up 0 with no proxy series, both for a closed server and an unused port', async () => {
    const server = await startTestProxyServer(cleanup);
    await createProxy(apiClient(server.url), { name: 'db', listen: '127.0.0.1:0', upstream: '127.0.0.1:9' });
    const url = server.url;
    expect(sample(await scrapeMirror(url), TOXIPROXY_UP)).toBe(1);
    await server.close();

    for (const down of [url, `http://127.0.0.1:${await unusedPort()}`]) {
      const metrics = await scrapeMirror(down);
      expect(metrics).toMatch(new RegExp(`^${TOXIPROXY_UP} 0$`, 'm'));
      expect(metrics).not.toMatch(/^faultline_proxy_enabled\{/m);
      expect(metrics).not.toMatch(/^faultline_proxy_active_toxics\{/m);
    }
  });

  it('treats an API answering with an error status as down', async () => {
    const server = await startTestProxyServer(cleanup);
    // /nothing/proxies is not a route: the server answers 404, which is not a proxy list.
    const metrics = await scrapeMirror(`${server.url}/nothing`);
    expect(sample(metrics, TOXIPROXY_UP)).toBe(0);
    expect(metrics).not.toMatch(/^faultline_proxy_enabled\{/m);
  });
});
