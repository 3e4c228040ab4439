/**
 * OpenSLO's `duration-shorthand`: a whole number and one of m h d w M Q Y (OpenSLO v1 README, "Custom
 * Data Types"). There is no seconds unit; months, quarters and years are calendar units with no fixed
 * length, so Faultline (whose periods are fixed lengths) refuses them.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

const FIXED: Readonly<Record<string, number>> = { m: MINUTE, h: HOUR, d: DAY, w: WEEK };
const CALENDAR: Readonly<Record<string, string>> = { M: 'month', Q: 'quarter', Y: 'year' };
const SHORTHAND = /^(0|[1-9][0-9]*)([mhdwMQY])$/;

/** `calendar`: a valid shorthand in a calendar unit (M, Q, Y), which Faultline cannot represent. */
export type ParsedShorthand = { ok: true; ms: number } | { ok: false; reason: string; calendar?: boolean };

/** Milliseconds as the largest of d, h, m that divides them (28 days → `28d`, as the Workbook says it); undefined if not whole minutes. */
export function formatShorthand(ms: number): string | undefined {
  if (!Number.isInteger(ms) || ms <= 0 || ms % MINUTE !== 0) return undefined;
  for (const [unit, size] of [['d', DAY], ['h', HOUR], ['m', MINUTE]] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return undefined;
}

export function parseShorthand(value: unknown): ParsedShorthand {
  if (typeof value !== 'string') return { ok: false, reason: `must be a duration such as 5m, 1h, 30d (a whole number and m, h, d or w), not ${JSON.stringify(value)}` };
  const match = SHORTHAND.exec(value.trim());
  if (!match) return { ok: false, reason: `"${value}" is not an OpenSLO duration: a whole number and one of m, h, d, w, M, Q, Y (e.g. 5m, 1h, 30d)` };
  const count = Number(match[1]);
  const unit = match[2] as string;
  const calendar = CALENDAR[unit];
  if (calendar) return { ok: false, calendar: true, reason: `${value} counts calendar ${calendar}s, which have no fixed length; Faultline needs a fixed one such as 30d, 28d or 7d` };
  return { ok: true, ms: count * (FIXED[unit] as number) };
}

/** timeSliceWindow: a shorthand, or a plain number of minutes (the spec's default unit) for slices that are not whole minutes. */
export function formatSliceWindow(ms: number): string | number {
  return formatShorthand(ms) ?? ms / MINUTE;
}

export function parseSliceWindow(value: unknown): ParsedShorthand {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value > 0 ? { ok: true, ms: Math.round(value * MINUTE) } : { ok: false, reason: `a slice of ${value} minutes is not a positive duration` };
  }
  return parseShorthand(value);
}
