import type { FastifyInstance } from 'fastify';
import { SERVER_ERROR_STATUSES } from '../../src/core/conventions.js';
import type { ServiceName } from '../../src/core/service-contract.js';
import type { ServiceMetrics } from './metrics.js';

/** Operational routes, which no SLO counts: they get no zeroed error series. */
const INTERNAL_ROUTE = /^\/(metrics|healthz|readyz|admin)(\/|$)/;

/** The `route` label of requests no route matched, so scanners cannot mint a series per URL. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Observe every request in http_server_request_duration_seconds, labelled with the route pattern
 * (`/products/:id`, not `/products/p-01`) to keep cardinality bounded, and serve GET /metrics.
 * Hooks are added to the root instance directly (not through a plugin) so they see every route.
 */
export function installInstrumentation(app: FastifyInstance, service: ServiceName, metrics: ServiceMetrics): void {
  // Every API route's server-error series exist from the start, at zero (see SERVER_ERROR_STATUSES).
  app.addHook('onRoute', (route) => {
    if (INTERNAL_ROUTE.test(route.url)) return;
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((method) => method !== 'HEAD');
    for (const method of methods) {
      for (const status of SERVER_ERROR_STATUSES) metrics.serverDuration.zero({ service, method, route: route.url, status_code: status });
    }
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.is404 ? UNMATCHED_ROUTE : (request.routeOptions.url ?? UNMATCHED_ROUTE);
    // reply.elapsedTime is Fastify's own high-resolution measure from the request's arrival.
    metrics.serverDuration.observe({ service, method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  app.get('/metrics', async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));
}
