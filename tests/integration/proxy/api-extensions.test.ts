import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { apiClient, createProxy, expectError, expectJson, loopbackPort, pollUntil, type ApiClient, type ProxyJson } from '../../helpers/http.js';
import { Cleanup, connectTo, startEchoServer, startTestProxyServer } from '../../helpers/sockets.js';
import type { RunningProxyServer } from '../../../src/proxy/server.js';

/**
 * Faultline's extensions on paths Toxiproxy does not have: GET /faultline, fault leases (a fault
 * reverts itself when its holder stops renewing) and the audit event log with its long-poll.
 */

const cleanup = new Cleanup();
afterEach(() => cleanup.closeAll());

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** Generous: lapsing needs only the ttl, but the machine is a loaded 2-core box. */
const LAPSE_DEADLINE_MS = 5000;

interface Lease {
  proxy: string;
  toxic?: string;
  holder: string;
  ttl_ms: number;
  expires_at: string;
}
interface AuditEvent {
  id: number;
  time: string;
  type: string;
  proxy?: string;
  toxic?: string;
  detail?: Record<string, unknown>;
}
interface EventPage {
  events: AuditEvent[];
  next: number;
  truncated: boolean;
}

async function setup(): Promise<{ server: RunningProxyServer; api: ApiClient; proxy: ProxyJson }> {
  const server = await startTestProxyServer(cleanup);
  const api = apiClient(server.url);
  const proxy = await createProxy(api, { name: 'p', listen: '127.0.0.1:0', upstream: `127.0.0.1:${await startEchoServer(cleanup)}` });
  return { server, api, proxy };
}

async function addNoop(api: ApiClient, name: string): Promise<void> {
  expectJson(await api.post('/proxies/p/toxics', { name, type: 'noop' }), 200);
}

async function putLease(api: ApiClient, path: string, body: unknown): Promise<Lease> {
  const response = await api.put(path, body);
  expectJson(response, 200);
  return response.json<Lease>();
}

/** Wait until GET `path` answers 404: the lease lapsed and its fault was reverted. */
async function untilGone(api: ApiClient, path: string): Promise<void> {
  await pollUntil(async () => ((await api.get(path)).status === 404 ? true : undefined), LAPSE_DEADLINE_MS, `${path} to be removed`);
}

async function events(api: ApiClient, query = ''): Promise<EventPage> {
  const response = await api.get(`/events${query}`);
  expectJson(response, 200);
  return response.json<EventPage>();
}

describe('GET /faultline', () => {
  it('identifies the server and its extensions', async () => {
    const { api } = await setup();
    const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    const response = await api.get('/faultline');
    expectJson(response, 200);
    expect(response.text).toBe(`{"name":"faultline","version":"${version}","toxiproxy_api":"2.12.0","extensions":["leases","events","metrics"]}`);
  });
});

