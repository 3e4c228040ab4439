import { HttpMetricNames } from '../core/conventions.js';
import { histogramQuantile, type MetricSample } from '../core/prometheus-text.js';

export interface ServiceWindow {
  service: string;
  requestsPerSecond: number;
  /** Share of requests answered 5xx, 0..1 (NaN when there were none). */
  errorRatio: number;
  /** 99th percentile of request duration in milliseconds (NaN when there were none). */
  p99Ms: number;
}

/** Routes the harness itself calls (scrapes, probes, admin): not the users' traffic. */
const HARNESS_ROUTE = /^\/(metrics|healthz|readyz|admin)/;

/**
 * What one service served between two scrapes of its /metrics: request rate, error ratio and p99,
 * from the deltas of http_server_request_duration_seconds (users' routes only).
 */
export function summariseWindow(service: string, before: readonly MetricSample[], after: readonly MetricSample[], seconds: number): ServiceWindow {
  const delta = (name: string, keep: (labels: Record<string, string>) => boolean) => {
    const totals = new Map<string, number>();
    const add = (samples: readonly MetricSample[], sign: number) => {
      for (const sample of samples) {
        if (sample.name !== name || HARNESS_ROUTE.test(sample.labels.route ?? '') || !keep(sample.labels)) continue;
        const key = sample.labels.le ?? '';
        totals.set(key, (totals.get(key) ?? 0) + sign * sample.value);
      }
    };
    add(after, 1);
    add(before, -1);
    return totals;
  };
  const all = sum(delta(`${HttpMetricNames.serverDuration}_count`, () => true));
  const errors = sum(delta(`${HttpMetricNames.serverDuration}_count`, (labels) => Number(labels.status_code) >= 500));
  const buckets = [...delta(`${HttpMetricNames.serverDuration}_bucket`, () => true)].map(([le, count]) => ({ le: le === '+Inf' ? Infinity : Number(le), count }));
  return {
    service,
    requestsPerSecond: seconds > 0 ? all / seconds : 0,
    errorRatio: all > 0 ? errors / all : Number.NaN,
    p99Ms: histogramQuantile(0.99, buckets) * 1000,
  };
}

function sum(values: Map<string, number>): number {
  let total = 0;
  for (const value of values.values()) total += value;
  return total;
}
