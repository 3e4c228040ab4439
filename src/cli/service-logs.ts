const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/**
 * One line of a service's output, prefixed with the service's name. Services log pino JSON; a
 * person at a terminal wants `[orders] warn  payment timed out`, so JSON lines are shortened to
 * level and message (plus the request id when there is one) and anything else passes as it is.
 */
export function formatServiceLine(service: string, line: string): string {
  const prefix = `[${service}]`.padEnd(12);
  if (!line.startsWith('{')) return `${prefix} ${line}`;
  try {
    const record = JSON.parse(line) as { level?: number; msg?: string; reqId?: string; err?: { message?: string } };
    const level = (LEVELS[record.level ?? 30] ?? 'info').padEnd(5);
    const request = record.reqId ? ` (${record.reqId})` : '';
    const error = record.err?.message ? `: ${record.err.message}` : '';
    return `${prefix} ${level} ${record.msg ?? ''}${error}${request}`;
  } catch {
    return `${prefix} ${line}`;
  }
}
