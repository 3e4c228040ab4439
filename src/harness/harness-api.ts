import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { HARNESS_WEBHOOK_PATH } from '../core/conventions.js';
import type { SloEvaluator } from '../slo/evaluator/evaluator.js';
import type { AlertLog } from './alert-log.js';
import { sloStatusJson } from './slo-json.js';

/** Longest a `GET /alerts?wait=` may hold a request open. */
const MAX_ALERT_WAIT_MS = 30_000;

/**
 * The harness's own routes on its API server (beside the supervisor's process faults):
 * `GET /metrics` for Prometheus (faultline_slo_* and the process metrics), `GET /slo` and
 * `GET /slo/:id` for live budgets (`faultline slo budget`, dashboards, the runner over HTTP), and
 * Alertmanager's webhook (`POST /alerts/webhook`) with the alert timeline it builds (`GET /alerts`).
 */
export function registerHarnessRoutes(app: FastifyInstance, options: { registry: Registry; evaluator: SloEvaluator; alerts: AlertLog; now: () => number }): void {
  const { registry, evaluator, alerts, now } = options;

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

  app.post(HARNESS_WEBHOOK_PATH, async (request, reply) => {
    try {
      return { recorded: alerts.receive(request.body) };
    } catch (error) {
      if (error instanceof TypeError) return reply.code(400).send({ error: error.message });
      throw error;
    }
  });

  app.get<{ Querystring: { since?: string; limit?: string; wait?: string } }>('/alerts', async (request) => {
    const since = Number(request.query.since ?? 0) || 0;
    await alerts.events.wait(since, Math.min(Number(request.query.wait ?? 0) || 0, MAX_ALERT_WAIT_MS));
    return alerts.since(since, Number(request.query.limit ?? 1000) || 1000);
  });
}
