import { SloLabels as SL } from '../core/conventions.js';
import { FaultlineError } from '../core/errors.js';
import type { Labels, Slo, SloSet } from './model.js';
import { compileRules, errorBudgetRatio, type AlertingRule, type CompileOptions, type RuleGroup, type SloWarning } from './rules.js';
import { syntheticSeries, type InputSeries } from './synthetic-series.js';
import { defaultScrapeIntervalMs, planWindows, promDuration, type AlertWindow, type Severity, type WindowPlan } from './windows.js';

/**
 * promtool unit tests for compiled SLO rules (`promtool test rules`, Debian's 2.42): for every SLO a
 * synthetic burn that must page at the Workbook's detection time and not one step earlier, and a
 * healthy series that must fire nothing. Pure: the SLO model in, the test document's content out.
 */

export interface PromtoolAlertTest {
  eval_time: string;
  alertname: string;
  exp_alerts: Array<{ exp_labels: Record<string, string>; exp_annotations: Record<string, string> }>;
}

export interface PromtoolTestGroup {
  name: string;
  /** Always set: 2.42 ignores evaluation_interval here and loads every sample at time 0 without it (reference §6.2). */
  interval: string;
  input_series: InputSeries[];
  alert_rule_test: PromtoolAlertTest[];
}

export interface PromtoolTestFile {
  rule_files: string[];
  evaluation_interval: string;
  /** Every group in file order (SLI, meta, alerts per SLO): alerts read this step's SLIs, not the last (reference §6.3 finding 3). */
  group_eval_order: string[];
  tests: PromtoolTestGroup[];
}

export interface BurnScenario {
  /** Share of requests that fail during the burn. */
  errorRatio: number;
  /** Clean traffic before the burn: one step more than the longest page window, so every page window is full. */
  historyMs: number;
  /**
   * Successful requests added in one step at the start, standing in for the clean days the ticket
   * windows (1d, 3d) would hold in production: without them a fresh history makes the 3d/6h ticket
   * fire within minutes (reference §6.3 finding 2), and three real days of 1-minute samples make
   * promtool run for minutes. No page window reaches back to this step.
   */
  backlogRequests: number;
  /** Workbook detection time of the page, after the burn starts (reference §1.2). */
  pageDetectionMs: number;
  /** Last evaluation step before the page fires, and the first one after, both after the burn starts. */
  beforeMs: number;
  afterMs: number;
}

/** Requests per step: 10 000 lets a 0.1 % error ratio be a whole number of failures per step. */
export const REQUESTS_PER_STEP = 10_000;
/** Aim the burn at ten times the fastest page threshold (the Workbook's 15 % example is 10.4× 1.44 %). */
const BURN_OVER_THRESHOLD = 10;
/** Fewest evaluation steps between the burn's start and the page, so "not one step earlier" means something. */
const MIN_DETECTION_STEPS = 3;
/** Healthy traffic burns a tenth of the budget's pace: well under every threshold (the lowest is 1×). */
const HEALTHY_BURN = 0.1;
/** Keep every detection time at least a fifth of a step from an evaluation step, so float rounding cannot move a fire. */
const STEP_MARGIN = 0.2;
/** Real-time rules are tested at Prometheus' default evaluation interval; compressed ones at the scrape interval they were compiled for. */
const REAL_TIME_STEP_MS = 60_000;

export interface PromtoolTestOptions extends CompileOptions {
  /** The rule file as the test file names it (relative to the test file), e.g. `shop.rules.yml`. */
  ruleFile: string;
  /**
   * The rule groups under test, when the caller has compiled them already (compileSloFile): they
   * must be compileRules(set, options)'s. Compiled here when left out.
   */
  groups?: readonly RuleGroup[];
}

export interface PromtoolTests {
  file: PromtoolTestFile;
  /** SLOs without generated tests (custom SLIs), and why. */
  warnings: SloWarning[];
}

