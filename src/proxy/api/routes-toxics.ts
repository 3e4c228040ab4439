import type { FastifyInstance, FastifyReply } from 'fastify';
import { badRequestBody } from '../api-errors.js';
import type { ProxyCollection } from '../collection.js';
import { decodeToxic, decodeToxicPatch } from '../requests.js';
import { toxicJson } from '../toxic-state.js';
import { parseBody, sendEmpty, sendJson } from './replies.js';

type ProxyParams = { proxy: string };
type ToxicParams = { proxy: string; toxic: string };

/** `/proxies/{proxy}/toxics` and `/proxies/{proxy}/toxics/{toxic}`. */
export function registerToxicRoutes(app: FastifyInstance, collection: ProxyCollection): void {
  app.get<{ Params: ProxyParams }>('/proxies/:proxy/toxics', async (request, reply) =>
    sendJson(reply, 200, collection.get(request.params.proxy).toxics.map(toxicJson)),
  );

  app.post<{ Params: ProxyParams }>('/proxies/:proxy/toxics', async (request, reply) => {
    collection.get(request.params.proxy);
    const parsed = parseBody(request.body);
    if (!parsed.ok) throw badRequestBody(parsed.message);
    const decoded = decodeToxic(parsed.value);
    if (!decoded.ok) throw badRequestBody(decoded.message);
    const toxic = await collection.addToxic(request.params.proxy, decoded.value);
    // 200, not 201: Toxiproxy's status for a created toxic.
    return sendJson(reply, 200, toxicJson(toxic));
  });

  app.get<{ Params: ToxicParams }>('/proxies/:proxy/toxics/:toxic', async (request, reply) =>
    sendJson(reply, 200, toxicJson(collection.getToxic(request.params.proxy, request.params.toxic))),
  );

  const update = async (request: { params: ToxicParams; body: unknown }, reply: FastifyReply) => {
    collection.getToxic(request.params.proxy, request.params.toxic);
    const parsed = parseBody(request.body);
    if (!parsed.ok) throw badRequestBody(parsed.message);
    const decoded = decodeToxicPatch(parsed.value);
    if (!decoded.ok) throw badRequestBody(decoded.message);
    const toxic = await collection.updateToxic(request.params.proxy, request.params.toxic, decoded.value);
    return sendJson(reply, 200, toxicJson(toxic));
  };
  app.patch<{ Params: ToxicParams }>('/proxies/:proxy/toxics/:toxic', update);
  app.post<{ Params: ToxicParams }>('/proxies/:proxy/toxics/:toxic', update);

  app.delete<{ Params: ToxicParams }>('/proxies/:proxy/toxics/:toxic', async (request, reply) => {
    await collection.removeToxic(request.params.proxy, request.params.toxic);
    return sendEmpty(reply);
  });
}
