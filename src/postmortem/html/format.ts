import { utc } from '../format.js';

/**
 * What only the page needs on top of the draft's formats (src/postmortem/format.ts, which every
 * figure the draft also states goes through): chart times are epoch seconds (uPlot's unit), and
 * chart values are already in their unit. Times are shown in UTC, as the journal records them, so
 * the report reads the same wherever it is opened.
 */

/** "02:48:11" (UTC) for a point on a chart's x axis, with milliseconds ("02:48:11.403") when `precise`. */
export function clock(epochSeconds: number, precise = false): string {
  if (!Number.isFinite(epochSeconds)) return '–';
  const time = utc(new Date(Math.round(epochSeconds * 1000)).toISOString());
  return precise ? time : time.slice(0, 8);
}

/** A number with at most `digits` decimals and no trailing zeros; "–" for nothing. */
export function trimmed(value: number | null | undefined, digits: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const fixed = value.toFixed(digits);
  const text = fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
  return text === '-0' ? '0' : text;
}
