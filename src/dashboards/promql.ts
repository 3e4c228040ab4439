/**
 * Tiny PromQL builders for the dashboards, so every expression is assembled from the names in
 * src/core/conventions.ts rather than typed out. They only join strings; the dashboards' tests parse
 * every result with Prometheus' own grammar and check every series it names.
 */

/** Grafana's rate window: at least four scrape intervals (the data source's `timeInterval`). */
export const RATE_INTERVAL = '$__rate_interval';

/** `label=~"$variable"`: a multi-value variable expands to a regex alternation. */
export function matchVar(label: string, variable: string): string {
  return `${label}=~"$${variable}"`;
}

export function eq(label: string, value: string): string {
  return `${label}="${value}"`;
}

export function re(label: string, pattern: string): string {
  return `${label}=~"${pattern}"`;
}

export function ne(label: string, value: string): string {
  return `${label}!="${value}"`;
}

/** `name{a, b}`, or `name` alone without matchers. */
export function series(name: string, ...matchers: string[]): string {
  return matchers.length > 0 ? `${name}{${matchers.join(', ')}}` : name;
}

/** Every series whose name matches the regex (e.g. each window's `slo:sli_error:ratio_rate<W>`). */
export function seriesMatching(namePattern: string, ...matchers: string[]): string {
  return `{${[re('__name__', namePattern), ...matchers].join(', ')}}`;
}

export function rate(selector: string, window = RATE_INTERVAL): string {
  return `rate(${selector}[${window}])`;
}

export function increase(selector: string, window: string): string {
  return `increase(${selector}[${window}])`;
}

export function sumBy(labels: readonly string[], expr: string): string {
  return labels.length > 0 ? `sum by (${labels.join(', ')}) (${expr})` : `sum(${expr})`;
}

export function maxBy(labels: readonly string[], expr: string): string {
  return `max by (${labels.join(', ')}) (${expr})`;
}

export function quantile(q: number, bucketRates: string): string {
  return `histogram_quantile(${q}, ${bucketRates})`;
}

/** `expr or vector(0)`: a stat shows 0 instead of "No data" when nothing matches. */
export function orZero(expr: string): string {
  return `${expr} or vector(0)`;
}

