import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import {
  HttpMetricLabels as L,
  HttpMetricNames,
  LATENCY_BUCKETS_SECONDS,
  ResilienceMetricLabels as RL,
  ResilienceMetricNames as R,
} from '../../src/core/conventions.js';

/**
 * One Prometheus registry per service app (not prom-client's global one), so several apps built in
 * one test process never share series. Names and labels come from src/core/conventions.ts, which the
 * SLO rules and dashboards read too.
 */
export interface ServiceMetrics {
  registry: Registry;
  serverDuration: Histogram<'service' | 'method' | 'route' | 'status_code'>;
  clientDuration: Histogram<'service' | 'peer' | 'outcome'>;
  retries: Counter<'service' | 'peer'>;
  /** 1 for the breaker's current state, 0 for the other two (one series per state). */
  circuitState: Gauge<'service' | 'peer' | 'state'>;
  circuitTransitions: Counter<'service' | 'peer'>;
  bulkheadRejections: Counter<'service' | 'peer'>;
  fallbacks: Counter<'service' | 'peer'>;
  policyChanges: Counter<'service' | 'peer'>;
}

export function createServiceMetrics(): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const peerLabels = [L.service, L.peer] as const;
  const counter = (name: string, help: string) => new Counter({ name, help, labelNames: peerLabels, registers: [registry] });
  return {
    registry,
    serverDuration: new Histogram({
      name: HttpMetricNames.serverDuration,
      help: 'Duration of HTTP requests served, by route pattern and status code.',
      labelNames: [L.service, L.method, L.route, L.statusCode],
      buckets: [...LATENCY_BUCKETS_SECONDS],
      registers: [registry],
    }),
    clientDuration: new Histogram({
      name: HttpMetricNames.clientDuration,
      help: 'Duration of calls to a dependency as the caller saw them (retries, queueing and backoff included), by outcome.',
      labelNames: [L.service, L.peer, L.outcome],
      buckets: [...LATENCY_BUCKETS_SECONDS],
      registers: [registry],
    }),
    retries: counter(R.retries, 'Retries sent to a dependency (allowed by the retry budget).'),
    circuitState: new Gauge({
      name: R.circuitState,
      help: 'Circuit breaker state per dependency: 1 on the current state.',
      labelNames: [L.service, L.peer, RL.circuitState],
      registers: [registry],
    }),
    circuitTransitions: counter(R.circuitTransitions, 'Circuit breaker state changes per dependency.'),
    bulkheadRejections: counter(R.bulkheadRejections, 'Calls refused at once because the bulkhead and its queue were full.'),
    fallbacks: counter(R.fallbacks, 'Degraded answers served because a dependency call failed.'),
    policyChanges: counter(R.policyChanges, 'Resilience policies replaced at run time through PUT /admin/policies/:peer.'),
  };
}
