import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { SloEvaluator } from '../slo/evaluator/evaluator.js';
import { sloStatusJson } from './slo-json.js';

/**
 * The harness's own routes on its API server (beside the supervisor's process faults):
 * `GET /metrics` for Prometheus (faultline_slo_* and the process metrics), `GET /slo` and
 * `GET /slo/:id` for live budgets (`faultline slo budget`, dashboards, the runner over HTTP).
 */
export function registerHarnessRoutes(app: FastifyInstance, options: { registry: Registry; evaluator: SloEvaluator; now: () => number }): void {
  const { registry, evaluator, now } = options;

  app.get('/metrics', async (_request, reply) => {
    const text = await registry.metrics();
    return reply.type(registry.contentType).send(text);
  });

  app.get('/slo', async () => ({ at: new Date(now()).toISOString(), slos: evaluator.status(now()).map(sloStatusJson) }));

  app.get<{ Params: { id: string } }>('/slo/:id', async (request, reply) => {
    const known = evaluator.slos().map((s) => s.id);
    if (!known.includes(request.params.id)) return reply.code(404).send({ error: `unknown SLO "${request.params.id}"; known: ${known.join(', ')}` });
    return { at: new Date(now()).toISOString(), ...sloStatusJson(evaluator.statusOf(request.params.id, now())) };
  });
}
