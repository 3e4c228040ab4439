import { SloLabels as SL, SloRuleNames as R } from '../core/conventions.js';
import { eq, maxBy, orZero, sumBy } from '../core/promql.js';
import { BUDGET_STEPS, BURN_UNIT, Builtins, burnRateLines, burnRateSteps, disabledProxyAnnotation, Labels, prometheusAlertsAnnotation, toxicsAnnotation } from './common.js';
import { dashboard } from './build.js';
import type { Dashboard } from './grafana.js';
import type { PanelSpec } from './panels.js';
import { queryVariable } from './templating.js';
import { matchVar, series, seriesMatching } from './promql.js';

/**
 * SLO overview: Sloth's two dashboards (14643 "High level Sloth SLOs" and 14348 "SLO / Detail",
 * reference §2.7) in one, read from the compiled rules' Sloth-named series, so they work at any time
 * scale: an SLI series per window whatever the windows are called (`ratio_rate5m` in real time,
 * `ratio_rate5s`-ish in a compressed game day), a row per SLO.
 */

export const SLO_OVERVIEW_UID = 'faultline-slo-overview';

const SLO = 'slo';
const slo = matchVar(SL.id, SLO);

/** Every window's SLI rule: `slo:sli_error:ratio_rate<W>` for each alert window and the period. */
const sliEveryWindow = seriesMatching(`${R.sliErrorPrefix}.+`, slo);
const onSlo = `on(${SL.id}, ${SL.slo}, ${SL.service}) group_left()`;

function summary(): PanelSpec[] {
  return [
    {
      type: 'stat',
      title: 'SLOs',
      description: `SLOs whose rules Prometheus evaluates (one ${R.info} series each).`,
      width: 4,
      height: 8,
      targets: [{ expr: orZero(`count(${series(R.info, slo)})`), instant: true }],
    },
    {
      type: 'stat',
      title: 'Pages firing',
      description: 'SLOs whose page alert fires: a fast burn (14.4× over 1 h and 5 min, or 6× over 6 h and 30 min).',
      width: 4,
      height: 8,
      targets: [{ expr: orZero(`count(${series(Builtins.alerts, eq(Labels.alertstate, 'firing'), eq(SL.severity, 'page'), slo)})`), instant: true }],
      thresholds: [{ color: 'green' }, { color: 'red', value: 1 }],
    },
    {
      type: 'stat',
      title: 'Tickets firing',
      description: 'SLOs whose ticket alert fires: a slow burn that spends the budget within days. Alertmanager holds a ticket back while the same SLO pages.',
      width: 4,
      height: 8,
      targets: [{ expr: orZero(`count(${series(Builtins.alerts, eq(Labels.alertstate, 'firing'), eq(SL.severity, 'ticket'), slo)})`), instant: true }],
      thresholds: [{ color: 'green' }, { color: 'orange', value: 1 }],
    },
    {
      type: 'bargauge',
      title: 'Error budget remaining over the period',
      description: `${R.periodBudgetRemaining}: the share of the period's error budget left, per SLO (negative once overspent).`,
      width: 12,
      height: 8,
      targets: [{ expr: series(R.periodBudgetRemaining, slo), legend: `{{${SL.id}}}`, instant: true }],
      unit: 'percentunit',
      min: -1,
      max: 1,
      thresholds: BUDGET_STEPS,
    },
    {
      type: 'timeseries',
      title: 'Current burn rate of every SLO',
      description: `${R.currentBurnRate}: the shortest window's error ratio divided by the error budget. 1× spends the budget exactly over the period; the dashed lines are the alert thresholds.`,
      width: 24,
      height: 8,
      targets: [{ expr: series(R.currentBurnRate, slo), legend: `{{${SL.id}}}` }],
      unit: BURN_UNIT,
      min: 0,
      thresholds: burnRateLines(),
    },
  ];
}

