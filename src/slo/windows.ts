import { formatDuration } from '../core/durations.js';
import { FaultlineError } from '../core/errors.js';

/**
 * Multi-window, multi-burn-rate alert windows (Google SRE Workbook ch. 5, approach 6) and their time
 * compression for game days. Pure: numbers in, numbers out.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export type Severity = 'page' | 'ticket';

interface PairSpec {
  severity: Severity;
  speed: 'quick' | 'slow';
  /** Share of the period's budget spent when the pair fires. */
  budgetPercent: number;
  shortMs: number;
  longMs: number;
}

/**
 * The Workbook's table (ch. 5, "Multiwindow, multi-burn-rate alerts": 2 % in 1 h and 5 % in 6 h
 * page, 10 % in 1 d and 10 % in 3 d ticket; short window = 1/12 of the long one), exactly as Sloth
 * ships it in internal/alert/windows/google-30d.yaml and google-28d.yaml (reference §2.2). Sloth keeps
 * the budget shares and windows for 28d and lets the burn factors change (13.44, 5.6, 2.8, 0.93).
 */
const WORKBOOK_PAIRS: readonly PairSpec[] = [
  { severity: 'page', speed: 'quick', budgetPercent: 2, shortMs: 5 * MINUTE, longMs: 1 * HOUR },
  { severity: 'page', speed: 'slow', budgetPercent: 5, shortMs: 30 * MINUTE, longMs: 6 * HOUR },
  { severity: 'ticket', speed: 'quick', budgetPercent: 10, shortMs: 2 * HOUR, longMs: 1 * DAY },
  { severity: 'ticket', speed: 'slow', budgetPercent: 10, shortMs: 6 * HOUR, longMs: 3 * DAY },
];

/** Sloth's examples/windows/7d.yaml: same windows, shares chosen so the factors stay near 14.4/6/3/1. */
const SEVEN_DAY_PERCENTS = [8, 12.5, 20, 42] as const;

const CATALOG: ReadonlyMap<number, readonly PairSpec[]> = new Map([
  [30 * DAY, WORKBOOK_PAIRS],
  [28 * DAY, WORKBOOK_PAIRS],
  [7 * DAY, WORKBOOK_PAIRS.map((pair, i) => ({ ...pair, budgetPercent: SEVEN_DAY_PERCENTS[i] as number }))],
]);

/** Periods with a window table, in milliseconds. */
export const SUPPORTED_PERIODS_MS: readonly number[] = [...CATALOG.keys()];

/** Prometheus' rule of thumb (reference §8): a rate() window should hold at least four scrapes. */
export const MIN_SCRAPES_PER_WINDOW = 4;

/** Default scrape interval: 1 s in a compressed game day (reference §8, k = 60 works at 1 s), Prometheus' common 30 s otherwise. */
export function defaultScrapeIntervalMs(timeScale: number): number {
  return timeScale > 1 ? 1 * SECOND : 30 * SECOND;
}

export interface AlertWindow {
  severity: Severity;
  speed: 'quick' | 'slow';
  budgetPercent: number;
  /** Burn-rate threshold, from the uncompressed period (compression keeps it; reference §8). */
  factor: number;
  /** Windows actually used: compressed by K, rounded to Prometheus' millisecond, clamped. */
  shortMs: number;
  longMs: number;
  /** Share of the budget spent when the pair fires, after clamping (= budgetPercent unless the long window was clamped). */
  effectiveBudgetPercent: number;
}

export interface WindowPlan {
  /** Period after compression (the `slo:sli_error` period rule's range). */
  periodMs: number;
  timeScale: number;
  scrapeIntervalMs: number;
  pairs: readonly AlertWindow[];
  /** Where clamping changed the maths, in words a trainee can act on. */
  warnings: readonly string[];
}

export interface WindowOptions {
  timeScale?: number;
  scrapeIntervalMs?: number;
}

/**
 * Sloth's burn factor (internal/alert/window.go#getBurnRateFactor):
 * `(errorBudgetPercent × period.Hours() / 100) / longWindow.Hours()`, evaluated in the same order
 * so the float artefacts match Sloth's output (28d → 5.6000000000000005).
 */
export function burnFactor(budgetPercent: number, periodMs: number, longMs: number): number {
  return (budgetPercent * (periodMs / HOUR)) / 100 / (longMs / HOUR);
}

/**
 * The alert windows of a period, divided by K (period too, so `burn = f × period / W` and every
 * threshold stay the same: reference §8) and clamped to at least four scrape intervals.
 */
