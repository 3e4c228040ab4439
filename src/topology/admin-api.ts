import Fastify, { type FastifyInstance } from 'fastify';
import { LEASE_HOLDER_RULE, LEASE_TTL_RULE, readLeaseBody } from '../core/leases.js';
import type { ServiceName } from '../core/service-contract.js';
import type { Supervisor } from './supervisor.js';

type Params = { name: ServiceName };

/**
 * A pause lease in a request body, as the proxy's leases take it: `{"ttl_ms": 5000, "holder": "run-…"}`
 * (read by src/core/leases.ts). Both or neither for a pause; a renewal needs the holder and may change the TTL.
 */
function parseLease(body: unknown, renewal: boolean): { holder?: string; ttlMs?: number } | { error: string } {
  if (body === undefined || body === null || body === '') return renewal ? { error: 'missing required field: holder' } : {};
  if (typeof body !== 'object' || Array.isArray(body)) return { error: 'the body must be a JSON object such as {"ttl_ms": 5000, "holder": "run-1"}' };
  const { ttl, holder } = readLeaseBody(body);
  if (holder.kind === 'invalid') return { error: `holder must be ${LEASE_HOLDER_RULE}` };
  if (ttl.kind === 'invalid') return { error: `ttl_ms must be ${LEASE_TTL_RULE}` };
  if (renewal && holder.kind === 'absent') return { error: 'missing required field: holder' };
  if (!renewal && (holder.kind === 'absent') !== (ttl.kind === 'absent')) return { error: 'a pause lease needs both ttl_ms and holder' };
  return { ...(holder.kind === 'valid' ? { holder: holder.value } : {}), ...(ttl.kind === 'valid' ? { ttlMs: ttl.value } : {}) };
}

/** Longest a `GET /events?wait=` may hold a request open. */
const MAX_EVENT_WAIT_MS = 30_000;

/**
 * The supervisor's admin API: the process faults experiments inject (kill, pause, resume, restart),
 * the big red button (`POST /restore`), and the event trail of every process change.
 */
export function buildSupervisorApi(supervisor: Supervisor): FastifyInstance {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  const status = (name: ServiceName) => ({ service: supervisor.list().find((s) => s.name === name) });

  app.get('/services', async () => ({ services: supervisor.list() }));

  app.register(async (service) => {
    // Every /services/:name/... route acts on a service the topology declares.
    service.addHook('preHandler', async (request, reply) => {
      const { name } = request.params as Params;
      if (!supervisor.has(name)) return reply.code(404).send({ error: `unknown service "${name}"; known: ${supervisor.list().map((s) => s.name).join(', ')}` });
    });

    service.post<{ Params: Params }>('/services/:name/kill', async (request) => {
      await supervisor.kill(request.params.name);
      return status(request.params.name);
    });

    service.post<{ Params: Params; Body: unknown }>('/services/:name/pause', async (request, reply) => {
      const { name } = request.params;
      const lease = parseLease(request.body, false);
      if ('error' in lease) return reply.code(400).send({ error: lease.error });
      const holder = lease.holder;
      if (!(await supervisor.pause(name, holder !== undefined && lease.ttlMs !== undefined ? { holder, ttlMs: lease.ttlMs } : undefined))) {
        return reply.code(409).send({ error: `${name} is not running (state ${status(name).service?.state})` });
      }
      return { ...status(name), lease: supervisor.pauseLeases().find((l) => l.service === name) ?? null };
    });

    service.post<{ Params: Params }>('/services/:name/resume', async (request, reply) => {
      const { name } = request.params;
      if (!supervisor.resume(name)) return reply.code(409).send({ error: `${name} is not paused (state ${status(name).service?.state})` });
      return status(name);
    });

    service.post<{ Params: Params }>('/services/:name/restart', async (request) => {
      await supervisor.restart(request.params.name);
      return status(request.params.name);
    });
  });

  app.post('/restore', async () => ({ restored: await supervisor.restoreAll() }));

  app.get('/leases', async () => ({ leases: supervisor.pauseLeases() }));

  app.post<{ Body: unknown }>('/leases/renew', async (request, reply) => {
    const lease = parseLease(request.body, true);
    if ('error' in lease) return reply.code(400).send({ error: lease.error });
    return { leases: supervisor.renewLeases(lease.holder as string, lease.ttlMs) };
  });

  app.get<{ Querystring: { since?: string; limit?: string; wait?: string } }>('/events', async (request) => {
    const since = Number(request.query.since ?? 0) || 0;
    const limit = Number(request.query.limit ?? 1000) || 1000;
    await supervisor.events.wait(since, Math.min(Number(request.query.wait ?? 0) || 0, MAX_EVENT_WAIT_MS));
    return supervisor.events.since(since, limit);
  });

  return app;
}
