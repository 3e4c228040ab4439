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

/** Parse --time-scale K: a number of at least 1 (1 = real time, 720 = a 30-day month in an hour). */
export function parseTimeScale(value: string): number {
  const k = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(k) || k < 1) throw new FaultlineError('FAULTLINE_CLI_BAD_OPTION', `--time-scale must be a number of at least 1 (e.g. 60), got "${value}"`);
  return k;
}
