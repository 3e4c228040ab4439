import { HttpMetricLabels as H, HttpMetricNames, ProxyMetricLabels as P, ProxyMetricNames, ResilienceMetricNames, SERVER_ERROR_STATUS_PATTERN, SloLabels, SloRuleNames } from '../../core/conventions.js';
import { bucketQuantile, eq, rateRatio, re, selector, sumRate } from '../../core/promql.js';
import type { Evidence } from './model.js';

/**
 * Metric queries a timeline row can point to: PromQL over the services' series and the SLO
 * compiler's recording rules, with the names defined once in src/core/conventions.ts (Sloth's rule
 * names, so Sloth's dashboards read the same series), built with src/core/promql.ts (label values
 * quoted) as the dashboards and the SLO rules are. `window` is the run's shortest SLO alert
 * window as the rules were compiled for its time scale (e.g. "4s" at ×3600), so the query sees what
 * the alerts saw.
 */
export function query(promql: string, at: string): Evidence {
  return { kind: 'query', promql, at };
}

/** The SLO's error ratio over its short alert window: `slo:sli_error:ratio_rate4s{sloth_id="…"}`. */
export function sloErrorRatio(slo: string, window: string): string {
  return selector(`${SloRuleNames.sliErrorPrefix}${window}`, [eq(SloLabels.id, slo)]);
}

export function sloBudgetRemaining(slo: string): string {
  return selector(SloRuleNames.periodBudgetRemaining, [eq(SloLabels.id, slo)]);
}

/** Share of a service's answers that were server errors (the Service RED dashboard's error ratio, for one service). */
export function serverErrorRatio(service: string, window: string): string {
  const answers = (...matchers: string[]) => selector(`${HttpMetricNames.serverDuration}_count`, [eq(H.service, service), ...matchers]);
  return rateRatio(answers(re(H.statusCode, SERVER_ERROR_STATUS_PATTERN)), answers(), window);
}

export function serverP99(service: string, window: string): string {
  return bucketQuantile(0.99, selector(`${HttpMetricNames.serverDuration}_bucket`, [eq(H.service, service)]), window);
}

/** What a caller saw of a dependency, by outcome (success, error, timeout, circuit_open, rejected). */
export function clientOutcomes(caller: string, peer: string, window: string): string {
  return sumRate(selector(`${HttpMetricNames.clientDuration}_count`, call(caller, peer)), window, [H.outcome]);
}

export function clientRetries(caller: string, peer: string, window: string): string {
  return sumRate(selector(ResilienceMetricNames.retries, call(caller, peer)), window);
}

export function circuitState(caller: string, peer: string): string {
  return selector(ResilienceMetricNames.circuitState, call(caller, peer));
}

export function proxyEnabled(proxy: string): string {
  return selector(ProxyMetricNames.proxyEnabled, [eq(P.proxy, proxy)]);
}

export function proxyToxics(proxy: string): string {
  return selector(ProxyMetricNames.activeToxics, [eq(P.proxy, proxy)]);
}

export function policyChanges(service: string, peer: string | undefined): string {
  return selector(ResilienceMetricNames.policyChanges, peer ? call(service, peer) : [eq(H.service, service)]);
}

/** The matchers of one caller's calls to one dependency. */
function call(caller: string, peer: string): string[] {
  return [eq(H.service, caller), eq(H.peer, peer)];
}
