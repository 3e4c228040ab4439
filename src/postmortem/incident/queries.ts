import { HttpMetricLabels as H, HttpMetricNames, ProxyMetricLabels as P, ProxyMetricNames, ResilienceMetricNames, SERVER_ERROR_STATUS_PATTERN, SloLabels, SloRuleNames } from '../../core/conventions.js';
import type { Evidence } from './model.js';

/**
 * Metric queries a timeline row can point to: PromQL over the services' series and the SLO
 * compiler's recording rules, with the names defined once in src/core/conventions.ts (Sloth's rule
 * names, so Sloth's dashboards read the same series). `window` is the run's shortest SLO alert
 * window as the rules were compiled for its time scale (e.g. "4s" at ×3600), so the query sees what
 * the alerts saw.
 */
export function query(promql: string, at: string): Evidence {
  return { kind: 'query', promql, at };
}

/** The SLO's error ratio over its short alert window: `slo:sli_error:ratio_rate4s{sloth_id="…"}`. */
export function sloErrorRatio(slo: string, window: string): string {
  return `${SloRuleNames.sliErrorPrefix}${window}{${SloLabels.id}="${slo}"}`;
}

export function sloBudgetRemaining(slo: string): string {
  return `${SloRuleNames.periodBudgetRemaining}{${SloLabels.id}="${slo}"}`;
}

/** Share of a service's answers that were server errors. */
export function serverErrorRatio(service: string, window: string): string {
  const count = `${HttpMetricNames.serverDuration}_count`;
  return `sum(rate(${count}{${H.service}="${service}",${H.statusCode}=~"${SERVER_ERROR_STATUS_PATTERN}"}[${window}])) / sum(rate(${count}{${H.service}="${service}"}[${window}]))`;
}

export function serverP99(service: string, window: string): string {
  return `histogram_quantile(0.99, sum by (le) (rate(${HttpMetricNames.serverDuration}_bucket{${H.service}="${service}"}[${window}])))`;
}

/** What a caller saw of a dependency, by outcome (success, error, timeout, circuit_open, rejected). */
export function clientOutcomes(caller: string, peer: string, window: string): string {
  return `sum by (${H.outcome}) (rate(${HttpMetricNames.clientDuration}_count{${H.service}="${caller}",${H.peer}="${peer}"}[${window}]))`;
}

export function clientRetries(caller: string, peer: string, window: string): string {
  return `sum(rate(${ResilienceMetricNames.retries}{${H.service}="${caller}",${H.peer}="${peer}"}[${window}]))`;
}

export function circuitState(caller: string, peer: string): string {
  return `${ResilienceMetricNames.circuitState}{${H.service}="${caller}",${H.peer}="${peer}"}`;
}

export function proxyEnabled(proxy: string): string {
  return `${ProxyMetricNames.proxyEnabled}{${P.proxy}="${proxy}"}`;
}

export function proxyToxics(proxy: string): string {
  return `${ProxyMetricNames.activeToxics}{${P.proxy}="${proxy}"}`;
}

export function policyChanges(service: string, peer: string | undefined): string {
  return `${ResilienceMetricNames.policyChanges}{${H.service}="${service}"${peer ? `,${H.peer}="${peer}"` : ''}}`;
}
