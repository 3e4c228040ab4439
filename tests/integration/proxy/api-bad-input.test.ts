import { afterEach, describe, expect, it } from 'vitest';
import { apiClient, createProxy, expectError, expectJson, loopbackPort, type ApiClient, type ProxyJson, type ToxicJson } from '../../helpers/http.js';
import { Cleanup, connectTo, readBytes, startEchoServer, startTestProxyServer } from '../../helpers/sockets.js';

/**
 * Where Faultline is stricter than Toxiproxy: input that real Toxiproxy silently zeroes (#119),
 * accepts verbatim, or hangs/crashes on (bandwidth rate <= 0, slicer average_size 0) is a 400 with
 * a message naming the problem, and nothing changes. Field names still match case-insensitively.
 */

const cleanup = new Cleanup();
afterEach(() => cleanup.closeAll());

async function setup(): Promise<{ api: ApiClient; proxy: ProxyJson; upstream: string }> {
  const server = await startTestProxyServer(cleanup);
  const upstream = `127.0.0.1:${await startEchoServer(cleanup)}`;
  const api = apiClient(server.url);
  return { api, upstream, proxy: await createProxy(api, { name: 'p', listen: '127.0.0.1:0', upstream }) };
}

/** The message Faultline gives for a body JSON.parse refuses (the detail is the parser's own words). */
function invalidJson(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return `bad request body: invalid JSON: ${(error as Error).message}`;
  }
  throw new Error(`${text} is valid JSON`);
}

/** The server answers normally and the proxy `p` still forwards traffic. */
async function expectStillServing(api: ApiClient, proxy: ProxyJson): Promise<void> {
  const version = await api.get('/version');
  expect(version.status).toBe(200);
  const socket = await connectTo(loopbackPort(proxy.listen), cleanup);
  socket.write('ok?');
  expect((await readBytes(socket, 3)).toString()).toBe('ok?');
}

/** Every message here is Toxiproxy's `bad request body: ` and a detail. */
const badBody = (message: string) => (message.startsWith('bad request body: ') ? message : `bad request body: ${message}`);

const FIELDS_HINT = '(toxic attributes go inside "attributes"); expected one of name, type, stream, toxicity, attributes';

describe('toxic create: bad input is a 400 and adds nothing', () => {
  it.each([
    { what: 'bandwidth rate 0', body: { type: 'bandwidth', attributes: { rate: 0 } }, message: 'attributes.rate must be at least 1 KB/s, got 0' },
    { what: 'bandwidth rate < 0', body: { type: 'bandwidth', attributes: { rate: -100 } }, message: 'attributes.rate must be at least 1 KB/s, got -100' },
    { what: 'bandwidth without rate', body: { type: 'bandwidth' }, message: 'attributes.rate is required and must be at least 1 KB/s (got 0)' },
    { what: 'slicer average_size 0', body: { type: 'slicer', attributes: { average_size: 0 } }, message: 'attributes.average_size must be at least 1 bytes, got 0' },
    { what: 'negative latency', body: { type: 'latency', attributes: { latency: -1 } }, message: 'attributes.latency must be at least 0 ms, got -1' },
    { what: 'negative jitter', body: { type: 'latency', attributes: { latency: 10, jitter: -5 } }, message: 'attributes.jitter must be at least 0 ms, got -5' },
    { what: 'string attribute', body: { type: 'latency', attributes: { latency: '100' } }, message: 'attributes.latency must be an integer (ms), got the string "100"' },
    { what: 'float attribute', body: { type: 'timeout', attributes: { timeout: 1.5 } }, message: 'attributes.timeout must be an integer (ms), got number 1.5' },
    { what: 'object attribute', body: { type: 'limit_data', attributes: { bytes: { n: 1 } } }, message: 'attributes.bytes must be an integer (bytes), got an object' },
    { what: 'boolean attribute', body: { type: 'slow_close', attributes: { delay: true } }, message: 'attributes.delay must be an integer (ms), got boolean true' },
    { what: 'unknown attribute', body: { type: 'latency', attributes: { latncy: 5 } }, message: 'unknown attribute "latncy" for toxic type latency (known: latency, jitter)' },
    { what: 'attributes on noop', body: { type: 'noop', attributes: { delay: 5 } }, message: 'unknown attribute "delay" for toxic type noop (known: none)' },
    { what: 'attributes not an object', body: { type: 'latency', attributes: [100] }, message: 'field "attributes" must be an object, got an array' },
    { what: 'un-nested attributes (#119)', body: { type: 'latency', latency: 100 }, message: `unknown field "latency" ${FIELDS_HINT}` },
    { what: 'unknown field', body: { type: 'noop', colour: 'red' }, message: `unknown field "colour" ${FIELDS_HINT}` },
    { what: 'toxicity above 1', body: { type: 'noop', toxicity: 1.5 }, message: 'toxicity must be a probability between 0 and 1, got 1.5' },
    { what: 'toxicity below 0', body: { type: 'noop', toxicity: -0.1 }, message: 'toxicity must be a probability between 0 and 1, got -0.1' },
    { what: 'toxicity a string', body: { type: 'noop', toxicity: '0.5' }, message: 'field "toxicity" must be a number, got the string "0.5"' },
    { what: 'name a number', body: { type: 'noop', name: 5 }, message: 'field "name" must be a string, got number 5' },
    { what: 'body an array', body: [{ type: 'noop' }], message: 'expected a JSON object describing a toxic, got an array' },
    { what: 'malformed JSON', body: '{"type": "noop",', message: invalidJson('{"type": "noop",') },
  ])('$what', async ({ body, message }) => {
    const { api, proxy } = await setup();
    const expected = badBody(message);
    expectError(await api.post('/proxies/p/toxics', body), 400, expected);
    expect((await api.get('/proxies/p/toxics')).text).toBe('[]');
    await expectStillServing(api, proxy);
  });
});

