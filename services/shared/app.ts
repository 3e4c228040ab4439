import Fastify, { type FastifyInstance } from 'fastify';
import type { ServiceName, ServiceRuntimeConfig } from '../../src/core/service-contract.js';
import { installAdminRoutes } from './admin.js';
import { systemClock, type ServiceClock } from './clock.js';
import { installHealthRoutes } from './health.js';
import { installInstrumentation } from './instrumentation.js';
import { loggerOptions } from './logging.js';
import { createServiceMetrics, type ServiceMetrics } from './metrics.js';
import { seededRng, type Rng } from './random.js';
import { problem } from './replies.js';
import { installRequestIdHeader, requestIdFor } from './request-id.js';
import { ResilientClient } from './resilient-client.js';
import { validationOptions } from './validation.js';

/** What every service's buildApp accepts; services add their own fields. */
export interface ServiceAppOptions {
  /** Structured request logs on standard error; default true, tests pass false. */
  logger?: boolean;
  clock?: ServiceClock;
  /** Default: seeded from config.seed, so a run replays. */
  rng?: Rng;
  /** How long /readyz waits for each required dependency's /healthz (default 500 ms). */
  readinessTimeoutMs?: number;
}

/** The common parts a service builds its routes on. */
export interface ServiceKit {
  app: FastifyInstance;
  config: ServiceRuntimeConfig;
  metrics: ServiceMetrics;
  clock: ServiceClock;
  rng: Rng;
  /** The client for a dependency buildServiceApp was told the service needs. */
  client(peer: ServiceName): ResilientClient;
}

/**
 * The Fastify setup every service shares: logging with request ids, validation that names the
 * field, metrics, liveness/readiness, admin policies, and one resilient client per configured
 * dependency (closed with the app). `peers` are the dependencies this service cannot work without
 * calling; a config that lacks one is refused here, at start-up, not at the first request.
 */
export function buildServiceApp(config: ServiceRuntimeConfig, peers: readonly ServiceName[], options: ServiceAppOptions = {}): ServiceKit {
  const missing = peers.filter((peer) => config.dependencies[peer] === undefined);
  if (missing.length > 0) throw new Error(`${config.name} needs dependencies ${missing.join(', ')} in its config`);

  const clock = options.clock ?? systemClock;
  const rng = options.rng ?? seededRng(config.seed);
  const metrics = createServiceMetrics();
  const app = Fastify({ ...loggerOptions(config, options.logger ?? true), ...validationOptions, genReqId: requestIdFor });

  const clients = new Map<ServiceName, ResilientClient>();
  for (const [peer, dependency] of Object.entries(config.dependencies) as [ServiceName, NonNullable<ServiceRuntimeConfig['dependencies'][ServiceName]>][]) {
    clients.set(peer, new ResilientClient({ service: config.name, peer, url: dependency.url, policy: dependency.policy, metrics, clock, rng }));
  }
  // onClose runs after in-flight requests have been answered, so no handler still needs a connection.
  app.addHook('onClose', async () => {
    await Promise.all([...clients.values()].map((client) => client.close()));
  });

  // Internal errors are logged in full but answered without internals; the request id links the two.
  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status < 500) return reply.code(status).send(problem(status, error.message));
    request.log.error({ err: error }, 'request failed');
    return reply.code(status).send(problem(status, `internal error; quote request id ${request.id}`));
  });

  installRequestIdHeader(app);
  installInstrumentation(app, config.name, metrics);
  const required = [...clients.entries()].filter(([peer]) => config.dependencies[peer]?.required).map(([, client]) => client);
  installHealthRoutes(app, required, options.readinessTimeoutMs ?? 500);
  installAdminRoutes(app, config.name, clients, metrics);

  return {
    app,
    config,
    metrics,
    clock,
    rng,
    client(peer) {
      const client = clients.get(peer);
      if (!client) throw new Error(`${config.name} has no client for ${peer}; list it in buildServiceApp's peers`);
      return client;
    },
  };
}
