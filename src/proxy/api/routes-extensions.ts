import type { FastifyInstance } from 'fastify';
import { badRequestBody } from '../api-errors.js';
import type { ProxyCollection } from '../collection.js';
import { decodeLeasePut, decodeLeaseRenewal, leaseJson, type LeaseTarget } from '../leases.js';
import { parseBody, sendEmpty, sendJson } from './replies.js';

/** The Toxiproxy API version this server speaks, reported by GET /version. */
export const TOXIPROXY_API_VERSION = '2.12.0';

/** Longest a `GET /events?wait=` may hold a request open. */
const MAX_EVENT_WAIT_MS = 30_000;

type ProxyParams = { proxy: string };
type ToxicParams = { proxy: string; toxic: string };

/**
 * Faultline's extensions, on paths Toxiproxy does not have (so standard clients never meet them,
 * and a runner can tell a real Toxiproxy by its 404 on `GET /faultline`): fault leases and the
 * audit event log. Documented in docs/TOXICS.md.
 */
export function registerExtensionRoutes(app: FastifyInstance, collection: ProxyCollection, version: string): void {
  app.get('/faultline', async (_request, reply) =>
    sendJson(reply, 200, { name: 'faultline', version, toxiproxy_api: TOXIPROXY_API_VERSION, extensions: ['leases', 'events', 'metrics'] }),
  );

  app.get<{ Querystring: Record<string, string> }>('/events', async (request, reply) => {
    const since = integerParam(request.query.since, 'since', 0);
    const limit = integerParam(request.query.limit, 'limit', 1000);
    const wait = Math.min(integerParam(request.query.wait, 'wait', 0), MAX_EVENT_WAIT_MS);
    await collection.audit.wait(since, wait);
    return sendJson(reply, 200, collection.audit.since(since, Math.max(1, limit)));
  });

  app.get('/leases', async (_request, reply) => sendJson(reply, 200, { leases: collection.leases.list().map(leaseJson) }));

  app.post('/leases/renew', async (request, reply) => {
    const { holder, ttlMs } = decodeLeaseRenewal(objectBody(request.body));
    return sendJson(reply, 200, { leases: collection.leases.renewHolder(holder, ttlMs).map(leaseJson) });
  });

  const leaseRoutes = (url: string, target: (params: ProxyParams & Partial<ToxicParams>) => LeaseTarget) => {
    app.put<{ Params: ProxyParams & Partial<ToxicParams> }>(url, async (request, reply) => {
      const { ttlMs, holder } = decodeLeasePut(objectBody(request.body));
      return sendJson(reply, 200, await collection.setLease(target(request.params), ttlMs, holder));
    });
    app.get<{ Params: ProxyParams & Partial<ToxicParams> }>(url, async (request, reply) => sendJson(reply, 200, collection.getLease(target(request.params))));
    app.delete<{ Params: ProxyParams & Partial<ToxicParams> }>(url, async (request, reply) => {
      await collection.releaseLease(target(request.params));
      return sendEmpty(reply);
    });
  };
  leaseRoutes('/proxies/:proxy/lease', (params) => ({ proxy: params.proxy }));
  leaseRoutes('/proxies/:proxy/toxics/:toxic/lease', (params) => ({ proxy: params.proxy, toxic: params.toxic as string }));
}

function objectBody(raw: unknown): Record<string, unknown> {
  const parsed = parseBody(raw);
  if (!parsed.ok) throw badRequestBody(parsed.message);
  if (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) throw badRequestBody('expected a JSON object');
  return parsed.value as Record<string, unknown>;
}

function integerParam(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value)) throw badRequestBody(`query parameter ${name} must be a non-negative integer, got ${JSON.stringify(value)}`);
  return Number(value);
}
