import { pino, type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  name?: string;
  /** pino level; defaults to $LOG_LEVEL, then "info". */
  level?: string;
  /** Where lines go; defaults to standard error so standard output stays machine-readable. */
  destination?: NodeJS.WritableStream;
}

/** Structured JSON lines (pino). Standard output is kept for results; logs go to standard error. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  const destination = options.destination ?? pino.destination({ fd: 2, sync: false });
  return pino({ name: options.name ?? 'faultline', level, base: { pid: process.pid } }, destination);
}

/** A logger that drops everything, for tests and embedded use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
