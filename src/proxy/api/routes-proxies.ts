import type { FastifyInstance, FastifyReply } from 'fastify';
import { badRequestBody, missingField } from '../api-errors.js';
import type { ProxyCollection } from '../collection.js';
import { decodeProxy, decodeProxyPatch, type ProxyInput } from '../requests.js';
import { parseBody, sendEmpty, sendJson } from './replies.js';

type NameParams = { proxy: string };

/** `/proxies`, `/proxies/{proxy}`, `/populate` and `/reset`, as Toxiproxy v2.12.0 serves them. */
export function registerProxyRoutes(app: FastifyInstance, collection: ProxyCollection): void {
  app.get('/proxies', async (_request, reply) => {
    const body: Record<string, unknown> = {};
    for (const proxy of collection.list()) body[proxy.name] = proxy.toJSON();
    return sendJson(reply, 200, body);
  });

  app.post('/proxies', async (request, reply) => {
    const parsed = parseBody(request.body);
    if (!parsed.ok) throw badRequestBody(parsed.message);
    const decoded = decodeProxy(parsed.value);
    if (!decoded.ok) throw 'missing' in decoded ? missingField(decoded.missing) : badRequestBody(decoded.message);
    const proxy = await collection.create(decoded.value);
    return sendJson(reply, 201, proxy.toJSON());
  });

  app.get<{ Params: NameParams }>('/proxies/:proxy', async (request, reply) => sendJson(reply, 200, collection.get(request.params.proxy).toJSON()));

  // POST is Toxiproxy's deprecated spelling of PATCH; toxiproxy-node-client and the Go client still use it.
  const update = async (request: { params: NameParams; body: unknown }, reply: FastifyReply) => {
    collection.get(request.params.proxy);
    const parsed = parseBody(request.body);
    if (!parsed.ok) throw badRequestBody(parsed.message);
    const decoded = decodeProxyPatch(parsed.value);
    if (!decoded.ok) throw badRequestBody(decoded.message);
    const proxy = await collection.update(request.params.proxy, decoded.value);
    return sendJson(reply, 200, proxy.toJSON());
  };
  app.patch<{ Params: NameParams }>('/proxies/:proxy', update);
  app.post<{ Params: NameParams }>('/proxies/:proxy', update);

  app.delete<{ Params: NameParams }>('/proxies/:proxy', async (request, reply) => {
    await collection.remove(request.params.proxy);
    return sendEmpty(reply);
  });

  app.post('/populate', async (request, reply) => {
    const failure = (status: number, error: string, proxies: unknown[] | null) => sendJson(reply, status, { error, status, proxies });
    const parsed = parseBody(request.body);
    if (!parsed.ok) return failure(400, `bad request body: ${parsed.message}`, null);
    if (!Array.isArray(parsed.value)) return failure(400, 'bad request body: expected a JSON array of proxies', null);
    // The whole array is checked before anything changes, so a bad entry creates nothing.
    const inputs: ProxyInput[] = [];
    for (const [index, entry] of parsed.value.entries()) {
      const decoded = decodeProxy(entry);
      if (decoded.ok) inputs.push(decoded.value);
      else if ('missing' in decoded) return failure(400, `missing required field: ${decoded.missing} at proxy ${index + 1}`, null);
      else return failure(400, `bad request body: ${decoded.message} at proxy ${index + 1}`, null);
    }
    const result = await collection.populate(inputs);
    const proxies = result.proxies.map((p) => p.toJSON());
    if (result.error) return failure((result.error as { status?: number }).status ?? 500, result.error.message, proxies);
    // Toxiproxy answers `{"proxies":null}` for an empty array, which makes toxiproxy-node-client 4.1.0 throw.
    return sendJson(reply, 201, { proxies });
  });

  app.post('/reset', async (_request, reply) => {
    await collection.reset();
    return sendEmpty(reply);
  });
}
