/**
 * How numbers and times read on the page (tables, summaries, the header). Times are shown in UTC,
 * as the journal records them, so the report reads the same wherever it is opened.
 */

/** "02:48:11" (UTC), with milliseconds when `precise`. */
export function utcTime(epochSeconds: number, precise = false): string {
  if (!Number.isFinite(epochSeconds)) return '–';
  const iso = new Date(Math.round(epochSeconds * 1000)).toISOString();
  return iso.slice(11, precise ? 23 : 19);
}

/** "2026-11-27 02:48:11 UTC". */
export function utcDateTime(epochSeconds: number): string {
  if (!Number.isFinite(epochSeconds)) return '–';
  const iso = new Date(Math.round(epochSeconds * 1000)).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** "850 ms", "8.6 s", "2 min 05 s", "1 h 02 min". */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 60) return `${trimmed(seconds, 1)} s`;
  const whole = Math.round(seconds);
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
  return `${Math.floor(whole / 3600)} h ${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')} min`;
}

/** A number with at most `digits` decimals and no trailing zeros; "–" for nothing. */
export function trimmed(value: number | null | undefined, digits: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const fixed = value.toFixed(digits);
  const text = fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
  return text === '-0' ? '0' : text;
}

/** A fraction as a percentage: 0.2389 → "23.89 %". */
export function percent(fraction: number | null | undefined, digits = 2): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '–';
  return `${trimmed(fraction * 100, digits)} %`;
}

/** "1 fault", "4 alerts". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
