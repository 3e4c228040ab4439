import type { Slo, SliKind, SloSet } from './model.js';
import { errorBudgetRatio, type SloWarning } from './rules.js';
import { planWindows, promDuration, type AlertWindow, type Severity, type WindowPlan } from './windows.js';

/**
 * The low-traffic guardrail (reference §1.4, the Workbook's "Low traffic" section): a burn-rate alert
 * divides failures by the events of its window, so when a window holds few events one failure is a
 * huge burn. The Workbook's example is 10 requests an hour: one failure is a 10 % hourly error
 * ratio, 100× the 0.1 % budget of a 99.9 % SLO (the chapter's text says 1,000×, but 10 % ÷ 0.1 % is
 * 100), and it pages at once. Time compression makes this worse: dividing every window by K divides
 * the events each holds by K too, so traffic that is ample in real time can be thin in a game day.
 * Pure: numbers in, numbers and sentences out.
 */

/**
 * The rule: a tier must need at least this many failures to fire. With 2, the alert fires on a
 * single failure only if the Workbook's low-traffic case applies (one failed request is enough to
 * page), which is exactly the case it warns about; a pair can only fire on one failure when
 * 1 ÷ (events in its long window × budget) exceeds its burn factor.
 */
export const DEFAULT_MIN_FAILURES = 2;

export interface TierTraffic extends PairTraffic {
  severity: Severity;
  speed: AlertWindow['speed'];
  /** Burn-rate threshold of the pair. */
  factor: number;
  /** The windows actually used (compressed and clamped, as the rules read them). */
  shortMs: number;
  longMs: number;
  /** Events the windows hold at the expected rate. */
  shortEvents: number;
  longEvents: number;
  /** Events per second at which the pair would need `minFailures` failures. */
  rateNeeded: number;
  /** Largest time scale at which the pair would need `minFailures` failures, from its uncompressed long window; undefined when real time is already enough. */
  maxTimeScale?: number;
}

export interface TrafficReport {
  /** The SLO's id. */
  slo: string;
  /** Events per second this report assumes. */
  expectedRate: number;
  timeScale: number;
  /** The budget period after compression. */
  periodMs: number;
  /** Error budget as a ratio (0.001 for 99.9 %). */
  budget: number;
  /** Failures the whole (compressed) period allows before the budget is gone. */
  budgetEvents: number;
  minFailures: number;
  tiers: TierTraffic[];
  /** One warning, naming every tier that fires on fewer than `minFailures` failures; empty when none does. */
  warnings: SloWarning[];
}

export interface TrafficOptions {
  /** Warn when a tier fires on fewer failures than this (default 2: warn when one failure fires it). */
  minFailures?: number;
}

/** What the expected rate counts, in the words of the SLI. */
export function eventNoun(kind: SliKind): string {
  switch (kind) {
    case 'availability':
    case 'latency':
      return 'requests';
    case 'clientAvailability':
      return 'calls';
    case 'custom':
      return 'events';
  }
}

/** What a pair of alert windows does with the events they hold: the burn of one failure, the failures that fire it. */
export interface PairTraffic {
  /** Burn rate a single failure causes in each window: 1 ÷ (events × budget). */
  oneFailureBurn: { short: number; long: number };
  /**
   * Fewest failures (recent enough to be in both windows) that fire the pair. The long window holds
   * more events, so it decides: k failures fire when k ÷ longEvents > factor × budget.
   */
  failuresToFire: number;
  /** True when fewer than `minFailures` failures fire the pair. */
  low: boolean;
}

/**
 * The low-traffic arithmetic of one pair (factor, budget as a ratio) whose windows hold `events`:
 * expected ones here (trafficReport), the ones seen by the embedded evaluator (its `lowTraffic`).
 * A pair fires only when both windows burn above the factor, and a failure recent enough to be in
 * the short window is in the long one too, which holds more events: so the long window decides.
 */
export function pairTraffic(factor: number, budget: number, events: { short: number; long: number }, minFailures: number = DEFAULT_MIN_FAILURES): PairTraffic {
  // k failures fire the pair when k / longEvents > factor × budget: the smallest such whole k.
  const failuresToFire = Math.floor(factor * budget * events.long) + 1;
  return {
    oneFailureBurn: { short: 1 / (events.short * budget), long: 1 / (events.long * budget) },
    failuresToFire,
    low: failuresToFire < minFailures,
  };
}

/**
 * How many events each alert window of `slo` holds at `expectedRate` events per second, the burn one
 * failure causes, and a warning for every tier that fewer than `minFailures` failures fire.
 */
