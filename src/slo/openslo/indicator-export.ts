import type { Slo } from '../model.js';
import { sliQueries, withWindow } from '../sli-queries.js';
import { rateSelector, sumOf } from './promql.js';
import type { RatioMetric } from './types.js';

/**
 * A Faultline SLI as an OpenSLO ratioMetric. The queries are derived from the very PromQL the rules
 * use (sli-queries.ts), so they select the same series: `sum(rate(SEL[{{.window}}]))` becomes the
 * counter `sum(SEL)` with `counter: true`, and the OpenSLO consumer takes its increases.
 */

/** The window a custom SLI's arbitrary queries are evaluated over when they cannot become counters (Sloth's shortest alert window). */
export const GAUGE_WINDOW = '5m';

export interface RatioQueries {
  /** true: the queries are monotonic counters; false: gauges (here, per-second rates over GAUGE_WINDOW). */
  counter: boolean;
  numerator: 'bad' | 'good';
  numeratorQuery: string;
  totalQuery: string;
}

export function ratioQueries(slo: Slo): RatioQueries {
  const { errorQuery, totalQuery } = sliQueries(slo);
  switch (slo.sli.kind) {
    case 'latency': {
      // Faultline's bad = total − fast; OpenSLO can say good = fast (the `le` bucket) directly.
      const prefix = `${totalQuery} - `;
      if (!errorQuery.startsWith(prefix)) throw new Error(`latency SLI of ${slo.id}: unexpected error query shape ${errorQuery}`);
      return { counter: true, numerator: 'good', numeratorQuery: counter(errorQuery.slice(prefix.length), slo), totalQuery: counter(totalQuery, slo) };
    }
    case 'custom': {
      const error = rateSelector(errorQuery);
      const total = rateSelector(totalQuery);
      if (error !== undefined && total !== undefined) return { counter: true, numerator: 'bad', numeratorQuery: sumOf(error), totalQuery: sumOf(total) };
      // Arbitrary PromQL has no counter to hand over: give the per-second rates over a fixed window
      // (gauges); their ratio is the error ratio of that window. The annotations keep the originals.
      return { counter: false, numerator: 'bad', numeratorQuery: withWindow(errorQuery, GAUGE_WINDOW), totalQuery: withWindow(totalQuery, GAUGE_WINDOW) };
    }
    default:
      return { counter: true, numerator: 'bad', numeratorQuery: counter(errorQuery, slo), totalQuery: counter(totalQuery, slo) };
  }
}

export function toRatioMetric(queries: RatioQueries): RatioMetric {
  return { counter: queries.counter, [queries.numerator]: prometheus(queries.numeratorQuery), total: prometheus(queries.totalQuery) };
}

function prometheus(query: string) {
  return { metricSource: { type: 'Prometheus', spec: { query } } };
}

function counter(query: string, slo: Slo): string {
  const selector = rateSelector(query);
  if (selector === undefined) throw new Error(`SLI of ${slo.id}: ${query} is not sum(rate(<selector>[{{.window}}]))`);
  return sumOf(selector);
}
