import { ProxyMetricLabels as PL, ProxyMetricNames as PM, SloLabels as SL, SloMetricNames as SM, SloRuleNames as R } from '../core/conventions.js';
import { increase, orZero, sumBy } from '../core/promql.js';
import {
  BUDGET_STEPS,
  BURN_UNIT,
  Builtins,
  burnRateLines,
  disabledProxyAnnotation,
  harnessAlertsAnnotation,
  leaseAnnotations,
  prometheusAlertsAnnotation,
  targetDownAnnotation,
  toxicsAnnotation,
} from './common.js';
import { dashboard } from './build.js';
import type { Dashboard } from './grafana.js';
import type { PanelSpec } from './panels.js';
import { queryVariable } from './templating.js';
import { matchVar, rate, series } from './promql.js';

/**
 * Experiments: what is broken right now and since when (the proxy's fault series and the scrape
 * targets), drawn as annotations over the SLIs the harness's embedded evaluator computes
 * (`faultline_slo_*`) and the budget Prometheus' rules compute, so a trainee sees each fault's
 * region on the same time axis as the burn it caused.
 */

export const EXPERIMENTS_UID = 'faultline-experiments';

const SLO = 'slo';
const WINDOW = 'window';
const PROXY = 'proxy';
const slo = matchVar(SL.id, SLO);
const window = matchVar(SL.window, WINDOW);
const proxy = matchVar(PL.proxy, PROXY);

const SLO_WINDOW_LEGEND = `{{${SL.id}}} {{${SL.window}}}`;

function stat(title: string, description: string, expr: string, warnFrom: number, color = 'orange'): PanelSpec {
  return {
    type: 'stat',
    title,
    description,
    width: 4,
    height: 4,
    targets: [{ expr, instant: true }],
    thresholds: [{ color: 'green' }, { color, value: warnFrom }],
  };
}

function now(): PanelSpec[] {
  return [
    stat('Toxics active', `Toxics configured on the selected proxies (${PM.activeToxics}).`, orZero(`sum(${series(PM.activeToxics, proxy)})`), 1),
    stat('Proxies disabled', `Proxies disabled by an outage fault (${PM.proxyEnabled} = 0).`, orZero(`count(${series(PM.proxyEnabled, proxy)} == 0)`), 1, 'red'),
    stat('Leased faults', `Faults guarded by a lease the runner renews (${PM.leasesActive}).`, orZero(`sum(${PM.leasesActive})`), 1, 'purple'),
    stat('Leases expired', `Leases that lapsed in the time range, each fault reverted by the proxy (${PM.leasesExpired}): a runner died or hung mid-experiment.`, orZero(`sum(${increase(PM.leasesExpired, '$__range')})`), 1, 'red'),
    stat('Targets down', `Scrape targets Prometheus cannot reach (${Builtins.up} = 0): killed or paused services, or the proxy or harness not running.`, orZero(`count(${Builtins.up} == 0)`), 1, 'red'),
    stat('SLO alerts (harness)', `Burn-rate alerts the harness's evaluator would fire now (${SM.alertFiring}).`, orZero(`sum(${series(SM.alertFiring, slo)})`), 1, 'red'),
  ];
}

function faults(): PanelSpec[] {
  const perProxy = (name: string) => sumBy([PL.proxy, PL.direction], rate(series(name, proxy)));
  return [
    {
      type: 'state-timeline',
      title: 'Toxics per proxy',
      description: `How many toxics of each type sit on each proxy and stream (${PM.activeToxics}).`,
      width: 12,
      height: 8,
      targets: [{ expr: sumBy([PL.proxy, PL.toxicType, PL.stream], series(PM.activeToxics, proxy)), legend: `{{${PL.proxy}}} {{${PL.toxicType}}} {{${PL.stream}}}` }],
      thresholds: [{ color: 'green' }, { color: 'orange', value: 1 }],
    },
    {
      type: 'state-timeline',
      title: 'Proxy enabled',
      description: `${PM.proxyEnabled}: a disabled proxy refuses its callers' connections (an outage fault).`,
      width: 12,
      height: 8,
      targets: [{ expr: series(PM.proxyEnabled, proxy), legend: `{{${PL.proxy}}}` }],
      mappings: [
        { value: 1, text: 'enabled', color: 'green' },
        { value: 0, text: 'disabled', color: 'red' },
      ],
    },
    {
      type: 'timeseries',
      title: 'Proxy throughput',
      description: `Bytes per second each proxy received from the source of a direction and sent on after its toxics (${PM.receivedBytes}, ${PM.sentBytes}); a gap between them is what the toxics hold back or drop.`,
      width: 8,
      height: 8,
      targets: [
        { expr: perProxy(PM.receivedBytes), legend: `{{${PL.proxy}}} {{${PL.direction}}} received` },
        { expr: perProxy(PM.sentBytes), legend: `{{${PL.proxy}}} {{${PL.direction}}} sent` },
      ],
      unit: 'Bps',
      min: 0,
    },
    {
      type: 'timeseries',
      title: 'Open connections',
      description: `Proxied connections open now (${PM.connectionsActive}); connections that pile up are a slow upstream's signature.`,
      width: 8,
      height: 8,
      targets: [{ expr: series(PM.connectionsActive, proxy), legend: `{{${PL.proxy}}}` }],
      min: 0,
    },
    {
      type: 'timeseries',
      title: 'Connections and upstream errors',
      description: `Connections accepted per second (${PM.connectionsAccepted}) and those closed because the upstream could not be reached (${PM.upstreamConnectErrors}).`,
      width: 8,
      height: 8,
      targets: [
        { expr: sumBy([PL.proxy], rate(series(PM.connectionsAccepted, proxy))), legend: `{{${PL.proxy}}} accepted` },
        { expr: sumBy([PL.proxy], rate(series(PM.upstreamConnectErrors, proxy))), legend: `{{${PL.proxy}}} upstream errors` },
      ],
      unit: 'cps',
      min: 0,
    },
  ];
}