export function buildPromtoolTests(set: SloSet, options: PromtoolTestOptions): PromtoolTests {
  const groups = options.groups ?? compileRules(set, options).groups;
  const groupsByName = new Map(groups.map((group) => [group.name, group]));
  const timeScale = options.timeScale ?? set.timeScale;
  const windowOptions = { timeScale, ...(options.scrapeIntervalMs !== undefined ? { scrapeIntervalMs: options.scrapeIntervalMs } : {}) };
  const stepMs = timeScale > 1 ? (options.scrapeIntervalMs ?? defaultScrapeIntervalMs(timeScale)) : REAL_TIME_STEP_MS;
  const warnings: SloWarning[] = [];
  const tests: PromtoolTestGroup[] = [];
  for (const slo of set.slos) {
    const plan = planWindows(slo.periodMs, windowOptions);
    const alerts = groupsByName.get(`sloth-slo-alerts-${slo.id}`)?.rules.filter((r): r is AlertingRule => 'alert' in r) ?? [];
    const scenario = planBurn(slo, plan, stepMs);
    const burn = syntheticSeries(slo, [
      { steps: 1, total: 0, errors: 0 },
      { steps: 1, total: scenario.backlogRequests, errors: 0 },
      { steps: scenario.historyMs / stepMs - 1, total: REQUESTS_PER_STEP, errors: 0 },
      { steps: scenario.afterMs / stepMs, total: REQUESTS_PER_STEP, errors: scenario.errorRatio * REQUESTS_PER_STEP },
    ]);
    if (!burn) {
      warnings.push({ slo: slo.id, message: 'no promtool test generated: a custom SLI is arbitrary PromQL, so Faultline cannot derive input series for it' });
      continue;
    }
    const name = slo.alerting.name;
    const at = (ms: number, firing: readonly Severity[]): PromtoolAlertTest => ({ eval_time: promDuration(ms), alertname: name, exp_alerts: firing.map((s) => expectedAlert(slo, alerts, s)) });
    tests.push({
      name: describeBurn(slo, plan, scenario),
      interval: promDuration(stepMs),
      input_series: burn,
      alert_rule_test: [at(scenario.historyMs, []), at(scenario.historyMs + scenario.beforeMs, []), at(scenario.historyMs + scenario.afterMs, ['page'])],
    });
    const healthyErrors = HEALTHY_BURN * errorBudgetRatio(slo.objective) * REQUESTS_PER_STEP;
    const shortestLong = Math.min(...plan.pairs.map((p) => p.longMs));
    tests.push({
      name: `${slo.id}: ${pct(HEALTHY_BURN * errorBudgetRatio(slo.objective))} errors (burn rate ${HEALTHY_BURN}×) for ${promDuration(scenario.historyMs)} fire nothing`,
      interval: promDuration(stepMs),
      input_series: syntheticSeries(slo, [{ steps: scenario.historyMs / stepMs + 1, total: REQUESTS_PER_STEP, errors: healthyErrors }]) as InputSeries[],
      alert_rule_test: [at(shortestLong, []), at(scenario.historyMs, [])],
    });
  }
  return {
    file: { rule_files: [options.ruleFile], evaluation_interval: promDuration(stepMs), group_eval_order: groups.map((g) => g.name), tests },
    warnings,
  };
}

/**
 * Pick the burn and the evaluation times around the page. With every window full of clean traffic,
 * a burn of error ratio e starting at 0 gives the window W a ratio e·d/W after d, so a pair with
 * factor F fires once d > F × (1 − SLO) × W / e: the Workbook's detection time (reference §1.2,
 * "1 h, 14.4×, 15 % errors → 5.76 min"; 6.3 measured +6 min with promtool). The short window fills
 * first (it is 1/12 of the long one), so the long window decides.
 */
