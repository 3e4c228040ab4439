import { formatDuration } from '../../core/durations.js';

/**
 * How plans and messages write times: offsets from the start of the load as `T+MM:SS.mmm` (minutes
 * keep counting past 59, so columns line up in any realistic run), durations as people read them.
 */
export function formatOffset(ms: number): string {
  const total = Math.round(ms);
  const minutes = Math.floor(total / 60_000);
  const seconds = Math.floor((total % 60_000) / 1000);
  const millis = total % 1000;
  return `T+${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}.${String(millis).padStart(3, '0')}`;
}

export { formatDuration };

/** A number as people read it: at most four significant digits, no float artefacts. */
export function formatNumber(value: number): string {
  return String(Number(value.toPrecision(4)));
}

export function formatPercent(percent: number): string {
  return `${formatNumber(percent)} %`;
}
