/**
 * PromQL building blocks shared by everything that writes queries: the SLO compiler's SLIs
 * (src/slo/sli-queries.ts), the Grafana dashboards (src/dashboards/) and the post-mortem's evidence
 * queries (src/postmortem/incident/queries.ts). They only join strings, but every label value goes
 * through `quote`, so a value holding a quote, a backslash or a line break still makes one valid
 * string literal. Metric and label names are the caller's (src/core/conventions.ts); no evaluation,
 * no parsing.
 */

/** The label of a classic histogram's bucket boundary. */
export const LE = 'le';

/**
 * A PromQL double-quoted string literal holding exactly `value`: backslash and double quote
 * escaped, and the line breaks and tab written as `\n`, `\r`, `\t` (a raw newline ends a PromQL
 * string with an error). Prometheus reads it back with Go's unquoting, so the round trip is exact.
 */
export function quote(value: string): string {
  return `"${value.replace(/[\\"\n\r\t]/g, (char) => ESCAPES[char] as string)}"`;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `value` as a regex that matches only itself (RE2 syntax, as Prometheus' `=~` uses). */
export function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export type MatchOperator = '=' | '!=' | '=~' | '!~';

/** `label<op>"value"`, the value quoted. */
export function matcher(label: string, op: MatchOperator, value: string): string {
  return `${label}${op}${quote(value)}`;
}

/** `label="value"`. */
export function eq(label: string, value: string): string {
  return matcher(label, '=', value);
}

/** `label!="value"`. */
export function ne(label: string, value: string): string {
  return matcher(label, '!=', value);
}

/** `label=~"pattern"`: `pattern` is a regex (Prometheus anchors it); only its string quoting is added. */
export function re(label: string, pattern: string): string {
  return matcher(label, '=~', pattern);
}

/** `label!~"pattern"`. */
export function nre(label: string, pattern: string): string {
  return matcher(label, '!~', pattern);
}

/** `label=~"a|b"` matching exactly the given values (each escaped as a regex). */
export function oneOf(label: string, values: readonly string[]): string {
  return re(label, values.map(escapeRegex).join('|'));
}

/**
 * A series selector: `metric{m1,m2}`, the bare `metric` without matchers, or `{m1,m2}` without a
 * metric name. `separator` goes between matchers (the dashboards write `, `, the rules `,`).
 */
export function selector(metric: string, matchers: readonly string[], separator = ','): string {
  return matchers.length > 0 ? `${metric}{${matchers.join(separator)}}` : metric;
}

/** `rate(sel[window])`; the window is any range text (`5m`, `{{.window}}`, `$__rate_interval`). */
export function rate(selection: string, window: string): string {
  return `rate(${selection}[${window}])`;
}

export function increase(selection: string, window: string): string {
  return `increase(${selection}[${window}])`;
}

/** `sum by (a, b) (expr)`, or `sum(expr)` without grouping labels. */
export function sumBy(labels: readonly string[], expr: string): string {
  return labels.length > 0 ? `sum by (${labels.join(', ')}) (${expr})` : `sum(${expr})`;
}

/** `max by (a, b) (expr)`, or `max(expr)` without grouping labels. */
export function maxBy(labels: readonly string[], expr: string): string {
  return labels.length > 0 ? `max by (${labels.join(', ')}) (${expr})` : `max(${expr})`;
}

/** `sum(rate(sel[window]))`, grouped by `by` when given. */
export function sumRate(selection: string, window: string, by: readonly string[] = []): string {
  return sumBy(by, rate(selection, window));
}

/** The share of events `part` selects among `whole`'s: `sum(rate(part[w])) / sum(rate(whole[w]))`, grouped by `by`. */
export function rateRatio(part: string, whole: string, window: string, by: readonly string[] = []): string {
  return `${sumRate(part, window, by)} / ${sumRate(whole, window, by)}`;
}

/** `histogram_quantile(q, expr)`, `expr` being bucket rates summed by `le`. */
export function histogramQuantile(q: number, bucketRates: string): string {
  return `histogram_quantile(${q}, ${bucketRates})`;
}

/** The q-quantile of a classic histogram's `_bucket` series over `window`, per `by` group: `histogram_quantile(q, sum by (…, le) (rate(sel[w])))`. */
export function bucketQuantile(q: number, buckets: string, window: string, by: readonly string[] = []): string {
  return histogramQuantile(q, sumRate(buckets, window, [...by, LE]));
}

/** `expr or vector(0)`: 0 instead of no result when nothing matches. */
export function orZero(expr: string): string {
  return `${expr} or vector(0)`;
}
