import { HttpMetricNames, ProxyMetricNames, ResilienceMetricNames, ShopMetricNames, SloMetricNames } from '../core/conventions.js';
import type { RuleGroup } from '../slo/rules.js';

/**
 * The series a dashboard may read: what the services, the proxy and the harness expose (the names
 * in src/core/conventions.ts, histograms as their `_bucket`/`_sum`/`_count` series), what the SLO
 * compiler records, and what Prometheus makes itself. A dashboard naming anything else shows
 * "No data" forever, which is the bug the dashboards' tests catch.
 */

/** Series Prometheus creates: `up` per scrape target, and the alerting rules' state. */
export const PROMETHEUS_BUILTIN_SERIES = ['up', 'ALERTS', 'ALERTS_FOR_STATE'] as const;

/** The series a classic histogram is exposed as. */
export const HISTOGRAM_SUFFIXES = ['_bucket', '_sum', '_count'] as const;

/** Histograms (conventions.ts' HttpMetricNames); every other conventions series is a counter or gauge. */
const HISTOGRAMS: readonly string[] = Object.values(HttpMetricNames);

const PLAIN: readonly string[] = [...Object.values(ProxyMetricNames), ...Object.values(ResilienceMetricNames), ...Object.values(ShopMetricNames), ...Object.values(SloMetricNames)];

/** Record names of compiled rule groups (`slo:sli_error:ratio_rate5m`, `sloth_slo_info`, …). */
export function recordedSeries(groups: readonly RuleGroup[]): string[] {
  const names = new Set<string>();
  for (const group of groups) for (const rule of group.rules) if ('record' in rule) names.add(rule.record);
  return [...names].sort();
}

export function knownSeries(recorded: Iterable<string>): ReadonlySet<string> {
  return new Set([
    ...HISTOGRAMS.flatMap((name) => HISTOGRAM_SUFFIXES.map((suffix) => `${name}${suffix}`)),
    ...PLAIN,
    ...recorded,
    ...PROMETHEUS_BUILTIN_SERIES,
  ]);
}
