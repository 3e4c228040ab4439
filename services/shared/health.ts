import type { FastifyInstance } from 'fastify';
import type { ResilientClient } from './resilient-client.js';

/**
 * Liveness and readiness, kept apart on purpose: /healthz says "this process serves" and stays 200
 * while a dependency is down (restarting us would not fix it); /readyz says "I can do my job now"
 * and turns 503 when a required dependency does not answer its /healthz, naming which and why.
 */
export function installHealthRoutes(app: FastifyInstance, required: readonly ResilientClient[], timeoutMs: number): void {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const results = await Promise.all(required.map(async (client) => [client.peer, await client.checkHealth(timeoutMs)] as const));
    const checks = Object.fromEntries(results.map(([peer, health]) => [peer, health.ok ? 'ok' : health.reason]));
    const ready = results.every(([, health]) => health.ok);
    return reply.code(ready ? 200 : 503).send({ ready, checks });
  });
}