describe('leases', () => {
  it('PUT, GET and DELETE a toxic lease; 404 once it is gone', async () => {
    const { api } = await setup();
    await addNoop(api, 't');
    const path = '/proxies/p/toxics/t/lease';
    expectError(await api.get(path), 404, 'lease not found');
    const before = Date.now();
    const lease = await putLease(api, path, { ttl_ms: 60_000, holder: 'run-1' });
    const after = Date.now();
    expect(Object.keys(lease)).toEqual(['proxy', 'toxic', 'holder', 'ttl_ms', 'expires_at']);
    expect(lease).toMatchObject({ proxy: 'p', toxic: 't', holder: 'run-1', ttl_ms: 60_000 });
    expect(lease.expires_at).toMatch(ISO_MS);
    expect(Date.parse(lease.expires_at)).toBeGreaterThanOrEqual(before + 60_000);
    expect(Date.parse(lease.expires_at)).toBeLessThanOrEqual(after + 60_000);

    const fetched = await api.get(path);
    expectJson(fetched, 200);
    expect(fetched.json()).toEqual(lease);
    expect((await api.get('/leases')).json()).toEqual({ leases: [lease] });

    const deleted = await api.delete(path);
    expect({ status: deleted.status, text: deleted.text }).toEqual({ status: 204, text: '' });
    expectError(await api.get(path), 404, 'lease not found');
    expectError(await api.delete(path), 404, 'lease not found');
    expect((await api.get('/leases')).text).toBe('{"leases":[]}');
    expect((await api.get('/proxies/p/toxics/t')).status).toBe(200);
  });

  it.each([
    { body: { ttl_ms: 0 }, detail: 'got 0' },
    { body: { ttl_ms: -5 }, detail: 'got -5' },
    { body: { ttl_ms: '100' }, detail: 'got "100"' },
    { body: { holder: 'x' }, detail: 'got undefined' },
    { body: { ttl_ms: 86_400_001 }, detail: 'got 86400001' },
  ])('a bad ttl $body is a 400 and sets nothing', async ({ body, detail }) => {
    const { api } = await setup();
    await addNoop(api, 't');
    const message = `bad request body: ttl_ms must be a number of milliseconds above 0 and at most 86400000, ${detail}`;
    expectError(await api.put('/proxies/p/toxics/t/lease', body), 400, message);
    expectError(await api.put('/proxies/p/lease', body), 400, message);
    expectError(await api.put('/proxies/p/lease', ''), 400, 'bad request body: EOF');
    expect((await api.get('/leases')).text).toBe('{"leases":[]}');
  });

  it('a lease on a missing proxy or toxic is a 404', async () => {
    const { api } = await setup();
    expectError(await api.put('/proxies/ghost/lease', { ttl_ms: 1000 }), 404, 'proxy not found');
    expectError(await api.put('/proxies/p/toxics/ghost/lease', { ttl_ms: 1000 }), 404, 'toxic not found');
  });

  it('a toxic whose lease lapses is removed', async () => {
    const { api } = await setup();
    await addNoop(api, 't');
    await addNoop(api, 'other');
    const start = performance.now();
    await putLease(api, '/proxies/p/toxics/t/lease', { ttl_ms: 150, holder: 'run-1' });
    await untilGone(api, '/proxies/p/toxics/t');
    expect(performance.now() - start).toBeGreaterThanOrEqual(145);
    expect((await api.get('/proxies/p/toxics')).json<Array<{ name: string }>>().map((t) => t.name)).toEqual(['other']);
    expect((await api.get('/leases')).text).toBe('{"leases":[]}');
  });

  it('renewing keeps a toxic alive past its first ttl', async () => {
    const { api } = await setup();
    await addNoop(api, 'kept');
    await addNoop(api, 'control');
    const first = await putLease(api, '/proxies/p/toxics/kept/lease', { ttl_ms: 600, holder: 'run-1' });
    await putLease(api, '/proxies/p/toxics/control/lease', { ttl_ms: 600, holder: 'run-2' });
    // Heartbeat `kept` until `control`, leased after it with the same ttl, has lapsed.
    let renewed = first;
    await pollUntil(
      async () => {
        renewed = await putLease(api, '/proxies/p/toxics/kept/lease', { ttl_ms: 600, holder: 'run-1' });
        return (await api.get('/proxies/p/toxics/control')).status === 404 ? true : undefined;
      },
      LAPSE_DEADLINE_MS,
      'the control toxic to lapse',
      50,
    );
    expect((await api.get('/proxies/p/toxics/kept')).status).toBe(200);
    expect(Date.parse(renewed.expires_at)).toBeGreaterThan(Date.parse(first.expires_at));
    expect((await api.get('/leases')).json<{ leases: Lease[] }>().leases.map((l) => l.toxic)).toEqual(['kept']);
  });

  it('POST /leases/renew renews every lease of one holder', async () => {
    const { api } = await setup();
    for (const [toxic, holder] of [['a', 'run-1'], ['b', 'run-1'], ['c', 'other']] as const) {
      await addNoop(api, toxic);
      await putLease(api, `/proxies/p/toxics/${toxic}/lease`, { ttl_ms: 600, holder });
    }
    const renew = await api.post('/leases/renew', { holder: 'run-1', ttl_ms: 60_000 });
    expectJson(renew, 200);
    const { leases } = renew.json<{ leases: Lease[] }>();
    expect(leases.map((l) => [l.toxic, l.holder, l.ttl_ms])).toEqual([['a', 'run-1', 60_000], ['b', 'run-1', 60_000]]);

    await untilGone(api, '/proxies/p/toxics/c');
    expect((await api.get('/proxies/p/toxics')).json<Array<{ name: string }>>().map((t) => t.name)).toEqual(['a', 'b']);
    const again = (await api.post('/leases/renew', { holder: 'run-1' })).json<{ leases: Lease[] }>();
    expect(again.leases.map((l) => l.ttl_ms)).toEqual([60_000, 60_000]);
    expect((await api.post('/leases/renew', { holder: 'nobody' })).text).toBe('{"leases":[]}');
    expectError(await api.post('/leases/renew', { ttl_ms: 100 }), 400, 'bad request body: holder must be a non-empty string');
  });

  it('holds a lease and a renewal to the rules the supervisor shares: whole milliseconds up to a day, a renewable holder', async () => {
    const { api } = await setup();
    await addNoop(api, 't');
    await putLease(api, '/proxies/p/toxics/t/lease', { ttl_ms: 60_000, holder: 'run-1' });
    const before = (await api.get('/leases')).text;
    const rule = 'a whole number of milliseconds above 0 and at most 86400000';
    expectError(await api.put('/proxies/p/toxics/t/lease', { ttl_ms: 1.5, holder: 'run-1' }), 400, `bad request body: ttl_ms must be ${rule}, got 1.5`);
    expectError(await api.put('/proxies/p/toxics/t/lease', { ttl_ms: 1000, holder: '' }), 400, 'bad request body: holder must be a non-empty string');
    expectError(await api.put('/proxies/p/lease', { ttl_ms: 1000, holder: 7 }), 400, 'bad request body: holder must be a string');
    for (const ttl of [86_400_001, 3e9, 1.5]) {
      expectError(await api.post('/leases/renew', { holder: 'run-1', ttl_ms: ttl }), 400, `bad request body: ttl_ms, when given, must be ${rule}`);
    }
    expectError(await api.post('/leases/renew', { holder: 'run-1', ttl_ms: 0 }), 400, 'bad request body: ttl_ms, when given, must be a positive number of milliseconds');
    expectError(await api.post('/leases/renew', ''), 400, 'bad request body: EOF');
    expectError(await api.post('/leases/renew', [1]), 400, 'bad request body: expected a JSON object');
    // Nothing refused touched the lease.
    expect((await api.get('/leases')).text).toBe(before);
  });

  it('a disabled proxy whose lease lapses is re-enabled on the same port', async () => {
    const { api, proxy } = await setup();
    expect((await api.patch('/proxies/p', { enabled: false })).status).toBe(200);
    const lease = await putLease(api, '/proxies/p/lease', { ttl_ms: 150, holder: 'outage' });
    expect(Object.keys(lease)).toEqual(['proxy', 'holder', 'ttl_ms', 'expires_at']);
    expect((await api.get('/proxies/p/lease')).json()).toEqual(lease);

    await pollUntil(async () => ((await api.get('/proxies/p')).json<ProxyJson>().enabled ? true : undefined), LAPSE_DEADLINE_MS, 'p to be re-enabled');
    expect((await api.get('/proxies/p')).json()).toEqual(proxy);
    (await connectTo(loopbackPort(proxy.listen), cleanup)).end();
    expectError(await api.get('/proxies/p/lease'), 404, 'lease not found');
    const expired = (await events(api)).events.filter((e) => e.type === 'lease.expired');
    expect(expired.map((e) => [e.proxy, e.detail])).toEqual([['p', { holder: 'outage', reverted: 'proxy enabled' }]]);
  });

  it('removing a leased toxic through the API takes its lease with it', async () => {
    const { api } = await setup();
    await addNoop(api, 't');
    await putLease(api, '/proxies/p/toxics/t/lease', { ttl_ms: 300, holder: 'run-1' });
    expect((await api.delete('/proxies/p/toxics/t')).status).toBe(204);
    expectError(await api.get('/proxies/p/toxics/t/lease'), 404, 'lease not found');
    expect((await api.get('/leases')).text).toBe('{"leases":[]}');

    // A new toxic of the same name must not be removed by the old lease's timer.
    await addNoop(api, 't');
    await addNoop(api, 'control');
    await putLease(api, '/proxies/p/toxics/control/lease', { ttl_ms: 300, holder: 'run-1' });
    await untilGone(api, '/proxies/p/toxics/control');
    expect((await api.get('/proxies/p/toxics/t')).status).toBe(200);
    expect((await events(api)).events.filter((e) => e.type === 'lease.expired').map((e) => e.toxic)).toEqual(['control']);
  });
});

