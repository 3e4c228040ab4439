import { FaultlineError } from '../core/errors.js';

/** Parse a TCP port option (0 = any free port). */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new FaultlineError('FAULTLINE_CLI_BAD_OPTION', `--port must be a whole number from 0 to 65535, got "${value}"`);
  }
  return port;
}

/** Parse a non-negative integer option such as --seed. */
export function parseInteger(name: string): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value)) throw new FaultlineError('FAULTLINE_CLI_BAD_OPTION', `--${name} must be a non-negative whole number, got "${value}"`);
    return Number(value);
  };
}

/**
 * Parse a speed-up factor: a finite decimal of at least 1 (1 = real time). --time-scale and --speed
 * both take one; the message names the option and gives an example.
 */
export function parseFactor(name: string, example: string): (value: string) => number {
  return (value) => {
    const k = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(k) || k < 1) throw new FaultlineError('FAULTLINE_CLI_BAD_OPTION', `--${name} must be a number of at least 1 (e.g. ${example}), got "${value}"`);
    return k;
  };
}

/** Parse --time-scale K: a number of at least 1 (1 = real time, 720 = a 30-day month in an hour). */
export const parseTimeScale: (value: string) => number = parseFactor('time-scale', '60');

/** Parse --speed K of `faultline run`: every duration ÷ K, the SLO time scale × K. */
export const parseSpeed: (value: string) => number = parseFactor('speed', '5');
