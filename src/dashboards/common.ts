import { ProxyMetricLabels as PL, ProxyMetricNames as PM, SloLabels as SL, SloMetricNames as SM } from '../core/conventions.js';
import { eq, increase, sumBy } from '../core/promql.js';
import { planWindows } from '../slo/windows.js';
import type { Annotation } from './grafana.js';
import type { Step } from './panels.js';
import { promAnnotation } from './templating.js';
import { matchVar, RATE_INTERVAL, series } from './promql.js';

/** What every dashboard shares: burn-rate thresholds, and the fault and alert annotations. */

/** Labels Prometheus itself adds: `job` and `instance` from the scrape, `alertname`/`alertstate` on ALERTS. */
export const Labels = {
  job: 'job',
  instance: 'instance',
  alertname: 'alertname',
  alertstate: 'alertstate',
} as const;

/** Prometheus' synthetic series (not scraped from anyone). */
export const Builtins = { up: 'up', alerts: 'ALERTS' } as const;

const DAY_MS = 86_400_000;

/**
 * The burn-rate factors of the Workbook's table for a 30-day period (14.4× and 6× page, 3× and 1×
 * ticket; ch. 5, Table 5-8 plus its fourth pair), read from the SLO compiler so the dashboards draw
 * the thresholds the alerts use. Time compression keeps them (docs/SLO.md).
 */
export function burnFactors(): { page: number[]; ticket: number[] } {
  const pairs = planWindows(30 * DAY_MS).pairs;
  const factors = (severity: 'page' | 'ticket') => [...new Set(pairs.filter((p) => p.severity === severity).map((p) => p.factor))].sort((a, b) => a - b);
  return { page: factors('page'), ticket: factors('ticket') };
}

/** Colour steps of a burn rate: green below the slowest ticket, orange from it, red from the slowest page. */
export function burnRateSteps(): Step[] {
  const { page, ticket } = burnFactors();
  return [{ color: 'green' }, { color: 'orange', value: ticket[0] as number }, { color: 'red', value: page[0] as number }];
}

/** Threshold lines at every factor of the table, for time series of burn rates. */
export function burnRateLines(): Step[] {
  const { page, ticket } = burnFactors();
  return [{ color: 'green' }, ...ticket.map((value) => ({ color: 'orange', value })), ...page.map((value) => ({ color: 'red', value }))];
}

/** A budget share: red once overspent, orange under a quarter left. */
export const BUDGET_STEPS: Step[] = [{ color: 'red' }, { color: 'orange', value: 0 }, { color: 'green', value: 0.25 }];

/** Unit of a burn rate (a multiple of the budget's sustainable rate). */
export const BURN_UNIT = 'suffix:×';

/** Toxics on a proxy: a region per proxy, toxic type and stream while the toxic is configured. */
export function toxicsAnnotation(proxyVariable?: string): Annotation {
  const matchers = proxyVariable ? [matchVar(PL.proxy, proxyVariable)] : [];
  return promAnnotation({
    name: 'Faults: toxics',
    expr: `${sumBy([PL.proxy, PL.toxicType, PL.stream], series(PM.activeToxics, ...matchers))} > 0`,
    color: 'orange',
    title: `{{${PL.toxicType}}} on {{${PL.proxy}}}`,
    text: `{{${PL.toxicType}}} toxic on proxy {{${PL.proxy}}} ({{${PL.stream}}})`,
    tagKeys: [PL.proxy, PL.toxicType, PL.stream],
  });
}

/** A disabled proxy (an outage fault): 1 − enabled is positive exactly while it is down. */
export function disabledProxyAnnotation(proxyVariable?: string): Annotation {
  const matchers = proxyVariable ? [matchVar(PL.proxy, proxyVariable)] : [];
  return promAnnotation({
    name: 'Faults: proxy disabled',
    expr: `1 - ${series(PM.proxyEnabled, ...matchers)}`,
    color: 'red',
    title: `{{${PL.proxy}}} disabled`,
    text: `Proxy {{${PL.proxy}}} is disabled: its callers cannot connect`,
    tagKeys: [PL.proxy],
  });
}

/** Faults guarded by a lease (the runner renews it; the proxy reverts the fault if it lapses). */
export function leaseAnnotations(): Annotation[] {
  return [
    promAnnotation({
      name: 'Faults: leased',
      expr: `${PM.leasesActive} > 0`,
      color: 'purple',
      title: 'leased faults',
      text: 'Faults guarded by a lease: the proxy reverts them if their runner stops renewing',
      tagKeys: [],
    }),
    promAnnotation({
      name: 'Faults: lease expired',
      expr: `${increase(PM.leasesExpired, RATE_INTERVAL)} > 0`,
      color: 'dark-purple',
      title: 'lease expired',
      text: 'A lease lapsed and the proxy reverted its fault: the runner that held it stopped renewing',
      tagKeys: [],
    }),
  ];
}

/** A scrape target down: a killed or paused service (process faults), or the proxy or harness gone. */
export function targetDownAnnotation(): Annotation {
  return promAnnotation({
    name: 'Faults: target down',
    expr: `1 - ${Builtins.up}`,
    color: 'dark-red',
    title: `{{${Labels.job}}} down`,
    text: `Prometheus cannot scrape {{${Labels.job}}} ({{${Labels.instance}}}): killed, paused or not started`,
    tagKeys: [Labels.job],
  });
}

/** Burn-rate alerts as Prometheus evaluates them (the compiled rules' ALERTS series). */
export function prometheusAlertsAnnotation(sloVariable: string): Annotation {
  return promAnnotation({
    name: 'SLO alerts (Prometheus)',
    expr: series(Builtins.alerts, eq(Labels.alertstate, 'firing'), matchVar(SL.id, sloVariable)),
    color: 'red',
    title: `{{${Labels.alertname}}} ({{${SL.severity}}})`,
    text: `{{${SL.id}}}: the {{${SL.severity}}} burn-rate alert fires`,
    tagKeys: [SL.id, SL.severity],
  });
}

/** The same alerts as the harness's embedded evaluator judges them, without Prometheus. */
export function harnessAlertsAnnotation(sloVariable: string): Annotation {
  return promAnnotation({
    name: 'SLO alerts (harness)',
    expr: `${series(SM.alertFiring, matchVar(SL.id, sloVariable))} > 0`,
    color: 'yellow',
    title: `{{${SL.id}}} {{${SL.severity}}}`,
    text: `The harness's evaluator would fire the {{${SL.severity}}} alert of {{${SL.id}}}`,
    tagKeys: [SL.id, SL.severity],
  });
}