export function trafficReport(slo: Slo, plan: WindowPlan, expectedRate: number, options: TrafficOptions = {}): TrafficReport {
  const minFailures = options.minFailures ?? DEFAULT_MIN_FAILURES;
  const budget = errorBudgetRatio(slo.objective);
  // The uncompressed windows, for the largest time scale that would still be enough.
  const nominal = plan.timeScale > 1 ? planWindows(slo.periodMs).pairs : plan.pairs;
  const tiers = plan.pairs.map((pair, index): TierTraffic => {
    const shortEvents = (expectedRate * pair.shortMs) / 1000;
    const longEvents = (expectedRate * pair.longMs) / 1000;
    const traffic = pairTraffic(pair.factor, budget, { short: shortEvents, long: longEvents }, minFailures);
    // failuresToFire ≥ n ⇔ factor × budget × rate × window ≥ n − 1.
    const needed = Math.max(0, minFailures - 1) / (pair.factor * budget);
    const nominalLongMs = (nominal[index] as AlertWindow).longMs;
    const maxTimeScale = needed > 0 ? Math.floor((expectedRate * nominalLongMs) / 1000 / needed) : undefined;
    return {
      severity: pair.severity,
      speed: pair.speed,
      factor: pair.factor,
      shortMs: pair.shortMs,
      longMs: pair.longMs,
      shortEvents,
      longEvents,
      oneFailureBurn: traffic.oneFailureBurn,
      failuresToFire: traffic.failuresToFire,
      rateNeeded: needed / (pair.longMs / 1000),
      ...(maxTimeScale !== undefined && plan.timeScale > 1 ? { maxTimeScale } : {}),
      low: traffic.low,
    };
  });
  const report: TrafficReport = {
    slo: slo.id,
    expectedRate,
    timeScale: plan.timeScale,
    periodMs: plan.periodMs,
    budget,
    budgetEvents: (budget * expectedRate * plan.periodMs) / 1000,
    minFailures,
    tiers,
    warnings: [],
  };
  const low = tiers.filter((tier) => tier.low);
  if (low.length > 0) report.warnings = [{ slo: slo.id, message: describeLowTraffic(slo, report, low) }];
  return report;
}

/**
 * One paragraph a trainee can act on: what the windows hold, what one failure does, and what would
 * fix it (the Workbook's remedies: more traffic, synthetic traffic, grouping; here also a lower
 * time scale, since compression thins every window).
 */
function describeLowTraffic(slo: Slo, report: TrafficReport, low: readonly TierTraffic[]): string {
  const noun = eventNoun(slo.sli.kind);
  const many = low.length > 1;
  const names = list(low.map((t) => `${t.severity} (${t.speed}, ${num(t.factor)}×)`));
  const fires = low.every((t) => t.failuresToFire === 1)
    ? `a single failure fires the ${names} alert${many ? 's' : ''}`
    : `the ${names} alert${many ? 's fire' : ' fires'} on ${list(low.map((t) => String(t.failuresToFire)))} failures`;
  const windows = `${many ? 'their long windows' : 'its long window'} (${low.map((t) => promDuration(t.longMs)).join(', ')}) hold${many ? '' : 's'} about ${list(low.map((t) => count(t.longEvents)))} ${noun}`;
  const burns = `so one failure is a ${list(low.map((t) => `${num(t.oneFailureBurn.long)}×`))} burn (1 ÷ (${noun} × ${pct(report.budget)} budget))`;
  const budget = report.budgetEvents < 100 ? ` The whole ${promDuration(report.periodMs)} budget allows only ${count(report.budgetEvents)} failures.` : '';
  const fixes = [`${num(ceil3(Math.max(...low.map((t) => t.rateNeeded))))} ${noun}/s or more (synthetic traffic counts)`];
  const scales = low.flatMap((t) => (t.maxTimeScale !== undefined ? [t.maxTimeScale] : []));
  if (scales.length === low.length) {
    const k = Math.min(...scales);
    if (k >= 2) fixes.push(`a time scale of at most ${k} (each window, and the traffic in it, shrinks K times)`);
    else if (k === 1) fixes.push('real time (no time compression)');
  }
  fixes.push('merging it with related SLOs');
  return `low traffic: at ${num(report.expectedRate)} ${noun}/s ${fires}: ${windows}, ${burns}.${budget} For ${many ? 'each' : 'it'} to need ${report.minFailures} failures: ${fixes.join(', or ')}.`;
}

/** `a`, `a and b`, `a, b and c`. */
function list(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function num(value: number): string {
  return String(Number(value.toPrecision(3)));
}

/** Round up to three significant digits, so a suggested rate is never just below what is needed. */
function ceil3(value: number): number {
  if (value <= 0) return 0;
  const scale = 10 ** (Math.floor(Math.log10(value)) - 2);
  return Math.ceil(value / scale - 1e-9) * scale;
}

function count(value: number): string {
  return value >= 10 ? String(Math.round(value)) : num(value);
}

function pct(ratio: number): string {
  return `${num(ratio * 100)} %`;
}


export interface SetTrafficOptions extends TrafficOptions {
  /** Overrides the file's `timeScale`. */
  timeScale?: number;
  scrapeIntervalMs?: number;
  /** Overrides every SLO's declared `traffic.expectedRate`. */
  expectedRate?: number;
}

/**
 * The traffic report of every SLO of a set that declares an expected rate (or of all of them when
 * `expectedRate` overrides it), with the windows the compiler uses. SLOs without a rate are left out.
 */
export function trafficReports(set: SloSet, options: SetTrafficOptions = {}): TrafficReport[] {
  const windowOptions = { timeScale: options.timeScale ?? set.timeScale, ...(options.scrapeIntervalMs !== undefined ? { scrapeIntervalMs: options.scrapeIntervalMs } : {}) };
  return set.slos.flatMap((slo) => {
    const rate = options.expectedRate ?? slo.expectedRate;
    if (rate === undefined) return [];
    return [trafficReport(slo, planWindows(slo.periodMs, windowOptions), rate, options.minFailures !== undefined ? { minFailures: options.minFailures } : {})];
  });
}
