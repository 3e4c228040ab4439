import { HttpMetricLabels as L, HttpMetricNames as M, SERVER_ERROR_STATUS_PATTERN } from '../core/conventions.js';
import { eq, LE, ne, oneOf, re, selector, sumRate as sumRateOver } from '../core/promql.js';
import type { RequestFilter, Slo } from './model.js';

/**
 * The PromQL of each SLI kind, as Sloth's events SLI: an error query and a total query, both with
 * `{{.window}}` where the range goes. Metric and label names come from src/core/conventions.ts, the
 * same constants the services record with, so a rename cannot silently break the rules; the PromQL
 * is assembled (and label values quoted) by src/core/promql.ts.
 */
export interface SliQueries {
  errorQuery: string;
  totalQuery: string;
}

/** Sloth's check for the template variable (`{{ *\.window *}}`, reference §2.1). */
export const WINDOW_TEMPLATE = /\{\{ *\.window *\}\}/g;

export function sliQueries(slo: Slo): SliQueries {
  const { sli } = slo;
  switch (sli.kind) {
    case 'availability': {
      const matchers = requestMatchers(slo.service, sli.filter);
      return {
        errorQuery: sumRate(`${M.serverDuration}_count`, [...matchers, re(L.statusCode, SERVER_ERROR_STATUS_PATTERN)]),
        totalQuery: sumRate(`${M.serverDuration}_count`, matchers),
      };
    }
    case 'latency': {
      // Bad = total − fast (Sloth's k8s-apiserver latency example, reference §2.6): a ratio of
      // events, which a quantile estimate could never give (reference §7).
      const matchers = requestMatchers(slo.service, sli.filter);
      return {
        errorQuery: `${sumRate(`${M.serverDuration}_count`, matchers)} - ${sumRate(`${M.serverDuration}_bucket`, [...matchers, leMatcher(sli.thresholdSeconds)])}`,
        totalQuery: sumRate(`${M.serverDuration}_count`, matchers),
      };
    }
    case 'clientAvailability': {
      // Every call is observed once with its final outcome (after retries): a timeout, an open
      // circuit or a full bulkhead is as bad for the caller as an error answer.
      const matchers = [eq(L.service, slo.service), eq(L.peer, sli.peer)];
      return {
        errorQuery: sumRate(`${M.clientDuration}_count`, [...matchers, ne(L.outcome, 'success')]),
        totalQuery: sumRate(`${M.clientDuration}_count`, matchers),
      };
    }
    case 'custom':
      return { errorQuery: sli.errorQuery.trim(), totalQuery: sli.totalQuery.trim() };
  }
}

/** Put a Prometheus duration (e.g. `5m`) where the template says `{{.window}}`. */
export function withWindow(template: string, window: string): string {
  return template.replace(WINDOW_TEMPLATE, window);
}

function requestMatchers(service: string, filter: RequestFilter): string[] {
  const matchers = [eq(L.service, service)];
  if (filter.method) matchers.push(eq(L.method, filter.method));
  if (filter.routes.length === 1) matchers.push(eq(L.route, filter.routes[0] as string));
  // Prometheus anchors regex matchers, so an alternation of escaped routes matches exactly those routes.
  if (filter.routes.length > 1) matchers.push(oneOf(L.route, filter.routes));
  return matchers;
}

/**
 * prom-client writes `le="1"`, Prometheus 3 normalises classic buckets to `le="1.0"` (reference §7,
 * as Pyrra does by default): match both for whole-second thresholds so an upgrade cannot empty the SLI.
 */
function leMatcher(seconds: number): string {
  return Number.isInteger(seconds) ? re(LE, `${seconds}(\\.0)?`) : eq(LE, String(seconds));
}

/** `sum(rate(metric{…}[{{.window}}]))`: Sloth fills in the window. */
function sumRate(metric: string, matchers: readonly string[]): string {
  return sumRateOver(selector(metric, matchers), '{{.window}}');
}
