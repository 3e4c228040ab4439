import { formatElapsed, formatPercent } from '../runner/journal/format.js';

/**
 * Number and time formats shared by the builder's sentences, the renderers and the HTML report, so
 * a figure reads the same in every template and on the page. Reuses the journal summary's rules
 * (src/runner/journal/format.ts) rather than restating them.
 */

/** "02:50:05.144": a UTC time of day (the draft states the date and "UTC" once). */
export { clockTime as utc } from '../runner/journal/format.js';

/** "2026-11-27". */
export function utcDate(iso: string): string {
  return iso.slice(0, 10);
}

/** A fraction as a percentage: 0.367 → "36.7 %". */
export function pct(fraction: number): string {
  return formatPercent(fraction);
}

/** A duration: 850 ms, 12.3 s, 4 min 05 s. */
export function elapsed(ms: number): string {
  return formatElapsed(Math.max(0, ms));
}

/** Milliseconds of latency: "156.5 ms". */
export function latency(ms: number): string {
  return `${Number(ms.toFixed(1))} ms`;
}

/** A burn rate: "822×". */
export function burn(rate: number): string {
  return `${rate >= 100 ? Math.round(rate) : Number(rate.toFixed(1))}×`;
}

export { plural } from '../core/words.js';

/** "a, b and c". */
export function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A slow-request range: "0", "4", "between 1 and 3". */
export function range(bounds: { min: number; max: number }): string {
  return bounds.min === bounds.max ? String(bounds.min) : `between ${bounds.min} and ${bounds.max}`;
}

/** "orders'" / "gateway's". */
export function possessive(name: string): string {
  return name.endsWith('s') ? `${name}'` : `${name}'s`;
}

/** "a latency toxic", "an outage". */
export function article(phrase: string): string {
  return `${/^[aeiou]/i.test(phrase) ? 'an' : 'a'} ${phrase}`;
}

/** An alert as a sentence names it: "the page for gateway-order-availability", or its alertname. */
export function alertName(alert: { alertname: string; severity?: string; slo?: string }): string {
  return alert.slo ? `the ${alert.severity ?? 'alert'} for ${alert.slo}` : `the alert ${alert.alertname}${alert.severity ? ` (${alert.severity})` : ''}`;
}
