import { HttpMetricLabels as L, HttpMetricNames as M, SERVER_ERROR_STATUS_PATTERN } from '../../core/conventions.js';
import type { MetricSample } from '../../core/prometheus-text.js';
import type { RequestFilter, Slo } from '../model.js';

/**
 * Cumulative SLI counts read from one scrape of a service's /metrics: the embedded evaluator's
 * equivalent of the error and total queries of src/slo/sli-queries.ts, without Prometheus.
 * Pure: samples in, numbers out.
 */

/** Cumulative event counters since the process started (they go down only when it restarts). */
export interface SliCounts {
  errors: number;
  total: number;
}

export type CountsResult = { evaluable: true; counts: SliCounts } | { evaluable: false; reason: string };

const SERVER_ERROR = new RegExp(`^(?:${SERVER_ERROR_STATUS_PATTERN})$`);

/**
 * The SLO's (errors, total) in one scrape. The selection mirrors the PromQL rules exactly (no
 * exclusion of harness routes such as /metrics: a filter without routes means all of them, as in
 * the rules), so the evaluator and Prometheus agree on the same data.
 */
export function sliCounts(slo: Slo, samples: readonly MetricSample[]): CountsResult {
  const { sli } = slo;
  switch (sli.kind) {
    case 'availability': {
      const keep = requestMatcher(slo.service, sli.filter);
      const count = `${M.serverDuration}_count`;
      return evaluable(
        sum(samples, (s) => s.name === count && keep(s.labels) && SERVER_ERROR.test(s.labels[L.statusCode] ?? '')),
        sum(samples, (s) => s.name === count && keep(s.labels)),
      );
    }
    case 'latency': {
      // Bad = total − answered within the threshold (Sloth's latency SLI, reference §2.6). `le` is
      // compared as a number, so prom-client's "1" and Prometheus 3's "1.0" both match.
      const keep = requestMatcher(slo.service, sli.filter);
      const total = sum(samples, (s) => s.name === `${M.serverDuration}_count` && keep(s.labels));
      const fast = sum(samples, (s) => s.name === `${M.serverDuration}_bucket` && keep(s.labels) && s.labels.le !== undefined && Number(s.labels.le) === sli.thresholdSeconds);
      return evaluable(Math.max(0, total - fast), total);
    }
    case 'clientAvailability': {
      const count = `${M.clientDuration}_count`;
      const keep = (s: MetricSample) => s.name === count && s.labels[L.service] === slo.service && s.labels[L.peer] === sli.peer;
      return evaluable(
        sum(samples, (s) => keep(s) && s.labels[L.outcome] !== 'success'),
        sum(samples, keep),
      );
    }
    case 'custom':
      return { evaluable: false, reason: `SLO ${slo.id} has a custom PromQL SLI, which only Prometheus can evaluate` };
  }
}

function evaluable(errors: number, total: number): CountsResult {
  return { evaluable: true, counts: { errors, total } };
}

function requestMatcher(service: string, filter: RequestFilter): (labels: Record<string, string>) => boolean {
  const routes = new Set(filter.routes);
  return (labels) =>
    labels[L.service] === service && (filter.method === undefined || labels[L.method] === filter.method) && (routes.size === 0 || routes.has(labels[L.route] ?? ''));
}

function sum(samples: readonly MetricSample[], keep: (sample: MetricSample) => boolean): number {
  let total = 0;
  for (const sample of samples) if (keep(sample) && Number.isFinite(sample.value)) total += sample.value;
  return total;
}
