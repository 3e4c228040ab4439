import { rate as rateOver, re, selector } from '../core/promql.js';

/**
 * What the dashboards add to the PromQL building blocks of src/core/promql.ts: Grafana's rate
 * window, template variables, and selectors spaced as the checked-in dashboards are. Every
 * expression is assembled from the names in src/core/conventions.ts rather than typed out; the
 * dashboards' tests parse every result with Prometheus' own grammar and check every series it names.
 */

/** Grafana's rate window: at least four scrape intervals (the data source's `timeInterval`). */
export const RATE_INTERVAL = '$__rate_interval';

/** Matchers in a dashboard selector are separated by a comma and a space. */
const SEPARATOR = ', ';

/** `label=~"$variable"`: a multi-value variable expands to a regex alternation. */
export function matchVar(label: string, variable: string): string {
  return re(label, `$${variable}`);
}

/** `name{a, b}`, or `name` alone without matchers. */
export function series(name: string, ...matchers: string[]): string {
  return selector(name, matchers, SEPARATOR);
}

/** Every series whose name matches the regex (e.g. each window's `slo:sli_error:ratio_rate<W>`). */
export function seriesMatching(namePattern: string, ...matchers: string[]): string {
  return selector('', [re('__name__', namePattern), ...matchers], SEPARATOR);
}

/** `rate(selector[$__rate_interval])` unless another window is given. */
export function rate(selection: string, window = RATE_INTERVAL): string {
  return rateOver(selection, window);
}
