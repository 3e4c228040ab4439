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

type Keep = (sample: MetricSample) => boolean;

/**
 * Which series an SLI reads, as its PromQL does: errors = Σ sign × series of each error term
 * (a latency SLI's errors are all requests minus the fast ones), total = the total term. The
 * selection mirrors the rules exactly (no exclusion of harness routes such as /metrics: a filter
 * without routes means all of them), so the evaluator and Prometheus read the same data.
 */
export interface SliSelection {
  errorTerms: ReadonlyArray<{ sign: 1 | -1; keep: Keep }>;
  total: Keep;
}

export function sliSelection(slo: Slo): SliSelection | undefined {
  const { sli } = slo;
  switch (sli.kind) {
    case 'availability': {
      const count = requestSeries(`${M.serverDuration}_count`, slo.service, sli.filter);
      return { errorTerms: [{ sign: 1, keep: (s) => count(s) && SERVER_ERROR.test(s.labels[L.statusCode] ?? '') }], total: count };
    }
    case 'latency': {
      // Bad = total − answered within the threshold (Sloth's latency SLI, reference §2.6). `le` is
      // compared as a number, so prom-client's "1" and Prometheus 3's "1.0" both match.
      const count = requestSeries(`${M.serverDuration}_count`, slo.service, sli.filter);
      const bucket = requestSeries(`${M.serverDuration}_bucket`, slo.service, sli.filter);
      const fast: Keep = (s) => bucket(s) && s.labels.le !== undefined && Number(s.labels.le) === sli.thresholdSeconds;
      return { errorTerms: [{ sign: 1, keep: count }, { sign: -1, keep: fast }], total: count };
    }
    case 'clientAvailability': {
      const name = `${M.clientDuration}_count`;
      const count: Keep = (s) => s.name === name && s.labels[L.service] === slo.service && s.labels[L.peer] === sli.peer;
      return { errorTerms: [{ sign: 1, keep: (s) => count(s) && s.labels[L.outcome] !== 'success' }], total: count };
    }
    case 'custom':
      return undefined;
  }
}

/** The SLO's cumulative (errors, total) in one scrape. */
export function sliCounts(slo: Slo, samples: readonly MetricSample[]): CountsResult {
  const selection = sliSelection(slo);
  if (!selection) return { evaluable: false, reason: `SLO ${slo.id} has a custom PromQL SLI, which only Prometheus can evaluate` };
  const errors = selection.errorTerms.reduce((total, term) => total + term.sign * sum(samples, term.keep), 0);
  return { evaluable: true, counts: { errors: Math.max(0, errors), total: sum(samples, selection.total) } };
}

/** The same selection series by series (key: name and labels), for rate()-exact windows (series-window.ts). */
export function seriesValues(samples: readonly MetricSample[], keep: Keep): Map<string, number> {
  const values = new Map<string, number>();
  for (const sample of samples) {
    if (keep(sample) && Number.isFinite(sample.value)) values.set(seriesKey(sample), sample.value);
  }
  return values;
}

function seriesKey(sample: MetricSample): string {
  return `${sample.name}{${Object.keys(sample.labels)
    .sort()
    .map((name) => `${name}=${JSON.stringify(sample.labels[name])}`)
    .join(',')}}`;
}

function requestSeries(name: string, service: string, filter: RequestFilter): Keep {
  const matches = requestMatcher(service, filter);
  return (s) => s.name === name && matches(s.labels);
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
