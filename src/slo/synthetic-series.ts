import { ClientOutcomes, HttpMetricLabels as L, HttpMetricNames as M } from '../core/conventions.js';
import { eq, selector as coreSelector } from '../core/promql.js';
import type { RequestFilter, Slo } from './model.js';

/**
 * Synthetic counter series that feed an SLO's SLI queries (src/slo/sli-queries.ts) in a promtool
 * unit test: the same metric and label names the services record, so the test exercises the real
 * selectors. Pure: traffic phases in, promtool `input_series` out.
 */

/** One stretch of constant traffic: `steps` samples, each adding `total` requests of which `errors` are bad. */
export interface TrafficPhase {
  steps: number;
  total: number;
  errors: number;
}

export interface InputSeries {
  series: string;
  values: string;
}

/**
 * The input series of an SLO for the given traffic, or undefined for a custom SLI (its queries are
 * arbitrary PromQL, so no series can be derived from them).
 */
export function syntheticSeries(slo: Slo, phases: readonly TrafficPhase[]): InputSeries[] | undefined {
  const good = counterValues(phases.map((p) => ({ steps: p.steps, increment: p.total - p.errors })));
  const bad = counterValues(phases.map((p) => ({ steps: p.steps, increment: p.errors })));
  const all = counterValues(phases.map((p) => ({ steps: p.steps, increment: p.total })));
  const { sli } = slo;
  switch (sli.kind) {
    case 'availability': {
      // A 200 and a 500 series: the error query matches status_code=~"5..", the total query both.
      const base = requestLabels(slo.service, sli.filter);
      return [
        { series: selector(`${M.serverDuration}_count`, { ...base, [L.statusCode]: '200' }), values: good },
        { series: selector(`${M.serverDuration}_count`, { ...base, [L.statusCode]: '500' }), values: bad },
      ];
    }
    case 'latency': {
      // Bad = count − bucket{le=threshold}: every request is counted, the fast ones also fall in the bucket.
      // prom-client writes whole-second boundaries as `le="1"`, which the rules' `le=~"1(\.0)?"` accepts.
      const base = { ...requestLabels(slo.service, sli.filter), [L.statusCode]: '200' };
      return [
        { series: selector(`${M.serverDuration}_count`, base), values: all },
        { series: selector(`${M.serverDuration}_bucket`, { ...base, le: String(sli.thresholdSeconds) }), values: good },
      ];
    }
    case 'clientAvailability': {
      const base = { [L.service]: slo.service, [L.peer]: sli.peer };
      const [success, failure] = [ClientOutcomes[0], ClientOutcomes[1]];
      return [
        { series: selector(`${M.clientDuration}_count`, { ...base, [L.outcome]: success }), values: good },
        { series: selector(`${M.clientDuration}_count`, { ...base, [L.outcome]: failure }), values: bad },
      ];
    }
    case 'custom':
      return undefined;
  }
}

/**
 * promtool's expanding notation for a counter that starts at 0 and grows by a constant increment in
 * each phase: `0+bxn` gives n + 1 samples (0, b, … n·b), so a later phase starts one step after
 * the previous one's last sample, at its value plus the new increment.
 */
export function counterValues(phases: ReadonlyArray<{ steps: number; increment: number }>): string {
  const parts: string[] = [];
  let value = 0;
  phases.forEach((phase, index) => {
    if (phase.steps < 1) return;
    if (index === 0) {
      parts.push(`0+${num(phase.increment)}x${phase.steps - 1}`);
      value = phase.increment * (phase.steps - 1);
    } else {
      value += phase.increment;
      parts.push(`${num(value)}+${num(phase.increment)}x${phase.steps - 1}`);
      value += phase.increment * (phase.steps - 1);
    }
  });
  return parts.join(' ');
}

/** Labels a request to one of the filtered routes carries (the first route when there are several). */
function requestLabels(service: string, filter: RequestFilter): Record<string, string> {
  return {
    [L.service]: service,
    ...(filter.method ? { [L.method]: filter.method } : {}),
    ...(filter.routes[0] !== undefined ? { [L.route]: filter.routes[0] } : {}),
  };
}

function selector(metric: string, labels: Record<string, string>): string {
  return coreSelector(metric, Object.entries(labels).map(([k, v]) => eq(k, v)));
}

/** Twelve significant digits: enough for any per-step count, and no float noise such as 0.30000000000000004. */
function num(value: number): string {
  return String(Number(value.toPrecision(12)));
}