function perSlo(): PanelSpec[] {
  const stat = (title: string, description: string, expr: string, extra: Partial<PanelSpec> = {}): PanelSpec => ({
    type: 'stat',
    title,
    description,
    width: 4,
    height: 4,
    targets: [{ expr, instant: true }],
    ...extra,
  });
  return [
    stat('Objective', `${R.objective}: the share of good events the SLO promises.`, series(R.objective, slo), { unit: 'percentunit', decimals: 3 }),
    stat('Period', `${R.timePeriodDays}: the period the budget covers, after time compression (a 30-day SLO compressed 720× has a one-hour period).`, series(R.timePeriodDays, slo), { unit: 'd', decimals: 3 }),
    stat('Budget remaining', `${R.periodBudgetRemaining}: share of the period's budget left.`, series(R.periodBudgetRemaining, slo), { unit: 'percentunit', thresholds: BUDGET_STEPS }),
    stat('Current burn rate', `${R.currentBurnRate}: burn over the shortest alert window.`, series(R.currentBurnRate, slo), { unit: BURN_UNIT, decimals: 2, thresholds: burnRateSteps() }),
    stat('Period burn rate', `${R.periodBurnRate}: burn over the whole period; above 1× the SLO is missed.`, series(R.periodBurnRate, slo), { unit: BURN_UNIT, decimals: 2, thresholds: burnRateSteps() }),
    stat('Alerts firing', `Burn-rate alerts of this SLO firing now (${Builtins.alerts}), by severity.`, sumBy([SL.severity], series(Builtins.alerts, eq(Labels.alertstate, 'firing'), slo)), {
      noValue: 'none',
      thresholds: [{ color: 'green' }, { color: 'red', value: 1 }],
    }),
    {
      type: 'timeseries',
      title: 'SLI error ratio per window',
      description: `${R.sliErrorPrefix}<window>: the share of bad events over each alert window and the period. The "error budget" series (1 − objective) is the ratio that spends the budget exactly over the period.`,
      width: 12,
      height: 8,
      targets: [
        { expr: sliEveryWindow, legend: `{{${SL.window}}}` },
        { expr: series(R.errorBudget, slo), legend: 'error budget' },
      ],
      unit: 'percentunit',
      min: 0,
    },
    {
      type: 'timeseries',
      title: 'Burn rate per window',
      description: 'Each window’s error ratio divided by the error budget. A page fires when both windows of a page pair exceed its factor (dashed lines: 14.4×, 6× page; 3×, 1× ticket).',
      width: 12,
      height: 8,
      targets: [{ expr: `${sliEveryWindow} / ${onSlo} ${series(R.errorBudget, slo)}`, legend: `{{${SL.window}}}` }],
      unit: BURN_UNIT,
      min: 0,
      thresholds: burnRateLines(),
    },
    {
      type: 'timeseries',
      title: 'Error budget remaining',
      description: `${R.periodBudgetRemaining} over time: how the period's budget was spent.`,
      width: 12,
      height: 8,
      targets: [{ expr: series(R.periodBudgetRemaining, slo), legend: 'remaining' }],
      unit: 'percentunit',
      thresholds: [{ color: 'green' }, { color: 'red', value: 0 }],
    },
    {
      type: 'state-timeline',
      title: 'Burn-rate alerts',
      description: `When the page and ticket alerts of this SLO fired (${Builtins.alerts}{alertstate="firing"}).`,
      width: 12,
      height: 8,
      targets: [{ expr: maxBy([SL.severity], series(Builtins.alerts, eq(Labels.alertstate, 'firing'), slo)), legend: `{{${SL.severity}}}` }],
      mappings: [{ value: 1, text: 'firing', color: 'red' }],
    },
  ];
}

export function sloOverviewDashboard(): Dashboard {
  return dashboard({
    uid: SLO_OVERVIEW_UID,
    title: 'Faultline / SLO overview',
    description: 'Every SLO from the compiled Sloth-named recording rules: SLI per window, burn rates, budget remaining and burn-rate alerts, with the faults injected drawn over them.',
    tags: ['slo', 'sloth'],
    variables: [
      queryVariable({ name: SLO, label: 'SLO', description: `SLO ids (${SL.id}) from ${R.info}.`, query: `label_values(${R.info}, ${SL.id})` }),
    ],
    annotations: [toxicsAnnotation(), disabledProxyAnnotation(), prometheusAlertsAnnotation(SLO)],
    sections: [
      { row: { title: 'All SLOs' }, panels: summary() },
      { row: { title: `SLO $${SLO}`, repeat: SLO }, panels: perSlo() },
    ],
  });
}
