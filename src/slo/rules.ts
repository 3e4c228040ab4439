import { SloLabels as SL, SloRuleNames as R } from '../core/conventions.js';
import { eq, selector as coreSelector } from '../core/promql.js';
import type { Labels, Slo, SloSet } from './model.js';
import { sliQueries, withWindow } from './sli-queries.js';
import { alertWindowsMs, planSlice, planWindows, promDuration, type AlertWindow, type WindowPlan } from './windows.js';

/**
 * Compile the SLO model into Prometheus rule groups with Sloth's names, labels and expression shapes
 * (reference §2.3–2.4), so Sloth's dashboards read Faultline's series. Pure and deterministic: the
 * same model and options always give the same groups, in file order.
 */

export interface RecordingRule {
  record: string;
  expr: string;
  labels: Labels;
}

export interface AlertingRule {
  alert: string;
  expr: string;
  labels: Labels;
  annotations: Labels;
}

export type Rule = RecordingRule | AlertingRule;

export interface RuleGroup {
  name: string;
  /** Set in compressed mode: windows of seconds are useless if rules run on Prometheus' default 1m. */
  interval?: string;
  rules: Rule[];
}

export interface SloWarning {
  /** The SLO's id (`<service>-<name>`). */
  slo: string;
  message: string;
}

export interface CompileOptions {
  /** Overrides the file's `timeScale` (the CLI's `--time-scale K`). */
  timeScale?: number;
  /** Scrape and evaluation interval; default 1 s when compressed, 30 s otherwise. */
  scrapeIntervalMs?: number;
  /** Faultline's version for the info series' `sloth_version`; left out when not given (golden files stay stable). */
  version?: string;
}

export interface CompiledRules {
  groups: RuleGroup[];
  warnings: SloWarning[];
}

/** Identifies Faultline's output in `sloth_slo_info{sloth_mode}` (Sloth writes e.g. `cli-gen-prom`). */
const MODE = 'faultline-gen-prom';
const SPEC = 'faultline.dev/v1';

export function compileRules(set: SloSet, options: CompileOptions = {}): CompiledRules {
  const groups: RuleGroup[] = [];
  const warnings: SloWarning[] = [];
  for (const slo of set.slos) {
    const plan = planWindows(slo.periodMs, { timeScale: options.timeScale ?? set.timeScale, ...(options.scrapeIntervalMs !== undefined ? { scrapeIntervalMs: options.scrapeIntervalMs } : {}) });
    for (const message of plan.warnings) warnings.push({ slo: slo.id, message });
    const interval = plan.timeScale > 1 ? { interval: promDuration(plan.scrapeIntervalMs) } : {};
    groups.push(
      { name: `sloth-slo-sli-recordings-${slo.id}`, ...interval, rules: sliRules(slo, plan, (message) => warnings.push({ slo: slo.id, message })) },
      { name: `sloth-slo-meta-recordings-${slo.id}`, ...interval, rules: metaRules(slo, plan, options.version) },
      { name: `sloth-slo-alerts-${slo.id}`, ...interval, rules: alertRules(slo, plan) },
    );
  }
  return { groups, warnings };
}

/** The error budget as a ratio, with Sloth's arithmetic: 99.9 → 0.0009999999999999432 (reference §2.4). */
export function errorBudgetRatio(objective: number): number {
  return (100 - objective) / 100;
}

function identity(slo: Slo): Record<string, string> {
  return { [SL.id]: slo.id, [SL.service]: slo.service, [SL.slo]: slo.name };
}

/** `{sloth_id="…", sloth_service="…", sloth_slo="…"}`, spaced as Sloth writes it. */
function selector(slo: Slo): string {
  return coreSelector('', Object.entries(identity(slo)).map(([k, v]) => eq(k, v)), ', ');
}

function sliRecord(window: string): string {
  return `${R.sliErrorPrefix}${window}`;
}

function sliRules(slo: Slo, plan: WindowPlan, warn: (message: string) => void): RecordingRule[] {
  const { errorQuery, totalQuery } = sliQueries(slo);
  const labels = (window: string) => ({ ...slo.labels, ...identity(slo), [SL.window]: window });
  const ratio = (window: string): RecordingRule => ({
    record: sliRecord(window),
    expr: `(${withWindow(errorQuery, window)})\n/\n(${withWindow(totalQuery, window)})\n`,
    labels: labels(window),
  });
  const windows = alertWindowsMs(plan);
  const period = promDuration(plan.periodMs);
  if (slo.budgeting.method === 'events') {
    // The events period rule is the same ratio over the whole period, not Sloth's "optimized" mean
    // of 5-minute ratios: that mean is a timeslice budget, and one empty 5-minute slot (NaN) poisons
    // it for a whole period (reference §2.3, slok/sloth#231/#531/#657). Faultline's Prometheus holds
    // little data, so the cost of the plain ratio is small.
    return [...windows.map((ms) => ratio(promDuration(ms))), ratio(period)];
  }
  // Timeslices (OpenSLO, reference §4): the period "error ratio" is the share of bad slices. A
  // subquery steps through the period one slice at a time (steps aligned to the slice, so slices do
  // not overlap) and reads the slice's own ratio; `> bool` turns it into 1 (bad) or 0 (good). A slice
  // without traffic compares NaN, which `bool` makes 0: nothing failed in it, so it is good.
  const slice = planSlice(slo.budgeting.sliceMs, plan);
  if (slice.warning) warn(slice.warning);
  const sliceWindow = promDuration(slice.sliceMs);
  const rules = [...new Set([...windows, slice.sliceMs])].sort((a, b) => a - b).map((ms) => ratio(promDuration(ms)));
  const badAbove = round(1 - slo.budgeting.sliceObjective / 100);
  rules.push({
    record: sliRecord(period),
    expr: `avg_over_time((${sliRecord(sliceWindow)}${selector(slo)} > bool ${badAbove})[${period}:${sliceWindow}])\n`,
    labels: labels(period),
  });
  return rules;
}

