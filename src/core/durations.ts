import { FaultlineError } from './errors.js';

const UNIT_MS: Record<string, number> = {
  us: 0.001,
  µs: 0.001,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const TERM = /(\d+(?:\.\d+)?)(us|µs|ms|s|m|h|d|w)/gy;

/**
 * Parse a Prometheus-style duration ("250ms", "5m", "1h30m", "1.5s") into milliseconds.
 * A bare number is taken as milliseconds, the unit every Toxiproxy attribute uses.
 */
export function parseDuration(input: string | number): number {
  if (typeof input === 'number') {
    if (Number.isFinite(input) && input >= 0) return input;
    throw badDuration(String(input));
  }
  const text = input.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === '') throw badDuration(input);
  TERM.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  let match: RegExpExecArray | null;
  while ((match = TERM.exec(text)) !== null) {
    total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
    consumed = TERM.lastIndex;
  }
  if (consumed !== text.length) throw badDuration(input);
  return total;
}

/** Format milliseconds the way people read them: 250ms, 1.5s, 5m, 1h30m. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${round(ms)}ms`;
  if (ms < 60_000) return `${round(ms / 1000)}s`;
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.join('');
}

function round(n: number): string {
  return String(Math.round(n * 100) / 100);
}

function badDuration(input: string): FaultlineError {
  return new FaultlineError(
    'FAULTLINE_CORE_BAD_DURATION',
    `invalid duration "${input}": expected a number followed by a unit (us, ms, s, m, h, d, w), e.g. "250ms" or "1h30m"`,
    { input },
  );
}
