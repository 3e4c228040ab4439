/**
 * The contract between the harness and the services of the system under test: how the supervisor
 * tells a service process what to be, and how the service says it is ready. Both sides import this
 * file (services may import only it and conventions.ts from src/), so the JSON that crosses the
 * process boundary has one definition.
 */

/** Environment variable holding a service's ServiceRuntimeConfig as JSON. */
export const SERVICE_CONFIG_ENV = 'FAULTLINE_SERVICE_CONFIG';

export const SERVICE_NAMES = ['gateway', 'catalog', 'orders', 'payments', 'inventory'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Exponential backoff with full jitter, capped, and limited by a retry budget. */
export interface RetryPolicy {
  /** Retries after the first attempt (0 = no retry). */
  attempts: number;
  /** First backoff; each retry doubles it, up to maxBackoffMs, and a uniform draw in [0, backoff) is slept. */
  backoffMs: number;
  maxBackoffMs: number;
  /** Retries allowed as a fraction of recent requests (e.g. 0.2); stops retry storms during an outage. */
  budget: number;
}

export interface CircuitBreakerPolicy {
  /** Open when at least this fraction of calls in the window failed... */
  failureRatio: number;
  /** ...and at least this many calls were made in it. */
  minimumRequests: number;
  windowMs: number;
  /** How long the breaker stays open before letting one trial call through. */
  halfOpenAfterMs: number;
}

export interface BulkheadPolicy {
  /** Concurrent calls allowed. */
  limit: number;
  /** Calls that may wait for a slot; more are rejected at once. */
  queue: number;
}

/** What protects one outbound dependency. A missing field means that pattern is off. */
export interface ResiliencePolicy {
  timeoutMs?: number;
  retries?: RetryPolicy;
  circuitBreaker?: CircuitBreakerPolicy;
  bulkhead?: BulkheadPolicy;
  /** Serve a degraded answer (e.g. stale stock levels) when the call fails. */
  fallback?: boolean;
}

export interface DependencyRuntime {
  /** Base URL the service calls, normally the address of the Faultline proxy that carries it. */
  url: string;
  /** Whether /readyz fails while this dependency is unreachable. */
  required: boolean;
  policy: ResiliencePolicy;
}

export interface ServiceRuntimeConfig {
  name: ServiceName;
  host: string;
  /** 0 picks a free port; the service reports the real one in its ready message. */
  port: number;
  dependencies: Partial<Record<ServiceName, DependencyRuntime>>;
  /** Where a service keeps files (orders' SQLite database); absent means in memory. */
  dataDir?: string;
  /** Seed for the service's random draws (e.g. payment processing times). */
  seed: number;
  logLevel?: string;
}

/** Sent by a service process over IPC (child_process.fork) to its supervisor. */
export type ServiceMessage = { type: 'ready'; service: ServiceName; port: number } | { type: 'failed'; service: ServiceName; message: string };