describe('proxy create and update: bad input is a 400 and changes nothing', () => {
  it.each([
    { what: 'upstream without a port', body: { name: 'x', upstream: 'nocolon' }, message: 'upstream address nocolon: missing port in address' },
    { what: 'upstream without a host', body: { name: 'x', upstream: ':80' }, message: 'upstream address :80: missing host' },
    { what: 'upstream with a bad port', body: { name: 'x', upstream: 'db:http' }, message: 'upstream address db:http: invalid port' },
    { what: 'unknown field', body: { name: 'x', upstream: 'db:1', colour: 'red' }, message: 'unknown field "colour"; expected one of name, listen, upstream, enabled' },
    { what: 'enabled a string', body: { name: 'x', upstream: 'db:1', enabled: 'yes' }, message: 'field "enabled" must be a boolean, got the string "yes"' },
    { what: 'name with a slash', body: { name: 'a/b', upstream: 'db:1' }, message: 'name "a/b" must not contain "/" (it could never be addressed in a URL)' },
    { what: 'body an array', body: [{ name: 'x', upstream: 'db:1' }], message: 'expected a JSON object describing a proxy, got an array' },
    { what: 'malformed JSON', body: '{bad', message: invalidJson('{bad') },
  ])('create: $what', async ({ body, message }) => {
    const { api, proxy } = await setup();
    const expected = badBody(message);
    expectError(await api.post('/proxies', body), 400, expected);
    expect((await api.get('/proxies')).json()).toEqual({ p: proxy });
    await expectStillServing(api, proxy);
  });

  it.each([
    { what: 'upstream without a port', body: { upstream: 'nocolon' }, message: 'upstream address nocolon: missing port in address' },
    { what: 'empty upstream', body: { upstream: '' }, message: 'upstream must not be empty' },
    { what: 'unknown field', body: { enabled: false, colour: 'red' }, message: 'unknown field "colour"; expected one of listen, upstream, enabled' },
    { what: 'enabled a string', body: { enabled: 'false' }, message: 'field "enabled" must be a boolean, got the string "false"' },
    { what: 'listen a number', body: { listen: 8080 }, message: 'field "listen" must be a string, got number 8080' },
    { what: 'malformed JSON', body: '{"enabled": fals}', message: invalidJson('{"enabled": fals}') },
  ])('update: $what', async ({ body, message }) => {
    const { api, proxy } = await setup();
    expectError(await api.patch('/proxies/p', body), 400, badBody(message));
    expect((await api.get('/proxies/p')).json()).toEqual(proxy);
    await expectStillServing(api, proxy);
  });
});

