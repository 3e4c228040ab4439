import Fastify, { type FastifyInstance } from 'fastify';
import type { ServiceName } from '../core/service-contract.js';
import type { Supervisor } from './supervisor.js';

type Params = { name: ServiceName };

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

    service.post<{ Params: Params }>('/services/:name/pause', async (request, reply) => {
      const { name } = request.params;
      if (!supervisor.pause(name)) return reply.code(409).send({ error: `${name} is not running (state ${status(name).service?.state})` });
      return status(name);
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

  app.get<{ Querystring: { since?: string; limit?: string; wait?: string } }>('/events', async (request) => {
    const since = Number(request.query.since ?? 0) || 0;
    const limit = Number(request.query.limit ?? 1000) || 1000;
    await supervisor.events.wait(since, Math.min(Number(request.query.wait ?? 0) || 0, MAX_EVENT_WAIT_MS));
    return supervisor.events.since(since, limit);
  });

  return app;
}
