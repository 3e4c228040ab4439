import Fastify, { type FastifyInstance } from 'fastify';
import type { ServiceName } from '../core/service-contract.js';
import type { Supervisor } from './supervisor.js';

type Params = { name: string };

/** Longest a `GET /events?wait=` may hold a request open. */
const MAX_EVENT_WAIT_MS = 30_000;

/**
 * The supervisor's admin API: the process faults experiments inject (kill, pause, resume, restart),
 * the big red button (`POST /restore`), and the event trail of every process change.
 */
export function buildSupervisorApi(supervisor: Supervisor): FastifyInstance {
  const app = Fastify({ logger: false, forceCloseConnections: true });

  app.get('/services', async () => ({ services: supervisor.list() }));

  const status = (name: ServiceName) => supervisor.list().find((s) => s.name === name);
  const known = (name: string, reply: { code(n: number): unknown }) => {
    if (supervisor.has(name)) return true;
    reply.code(404);
    return false;
  };

  app.post<{ Params: Params }>('/services/:name/kill', async (request, reply) => {
    if (!known(request.params.name, reply)) return { error: `unknown service "${request.params.name}"` };
    await supervisor.kill(request.params.name as ServiceName);
    return { service: status(request.params.name as ServiceName) };
  });

  app.post<{ Params: Params }>('/services/:name/pause', async (request, reply) => {
    if (!known(request.params.name, reply)) return { error: `unknown service "${request.params.name}"` };
    const name = request.params.name as ServiceName;
    if (!supervisor.pause(name)) return reply.code(409).send({ error: `${name} is not running (state ${status(name)?.state})` });
    return { service: status(name) };
  });

  app.post<{ Params: Params }>('/services/:name/resume', async (request, reply) => {
    if (!known(request.params.name, reply)) return { error: `unknown service "${request.params.name}"` };
    const name = request.params.name as ServiceName;
    if (!supervisor.resume(name)) return reply.code(409).send({ error: `${name} is not paused (state ${status(name)?.state})` });
    return { service: status(name) };
  });

  app.post<{ Params: Params }>('/services/:name/restart', async (request, reply) => {
    if (!known(request.params.name, reply)) return { error: `unknown service "${request.params.name}"` };
    await supervisor.restart(request.params.name as ServiceName);
    return { service: status(request.params.name as ServiceName) };
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