describe('toxic update: bad input is a 400 and leaves the toxic as it was', () => {
  it.each([
    { what: 'negative attribute', body: { attributes: { latency: -1 } }, message: 'attributes.latency must be at least 0 ms, got -1' },
    { what: 'one valid and one invalid attribute', body: { attributes: { latency: 50, jitter: 'x' } }, message: 'attributes.jitter must be an integer (ms), got the string "x"' },
    { what: 'attribute of another type', body: { attributes: { rate: 5 } }, message: 'unknown attribute "rate" for toxic type latency (known: latency, jitter)' },
    { what: 'toxicity out of range', body: { toxicity: 2, attributes: { latency: 50 } }, message: 'toxicity must be a probability between 0 and 1, got 2' },
    { what: 'un-nested attribute', body: { latency: 50 }, message: 'unknown field "latency" (toxic attributes go inside "attributes"); expected one of toxicity, attributes' },
    { what: 'malformed JSON', body: '{"toxicity":', message: invalidJson('{"toxicity":') },
  ])('$what', async ({ body, message }) => {
    const { api, proxy } = await setup();
    const created = await api.post('/proxies/p/toxics', { name: 'lat', type: 'latency', toxicity: 0.5, attributes: { latency: 10, jitter: 1 } });
    expectJson(created, 200);
    const expected = badBody(message);
    for (const method of ['PATCH', 'POST']) expectError(await api.send(method, '/proxies/p/toxics/lat', { body }), 400, expected);
    expect((await api.get('/proxies/p/toxics/lat')).text).toBe(created.text);
    await expectStillServing(api, proxy);
  });

  it('a bandwidth rate cannot be updated to 0', async () => {
    const { api, proxy } = await setup();
    const created = await api.post('/proxies/p/toxics', { type: 'bandwidth', attributes: { rate: 1000 } });
    expectError(await api.patch('/proxies/p/toxics/bandwidth_downstream', { attributes: { rate: 0 } }), 400, 'bad request body: attributes.rate must be at least 1 KB/s, got 0');
    expect((await api.get('/proxies/p/toxics/bandwidth_downstream')).text).toBe(created.text);
    await expectStillServing(api, proxy);
  });
});

describe('field names match case-insensitively, as Go decodes them', () => {
  it('on proxy create and update, toxic create and update', async () => {
    const { api, upstream } = await setup();
    const proxy = await createProxy(api, { Name: 'ci', Upstream: upstream, LISTEN: '127.0.0.1:0', Enabled: true });
    expect(proxy).toMatchObject({ name: 'ci', upstream, enabled: true });
    loopbackPort(proxy.listen);

    const disabled = await api.patch('/proxies/ci', { ENABLED: false });
    expectJson(disabled, 200);
    expect(disabled.json()).toEqual({ ...proxy, enabled: false });

    const toxic = await api.post('/proxies/ci/toxics', { Type: 'latency', Stream: 'UPSTREAM', Toxicity: 0.25, Attributes: { Latency: 7, JITTER: 2 } });
    expectJson(toxic, 200);
    expect(toxic.json()).toEqual({ attributes: { latency: 7, jitter: 2 }, name: 'latency_UPSTREAM', type: 'latency', stream: 'UPSTREAM', toxicity: 0.25 });

    const updated = await api.patch('/proxies/ci/toxics/latency_UPSTREAM', { Attributes: { Jitter: 3 }, TOXICITY: 1 });
    expectJson(updated, 200);
    expect(updated.json<ToxicJson>()).toEqual({ attributes: { latency: 7, jitter: 3 }, name: 'latency_UPSTREAM', type: 'latency', stream: 'UPSTREAM', toxicity: 1 });
  });
});