export function planBurn(slo: Slo, plan: WindowPlan, stepMs: number): BurnScenario {
  const budget = errorBudgetRatio(slo.objective);
  const pages = plan.pairs.filter((p) => p.severity === 'page');
  const fastest = Math.max(...pages.map((p) => p.factor));
  const historyMs = Math.ceil(Math.max(...pages.map((p) => p.longMs)) / stepMs) * stepMs + stepMs;
  const longestMs = Math.ceil(Math.max(...plan.pairs.map((p) => p.longMs)) / stepMs) * stepMs;
  const backlogRequests = (Math.max(0, longestMs - historyMs) / stepMs) * REQUESTS_PER_STEP;
  const threshold = fastest * budget * REQUESTS_PER_STEP;
  // Slow enough that the page needs MIN_DETECTION_STEPS steps: a page one step after the burn starts
  // cannot tell a right factor from a wrong one (k = 720 gives a 5 s window at 1 s steps).
  const quickLongMs = Math.min(...pages.map((p) => p.longMs));
  const resolvable = Math.floor((threshold * quickLongMs) / (MIN_DETECTION_STEPS * stepMs));
  // From there downwards, the first whole number of failures per step whose detection times all
  // keep STEP_MARGIN away from an evaluation step.
  for (let errors = Math.min(REQUESTS_PER_STEP, Math.round(BURN_OVER_THRESHOLD * threshold), resolvable); errors > threshold; errors--) {
    const errorRatio = errors / REQUESTS_PER_STEP;
    const detection = (severity: Severity) => Math.min(...plan.pairs.filter((p) => p.severity === severity).map((p) => detectionMs(p, budget, errorRatio)));
    const page = detection('page');
    const ticket = detection('ticket');
    const beforeMs = Math.floor(page / stepMs) * stepMs;
    const afterMs = beforeMs + stepMs;
    const margin = STEP_MARGIN * stepMs;
    // The ticket shares the alert name, so it must stay silent through `afterMs`. Its full-window
    // detection time is a lower bound here: the backlog stays in its windows and dilutes them further.
    if (page - beforeMs < margin || afterMs - page < margin || ticket <= afterMs + margin) continue;
    return { errorRatio, historyMs, backlogRequests, pageDetectionMs: page, beforeMs, afterMs };
  }
  throw new FaultlineError('FAULTLINE_SLO_WINDOWS', `${slo.id}: no burn between ${pct(fastest * budget)} and 100 % errors pages clear of a ${promDuration(stepMs)} evaluation step; use a shorter scrape interval`);
}

/** Workbook: ((1 − SLO) / error ratio) × window × burn rate; never when the burn cannot reach the factor. */
export function detectionMs(pair: AlertWindow, budget: number, errorRatio: number): number {
  if (errorRatio <= pair.factor * budget) return Number.POSITIVE_INFINITY;
  return ((budget / errorRatio) * Math.max(pair.longMs, pair.shortMs) * pair.factor);
}

function expectedAlert(slo: Slo, alerts: readonly AlertingRule[], severity: Severity): PromtoolAlertTest['exp_alerts'][number] {
  const rule = alerts.find((r) => r.labels[SL.severity] === severity);
  if (!rule) throw new Error(`${slo.id}: the compiled rules have no ${severity} alert`);
  // The alert carries the SLI series' labels (`max … without (sloth_window)`) plus the rule's own.
  const labels: Labels = { ...slo.labels, [SL.id]: slo.id, [SL.service]: slo.service, [SL.slo]: slo.name, ...rule.labels };
  // Only `{{$labels.x}}` is expanded, the one template the compiler writes (Sloth's title and summary).
  const expand = (text: string) => text.replace(/\{\{ *\$labels\.([a-zA-Z_][a-zA-Z0-9_]*) *\}\}/g, (_, key: string) => labels[key] ?? '');
  return { exp_labels: sorted(labels), exp_annotations: sorted(Object.fromEntries(Object.entries(rule.annotations).map(([k, v]) => [k, expand(v)]))) };
}

function describeBurn(slo: Slo, plan: WindowPlan, s: BurnScenario): string {
  const budget = errorBudgetRatio(slo.objective);
  const pair = plan.pairs.filter((p) => p.severity === 'page').reduce((a, b) => (detectionMs(a, budget, s.errorRatio) <= detectionMs(b, budget, s.errorRatio) ? a : b));
  const formula = `(1 − ${slo.objective} %) ÷ ${pct(s.errorRatio)} × ${promDuration(pair.longMs)} × ${round(pair.factor)} = ${seconds(s.pageDetectionMs)}`;
  return `${slo.id}: ${pct(s.errorRatio)} errors after ${promDuration(s.historyMs)} of clean traffic page at ${formula}: not at +${promDuration(s.beforeMs)}, firing at +${promDuration(s.afterMs)}`;
}

function sorted(labels: Labels): Record<string, string> {
  return Object.fromEntries(Object.keys(labels).sort().map((key) => [key, labels[key] as string]));
}

function round(value: number): number {
  return Number(value.toPrecision(4));
}

function pct(ratio: number): string {
  return `${round(ratio * 100)} %`;
}

function seconds(ms: number): string {
  return ms >= 60_000 ? `${round(ms / 60_000)} min` : `${round(ms / 1000)} s`;
}
