import type { Slo, SloSet } from '../../slo/model.js';
import { alertWindowsMs, planWindows, promDuration } from '../../slo/windows.js';

/**
 * What an experiment needs to know of the SLOs it names: which exist, which alert windows each has
 * as written (the Workbook's 5m … 3d for a 30-day period), what those windows become once the run
 * compresses time, and the fastest burn an SLO can possibly show.
 */

export function findSlo(set: SloSet, id: string): Slo | undefined {
  return set.slos.find((slo) => slo.id === id);
}

export function knownSloIds(set: SloSet): string {
  return set.slos.map((slo) => slo.id).join(', ');
}

/** The SLO's alert windows in real time (nominal), shortest first. */
export function nominalWindowsMs(slo: Slo): number[] {
  // A 1 ms scrape keeps clamping out of the way: these are the windows as the table writes them.
  return alertWindowsMs(planWindows(slo.periodMs, { timeScale: 1, scrapeIntervalMs: 1 }));
}

export interface CompressedWindow {
  nominalMs: number;
  /** After dividing by the time scale and clamping to four scrapes. */
  ms: number;
  clamped: boolean;
}

/** A nominal alert window as the run evaluates it (same maths as the rules and the evaluator: src/slo/windows.ts). */
export function compressWindow(slo: Slo, nominalMs: number, timeScale: number, scrapeIntervalMs?: number): CompressedWindow {
  const nominal = planWindows(slo.periodMs, { timeScale: 1, scrapeIntervalMs: 1 }).pairs;
  const compressed = planWindows(slo.periodMs, { timeScale, ...(scrapeIntervalMs !== undefined ? { scrapeIntervalMs } : {}) }).pairs;
  for (const [index, pair] of nominal.entries()) {
    const scaled = compressed[index];
    if (!scaled) continue;
    if (pair.shortMs === nominalMs) return { nominalMs, ms: scaled.shortMs, clamped: scaled.shortMs !== Math.max(1, Math.round(nominalMs / timeScale)) };
    if (pair.longMs === nominalMs) return { nominalMs, ms: scaled.longMs, clamped: scaled.longMs !== Math.max(1, Math.round(nominalMs / timeScale)) };
  }
  const ms = Math.max(1, Math.round(nominalMs / timeScale));
  return { nominalMs, ms, clamped: false };
}

/** A total outage burns 1 ÷ budget: 1000× at 99.9 %. No burn rate above it can ever be seen. */
export function maxBurnRate(slo: Slo): number {
  // Rounded to ten digits: 100 − 99.9 is 0.0999999…94 in floating point.
  return Number((100 / (100 - slo.objective)).toPrecision(10));
}

export function windowList(slo: Slo): string {
  return nominalWindowsMs(slo).map(promDuration).join(', ');
}