function slis(): PanelSpec[] {
  return [
    {
      type: 'timeseries',
      title: 'SLI error ratio (harness)',
      description: `${SM.sliErrorRatio}: the embedded evaluator's error ratio over each window, read every scrape, without Prometheus. A window without traffic has no sample.`,
      width: 12,
      height: 8,
      targets: [{ expr: series(SM.sliErrorRatio, slo, window), legend: SLO_WINDOW_LEGEND }],
      unit: 'percentunit',
      min: 0,
    },
    {
      type: 'timeseries',
      title: 'Burn rate (harness)',
      description: `${SM.burnRate}: each window's error ratio divided by the budget; dashed lines are the alert factors.`,
      width: 12,
      height: 8,
      targets: [{ expr: series(SM.burnRate, slo, window), legend: SLO_WINDOW_LEGEND }],
      unit: BURN_UNIT,
      min: 0,
      thresholds: burnRateLines(),
    },
    {
      type: 'timeseries',
      title: 'Error budget remaining: harness and Prometheus',
      description: `${SM.budgetRemaining} (the harness's evaluator) beside ${R.periodBudgetRemaining} (the compiled rules). They agree once the history spans the period; before that the harness projects the period's traffic from the rate seen so far.`,
      width: 12,
      height: 8,
      targets: [
        { expr: series(SM.budgetRemaining, slo), legend: `{{${SL.id}}} harness` },
        { expr: series(R.periodBudgetRemaining, slo), legend: `{{${SL.id}}} Prometheus` },
      ],
      unit: 'percentunit',
      thresholds: BUDGET_STEPS,
    },
    {
      type: 'state-timeline',
      title: 'Burn-rate alerts (harness)',
      description: `${SM.alertFiring}: whether the page and ticket alerts would fire, by the harness's own evaluation.`,
      width: 12,
      height: 8,
      targets: [{ expr: series(SM.alertFiring, slo), legend: `{{${SL.id}}} {{${SL.severity}}}` }],
      mappings: [
        { value: 0, text: 'ok', color: 'green' },
        { value: 1, text: 'firing', color: 'red' },
      ],
    },
    {
      type: 'timeseries',
      title: 'Budget consumed (harness)',
      description: `${SM.budgetConsumed}: share of the period's budget spent so far, against ${SM.objective}.`,
      width: 8,
      height: 8,
      targets: [{ expr: series(SM.budgetConsumed, slo), legend: `{{${SL.id}}}` }],
      unit: 'percentunit',
      min: 0,
      thresholds: [{ color: 'green' }, { color: 'red', value: 1 }],
    },
    {
      type: 'timeseries',
      title: 'Events per window (harness)',
      description: `${SM.windowEvents}: events the SLI counted over each window. At a few events a window, one failure burns many budgets (the low-traffic guardrail).`,
      width: 8,
      height: 8,
      targets: [{ expr: series(SM.windowEvents, slo, window), legend: SLO_WINDOW_LEGEND }],
      min: 0,
    },
    {
      type: 'timeseries',
      title: 'Evaluator scrapes',
      description: `Scrapes of the services by the harness's evaluator per second (${SM.scrapes}), by outcome: failed scrapes leave gaps in the SLIs above.`,
      width: 8,
      height: 8,
      targets: [{ expr: sumBy(['outcome'], rate(SM.scrapes)), legend: '{{outcome}}' }],
      unit: 'short',
      min: 0,
    },
  ];
}

export function experimentsDashboard(): Dashboard {
  return dashboard({
    uid: EXPERIMENTS_UID,
    title: 'Faultline / Experiments',
    description: 'Faults injected (proxy toxics, disabled proxies, leases, targets down) drawn as annotations over the SLIs, burn rates and budgets of the harness and of Prometheus.',
    tags: ['experiments', 'chaos'],
    from: 'now-30m',
    variables: [
      queryVariable({ name: SLO, label: 'SLO', description: `SLO ids the harness evaluates (${SM.objective}).`, query: `label_values(${SM.objective}, ${SL.id})` }),
      queryVariable({ name: WINDOW, label: 'Window', description: 'Windows of the harness SLIs (alert windows and the period, compressed with the time scale).', query: `label_values(${SM.sliErrorRatio}, ${SL.window})`, sort: 0 }),
      queryVariable({ name: PROXY, label: 'Proxy', description: 'Proxies of the fault proxy (or Toxiproxy).', query: `label_values(${PM.proxyEnabled}, ${PL.proxy})` }),
    ],
    annotations: [
      toxicsAnnotation(PROXY),
      disabledProxyAnnotation(PROXY),
      ...leaseAnnotations(),
      targetDownAnnotation(),
      harnessAlertsAnnotation(SLO),
      prometheusAlertsAnnotation(SLO),
    ],
    sections: [
      { row: { title: 'Faults now' }, panels: now() },
      { row: { title: 'Faults over time' }, panels: faults() },
      { row: { title: 'SLIs under the faults' }, panels: slis() },
    ],
  });
}
