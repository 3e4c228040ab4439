import { formatDuration, parseDuration } from '../../core/durations.js';
import type { AlertEvent, JournalSlo, SloSnapshotEvent } from '../../runner/journal/events.js';
import type { AlertFacts } from './model.js';

/**
 * Alerts as the post-mortem reads them: one record per firing (paired with its resolution), from
 * Alertmanager when Prometheus ran — that is what would have reached a person — else from the
 * embedded evaluator. Each firing is annotated with the burn-rate tier that explains it, read off
 * the SLO snapshot taken just before the alert was recorded.
 */
export function collectAlerts(alerts: readonly AlertEvent[], snapshots: readonly SloSnapshotEvent[], slos: readonly JournalSlo[]): { source: AlertFacts['source'] | 'none'; alerts: AlertFacts[]; others: AlertFacts[] } {
  const hasAlertmanager = alerts.some((a) => a.source === 'alertmanager');
  const source = hasAlertmanager ? 'alertmanager' : alerts.length > 0 ? 'evaluator' : 'none';
  const all = pairAlerts(alerts, snapshots, slos);
  return { source, alerts: all.filter((a) => a.source === source), others: all.filter((a) => a.source !== source) };
}

function pairAlerts(events: readonly AlertEvent[], snapshots: readonly SloSnapshotEvent[], slos: readonly JournalSlo[]): AlertFacts[] {
  const open = new Map<string, AlertFacts>();
  const facts: AlertFacts[] = [];
  for (const event of events) {
    // Sloth names one alert per SLO for both severities, and a page and a ticket can start at one
    // evaluation: the severity is part of what makes a firing.
    const key = `${event.source}\u0000${event.alertname}\u0000${event.slo ?? ''}\u0000${event.severity ?? ''}\u0000${event.startsAt}`;
    if (event.status === 'firing') {
      if (open.has(key)) continue;
      const fact: AlertFacts = { alertname: event.alertname, source: event.source, firedAt: event.time, firedLine: event.seq, tiers: [] };
      if (event.severity !== undefined) fact.severity = event.severity;
      if (event.slo !== undefined) {
        fact.slo = event.slo;
        const snapshot = snapshots.findLast((s) => s.seq < event.seq)?.slos.find((s) => s.id === event.slo);
        if (snapshot) {
          fact.burnRates = snapshot.burnRates;
          const slo = slos.find((s) => s.id === event.slo);
          if (slo && event.severity) fact.tiers = explainTiers(slo, event.severity, snapshot.burnRates);
        }
      }
      open.set(key, fact);
      facts.push(fact);
    } else {
      const fact = open.get(key);
      if (!fact) continue;
      fact.resolvedAt = event.endsAt ?? event.time;
      fact.resolvedLine = event.seq;
      open.delete(key);
    }
  }
  return facts;
}

/**
 * The Workbook's multi-window, multi-burn-rate table (SRE Workbook ch. 5; the same one
 * src/slo/windows.ts compiles into rules, restated here because the post-mortem may read journal
 * types only): the share of the period's budget each pair allows to burn over its long window.
 * The factor is Sloth's `budget% × period / 100 / long window` (14.4, 6, 3, 1 for 30 days).
 */
const PAIRS = [
  { severity: 'page', speed: 'fast', shortMs: 5 * 60_000, longMs: 3_600_000, budgetPercent: [2, 8] },
  { severity: 'page', speed: 'slow', shortMs: 30 * 60_000, longMs: 6 * 3_600_000, budgetPercent: [5, 12.5] },
  { severity: 'ticket', speed: 'fast', shortMs: 2 * 3_600_000, longMs: 24 * 3_600_000, budgetPercent: [10, 20] },
  { severity: 'ticket', speed: 'slow', shortMs: 6 * 3_600_000, longMs: 72 * 3_600_000, budgetPercent: [10, 42] },
] as const;
/** Rate windows hold at least four scrapes; compressed runs scrape every second (src/slo/windows.ts). */
const MIN_SCRAPES = 4;

/**
 * Which tiers of `severity` the snapshot's burn rates put over their threshold, in words:
 * "fast burn: above 14.4× over 1h and 5m (4s and 4s at ×3600)". Empty when no tier of that
 * severity is over (Prometheus and the evaluator can disagree by a scrape) or the period has no
 * table.
 */
export function explainTiers(slo: JournalSlo, severity: string, burnRates: Record<string, number | null>): string[] {
  const periodMs = safeDuration(slo.period);
  const column = periodMs === 7 * 86_400_000 ? 1 : periodMs === 30 * 86_400_000 || periodMs === 28 * 86_400_000 ? 0 : undefined;
  if (periodMs === undefined || column === undefined) return [];
  const k = slo.timeScale;
  const minMs = MIN_SCRAPES * (k > 1 ? 1000 : 30_000);
  const compress = (ms: number) => Math.max(minMs, Math.max(1, Math.round(ms / k)));
  const rates = new Map<number, number | null>();
  for (const [window, rate] of Object.entries(burnRates)) {
    const ms = safeDuration(window);
    if (ms !== undefined) rates.set(ms, rate);
  }
  const over: string[] = [];
  for (const pair of PAIRS.filter((p) => p.severity === severity)) {
    const factor = (pair.budgetPercent[column] * (periodMs / 3_600_000)) / 100 / (pair.longMs / 3_600_000);
    const short = rates.get(compress(pair.shortMs));
    const long = rates.get(compress(pair.longMs));
    if (short === undefined || long === undefined || short === null || long === null || short <= factor || long <= factor) continue;
    const scaled = k === 1 ? '' : ` (${formatDuration(compress(pair.longMs))} and ${formatDuration(compress(pair.shortMs))} at ×${k})`;
    over.push(`${pair.speed} burn: above ${Number(factor.toPrecision(4))}× over ${formatDuration(pair.longMs)} and ${formatDuration(pair.shortMs)}${scaled}`);
  }
  return over;
}

function safeDuration(text: string): number | undefined {
  try {
    return parseDuration(text);
  } catch {
    return undefined;
  }
}