describe('audit events', () => {
  it('records every change in order with ids and millisecond times', async () => {
    const { api } = await setup();
    expect((await api.patch('/proxies/p', { enabled: false })).status).toBe(200);
    expect((await api.patch('/proxies/p', { enabled: true })).status).toBe(200);
    await addNoop(api, 'n');
    expectJson(await api.post('/proxies/p/toxics', { name: 'lat', type: 'latency', attributes: { latency: 5 } }), 200);
    expectJson(await api.patch('/proxies/p/toxics/lat', { attributes: { jitter: 1 } }), 200);
    expect((await api.delete('/proxies/p/toxics/lat')).status).toBe(204);
    await putLease(api, '/proxies/p/toxics/n/lease', { ttl_ms: 150, holder: 'run-1' });
    await untilGone(api, '/proxies/p/toxics/n');
    expect((await api.post('/reset')).status).toBe(204);
    expect((await api.delete('/proxies/p')).status).toBe(204);

    const page = await events(api);
    const types = ['proxy.created', 'proxy.updated', 'proxy.updated', 'toxic.added', 'toxic.added', 'toxic.updated', 'toxic.removed', 'lease.set', 'lease.expired', 'toxic.removed', 'reset', 'proxy.deleted'];
    expect(page.events.map((e) => e.type)).toEqual(types);
    expect(page.events.map((e) => e.id)).toEqual(types.map((_, i) => i + 1));
    expect(page).toMatchObject({ next: types.length, truncated: false });
    for (const event of page.events) {
      expect(event.time).toMatch(ISO_MS);
      expect(Object.keys(event).slice(0, 3)).toEqual(['id', 'time', 'type']);
    }
    const times = page.events.map((e) => Date.parse(e.time));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(page.events.map((e) => [e.proxy, e.toxic])).toEqual([
      ['p', undefined], ['p', undefined], ['p', undefined], ['p', 'n'], ['p', 'lat'], ['p', 'lat'],
      ['p', 'lat'], ['p', 'n'], ['p', 'n'], ['p', 'n'], [undefined, undefined], ['p', undefined],
    ]);
    expect(page.events[1]?.detail).toMatchObject({ changed: ['enabled'] });
    expect(page.events[9]?.detail).toEqual({ reason: 'lease expired' });
  });

  it('returns only events after the `since` cursor, `limit` at a time', async () => {
    const { api } = await setup();
    await addNoop(api, 'a');
    await addNoop(api, 'b');
    const newer = await events(api, '?since=1');
    expect(newer.events.map((e) => [e.id, e.toxic])).toEqual([[2, 'a'], [3, 'b']]);
    expect(newer.next).toBe(3);
    const limited = await events(api, '?since=1&limit=1');
    expect(limited.events.map((e) => e.id)).toEqual([2]);
    expect(limited.next).toBe(2);
    expect((await api.get('/events?since=3')).text).toBe('{"events":[],"next":3,"truncated":false}');
    expectError(await api.get('/events?since=abc'), 400, 'bad request body: query parameter since must be a non-negative integer, got "abc"');
  });

  it('`wait` holds the request until a new event arrives', async () => {
    const { server, api } = await setup();
    const arrived = new Promise<void>((resolve) => server.api.server.once('request', () => resolve()));
    const start = performance.now();
    const polling = events(api, '?since=1&wait=20000');
    await arrived;
    await addNoop(api, 'late');
    const page = await polling;
    expect(performance.now() - start).toBeLessThan(10_000);
    expect(page.events.map((e) => [e.id, e.type, e.toxic])).toEqual([[2, 'toxic.added', 'late']]);
  });

  it('`wait` answers with no events when none arrive in time', async () => {
    const { api } = await setup();
    const start = performance.now();
    const page = await events(api, '?since=1&wait=300');
    expect(performance.now() - start).toBeGreaterThanOrEqual(290);
    expect(page).toEqual({ events: [], next: 1, truncated: false });
  });
});