export function planWindows(nominalPeriodMs: number, options: WindowOptions = {}): WindowPlan {
  const pairs = CATALOG.get(nominalPeriodMs);
  if (!pairs) {
    throw windowsError(`no burn-rate window table for a ${formatDuration(nominalPeriodMs)} period; supported periods: ${SUPPORTED_PERIODS_MS.map(promDuration).join(', ')}`);
  }
  const timeScale = options.timeScale ?? 1;
  if (!Number.isFinite(timeScale) || timeScale < 1) throw windowsError(`time scale must be a number of at least 1, not ${timeScale}`);
  const scrapeIntervalMs = options.scrapeIntervalMs ?? defaultScrapeIntervalMs(timeScale);
  if (!Number.isFinite(scrapeIntervalMs) || scrapeIntervalMs <= 0) throw windowsError(`scrape interval must be positive, not ${scrapeIntervalMs} ms`);

  const periodMs = Math.round(nominalPeriodMs / timeScale);
  const minMs = MIN_SCRAPES_PER_WINDOW * scrapeIntervalMs;
  const warnings: string[] = [];
  const scaled = pairs.map((pair): AlertWindow => {
    const factor = burnFactor(pair.budgetPercent, nominalPeriodMs, pair.longMs);
    const label = `${pair.severity} (${pair.speed}, ${Number(factor.toPrecision(4))}×)`;
    const fit = (nominalMs: number, which: 'short' | 'long') => {
      // Prometheus durations have millisecond resolution.
      const compressed = Math.max(1, Math.round(nominalMs / timeScale));
      if (compressed >= minMs) return compressed;
      const consequence =
        which === 'short'
          ? `the alert now needs ${formatDuration(minMs)} of fast burn before it can fire and keeps firing ${formatDuration(minMs)} after the burn stops`
          : `it fires only after about ${percent((factor * minMs * 100) / periodMs)} of the budget is gone instead of ${percent(pair.budgetPercent)}`;
      warnings.push(
        `${label} ${which} window ${promDuration(nominalMs)} ÷ ${timeScale} = ${formatDuration(nominalMs / timeScale)} is under ${MIN_SCRAPES_PER_WINDOW} scrape intervals (${MIN_SCRAPES_PER_WINDOW} × ${formatDuration(scrapeIntervalMs)}); clamped to ${formatDuration(minMs)}: ${consequence}`,
      );
      return minMs;
    };
    const shortMs = fit(pair.shortMs, 'short');
    const longMs = fit(pair.longMs, 'long');
    if (shortMs >= longMs) warnings.push(`${label}: after clamping both windows are ${promDuration(longMs)}, so the pair is a single-window alert (slower to reset after a burn)`);
    return { severity: pair.severity, speed: pair.speed, budgetPercent: pair.budgetPercent, factor, shortMs, longMs, effectiveBudgetPercent: (factor * longMs * 100) / periodMs };
  });
  const longest = Math.max(...scaled.map((pair) => pair.longMs));
  if (longest >= periodMs) {
    throw windowsError(
      `time scale ${timeScale} shrinks the ${promDuration(nominalPeriodMs)} period to ${formatDuration(periodMs)}, no longer than its longest alert window (${formatDuration(longest)} after clamping to ${MIN_SCRAPES_PER_WINDOW} scrapes of ${formatDuration(scrapeIntervalMs)}); use a smaller time scale or a shorter scrape interval`,
    );
  }
  return { periodMs, timeScale, scrapeIntervalMs, pairs: scaled, warnings };
}

export interface SliceWindow {
  /** The compressed, clamped slice length. */
  sliceMs: number;
  warning?: string;
}

/**
 * A timeslice budget's slice after time compression: divided by K like every window and clamped to
 * at least four scrape intervals, since a slice's ratio is a rate() over it.
 */
export function planSlice(nominalSliceMs: number, plan: WindowPlan): SliceWindow {
  const compressed = Math.max(1, Math.round(nominalSliceMs / plan.timeScale));
  const minMs = MIN_SCRAPES_PER_WINDOW * plan.scrapeIntervalMs;
  if (compressed >= minMs) return { sliceMs: compressed };
  return {
    sliceMs: minMs,
    warning:
      `timeslice ${promDuration(nominalSliceMs)} ÷ ${plan.timeScale} = ${formatDuration(nominalSliceMs / plan.timeScale)} is under ${MIN_SCRAPES_PER_WINDOW} scrape intervals; ` +
      `clamped to ${formatDuration(minMs)}: the period holds ${Math.floor(plan.periodMs / minMs)} slices instead of ${Math.floor(plan.periodMs / compressed)}, so each bad slice costs more of the budget`,
  };
}

/** Every distinct window the alerts read, shortest first (one SLI recording rule each). */
export function alertWindowsMs(plan: WindowPlan): number[] {
  return [...new Set(plan.pairs.flatMap((pair) => [pair.shortMs, pair.longMs]))].sort((a, b) => a - b);
}

/**
 * Format milliseconds as Prometheus does (model.Duration.String(): years and weeks only when exact,
 * then d, h, m, s, ms), so rule names match Sloth's: 30d → `30d`, 28d → `4w`, 72m → `1h12m`.
 */
export function promDuration(ms: number): string {
  let rest = Math.round(ms);
  if (rest === 0) return '0s';
  let text = '';
  const units: Array<[string, number, boolean]> = [
    ['y', 365 * DAY, true],
    ['w', 7 * DAY, true],
    ['d', DAY, false],
    ['h', HOUR, false],
    ['m', MINUTE, false],
    ['s', SECOND, false],
    ['ms', 1, false],
  ];
  for (const [unit, size, exactOnly] of units) {
    if (exactOnly && rest % size !== 0) continue;
    const count = Math.floor(rest / size);
    if (count > 0) {
      text += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return text;
}

function percent(value: number): string {
  return `${Number(value.toPrecision(3))} %`;
}

function windowsError(message: string): FaultlineError {
  return new FaultlineError('FAULTLINE_SLO_WINDOWS', message);
}