function metaRules(slo: Slo, plan: WindowPlan, version: string | undefined): RecordingRule[] {
  const labels = { ...slo.labels, ...identity(slo) };
  const sel = selector(slo);
  const objective = slo.objective / 100;
  const shortest = promDuration(Math.min(...plan.pairs.map((pair) => pair.shortMs)));
  const period = promDuration(plan.periodMs);
  const onBudget = `/ on(${SL.id}, ${SL.slo}, ${SL.service}) group_left\n${R.errorBudget}${sel}\n`;
  const info: Record<string, string> = {
    ...labels,
    [SL.mode]: MODE,
    [SL.objective]: String(slo.objective),
    [SL.spec]: SPEC,
    [SL.timeScale]: String(plan.timeScale),
    ...(version ? { [SL.version]: version } : {}),
  };
  return [
    { record: R.objective, expr: `vector(${objective})`, labels },
    { record: R.errorBudget, expr: `vector(1-${objective})`, labels },
    // Days of the (compressed) period: a 30d SLO compressed 720× really has a one-hour budget.
    { record: R.timePeriodDays, expr: `vector(${plan.periodMs / 86_400_000})`, labels },
    { record: R.currentBurnRate, expr: `${sliRecord(shortest)}${sel}\n${onBudget}`, labels },
    { record: R.periodBurnRate, expr: `${sliRecord(period)}${sel}\n${onBudget}`, labels },
    { record: R.periodBudgetRemaining, expr: `1 - ${R.periodBurnRate}${sel}`, labels },
    { record: R.info, expr: 'vector(1)', labels: info },
  ];
}

function alertRules(slo: Slo, plan: WindowPlan): AlertingRule[] {
  return (['page', 'ticket'] as const).map((severity) => {
    const pairs = plan.pairs.filter((pair) => pair.severity === severity);
    const own = severity === 'page' ? slo.alerting.pageLabels : slo.alerting.ticketLabels;
    return {
      alert: slo.alerting.name,
      expr: mwmbExpression(slo, pairs),
      labels: { ...own, [SL.severity]: severity },
      annotations: {
        // Sloth's default title and summary (reference §2.4), then Faultline's maths and runbook.
        title: `(${severity}) {{$labels.${SL.service}}} {{$labels.${SL.slo}}} SLO error budget burn rate is too fast.`,
        summary: `{{$labels.${SL.service}}} {{$labels.${SL.slo}}} SLO error budget burn rate is over expected.`,
        description: describeAlert(slo, plan, pairs),
        ...(slo.alerting.runbook ? { runbook_url: slo.alerting.runbook } : {}),
      },
    };
  });
}

/** Sloth's mwmbAlertTpl: each pair fires when both windows burn faster than factor × budget; pairs are OR-ed. */
function mwmbExpression(slo: Slo, pairs: readonly AlertWindow[]): string {
  const budget = errorBudgetRatio(slo.objective);
  const sel = selector(slo);
  const condition = (ms: number, factor: number) => `    max(${sliRecord(promDuration(ms))}${sel} > (${factor} * ${budget})) without (${SL.window})`;
  const pair = (p: AlertWindow) => `(\n${condition(p.shortMs, p.factor)}\n    and\n${condition(p.longMs, p.factor)}\n)`;
  return `${pairs.map(pair).join('\nor\n')}\n`;
}

function describeAlert(slo: Slo, plan: WindowPlan, pairs: readonly AlertWindow[]): string {
  const budgetPercent = round(100 - slo.objective);
  const scale = plan.timeScale > 1 ? `, time-compressed ${plan.timeScale}× to ${promDuration(plan.periodMs)}` : '';
  const clauses = pairs.map(
    (p) => `above ${round(p.factor)}× the budget over both ${promDuration(p.longMs)} and ${promDuration(p.shortMs)} (${round(p.effectiveBudgetPercent)} % of the budget gone)`,
  );
  const what = slo.description ? `${slo.description.replace(/\.?\s*$/, '')}. ` : '';
  return `${what}Objective ${slo.objective} % over ${promDuration(slo.periodMs)}${scale}; error budget ${budgetPercent} %. The error ratio is ${clauses.join(', or ')}.`;
}

function round(value: number): number {
  return Number(value.toPrecision(4));
}
