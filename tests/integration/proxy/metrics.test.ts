import { afterEach, describe, expect, it } from 'vitest';
import { apiClient, createProxy, loopbackPort, pollUntil } from '../../helpers/http.js';
import { Cleanup, connectTo, readBytes, startEchoServer, startTestProxyServer } from '../../helpers/sockets.js';
import { sample } from '../../helpers/system.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.closeAll());

describe('GET /metrics', () => {
  it('follows connections, outages, toxics and leases as they happen', async () => {
    const server = await startTestProxyServer(cleanup);
    const api = apiClient(server.url);
    const upstream = `127.0.0.1:${await startEchoServer(cleanup)}`;
    const proxy = await createProxy(api, { name: 'db', listen: '127.0.0.1:0', upstream });
    const scrape = async () => (await api.get('/metrics')).text;

    const socket = await connectTo(loopbackPort(proxy.listen), cleanup);
    socket.write('ping');
    await readBytes(socket, 4);
    let metrics = await scrape();
    expect(sample(metrics, 'faultline_proxy_connections_active', { proxy: 'db' })).toBe(1);
    expect(sample(metrics, 'faultline_proxy_connections_total', { proxy: 'db' })).toBe(1);
    expect(sample(metrics, 'faultline_proxy_enabled', { proxy: 'db' })).toBe(1);
    expect(sample(metrics, 'toxiproxy_proxy_received_bytes_total', { proxy: 'db', direction: 'upstream', listener: proxy.listen, upstream })).toBe(4);

    expect((await api.post('/proxies/db/toxics', { type: 'latency', attributes: { latency: 10 } })).status).toBe(200);
    expect((await api.put('/proxies/db/toxics/latency_downstream/lease', { ttl_ms: 100, holder: 'metrics-test' })).status).toBe(200);
    metrics = await scrape();
    expect(sample(metrics, 'faultline_proxy_active_toxics', { proxy: 'db', type: 'latency', stream: 'downstream' })).toBe(1);
    expect(sample(metrics, 'faultline_proxy_leases_active')).toBe(1);

    await pollUntil(async () => (sample(await scrape(), 'faultline_proxy_leases_expired_total') === 1 ? true : undefined), 5000, 'the lease to lapse');
    metrics = await scrape();
    expect(sample(metrics, 'faultline_proxy_leases_active')).toBe(0);
    expect(sample(metrics, 'faultline_proxy_active_toxics', { proxy: 'db' })).toBe(0);

    expect((await api.post('/proxies/db', { enabled: false })).status).toBe(200);
    metrics = await scrape();
    expect(sample(metrics, 'faultline_proxy_enabled', { proxy: 'db' })).toBe(0);
    expect(sample(metrics, 'faultline_proxy_connections_active', { proxy: 'db' })).toBe(0);
    expect(metrics).toMatch(/^process_resident_memory_bytes \d+/m);
  });
});
