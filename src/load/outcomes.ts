/**
 * What happened to one request the generator sent. Status classes stay separate so each caller
 * decides what "good" means; the shop's SLOs (slo/shop.yaml) count 5xx answers, timeouts and
 * transport errors as failures and everything else (a 404 on an unknown product included) as
 * served, which is what `failedCount` computes.
 */
export type Outcome = '2xx' | '3xx' | '4xx' | '5xx' | 'timeout' | 'error' | 'cancelled';

/**
 * - `2xx`…`5xx`: an answer arrived in full; the class of its status (1xx-only answers count as 2xx).
 * - `timeout`: no complete answer within the request timeout; the generator gave up on it.
 * - `error`: the exchange failed at the transport: connection refused or reset, closed mid-answer,
 *   a malformed answer.
 * - `cancelled`: the run was stopped (stop() or an abort signal) while the request was in flight;
 *   neither the system's fault nor a success.
 */
export interface OutcomeCounts {
  '2xx': number;
  '3xx': number;
  '4xx': number;
  '5xx': number;
  timeout: number;
  error: number;
  cancelled: number;
}

export const OUTCOMES: readonly Outcome[] = ['2xx', '3xx', '4xx', '5xx', 'timeout', 'error', 'cancelled'];

export function emptyOutcomeCounts(): OutcomeCounts {
  return { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, timeout: 0, error: 0, cancelled: 0 };
}

export function outcomeOfStatus(statusCode: number): Outcome {
  if (statusCode >= 500) return '5xx';
  if (statusCode >= 400) return '4xx';
  if (statusCode >= 300) return '3xx';
  return '2xx';
}

/** Failures as the availability SLOs count them: 5xx answers, timeouts and transport errors. */
export function failedCount(counts: OutcomeCounts): number {
  return counts['5xx'] + counts.timeout + counts.error;
}

/** Requests that got a complete answer, whatever its status. */
export function answeredCount(counts: OutcomeCounts): number {
  return counts['2xx'] + counts['3xx'] + counts['4xx'] + counts['5xx'];
}

export function addOutcomeCounts(into: OutcomeCounts, from: OutcomeCounts): void {
  for (const outcome of OUTCOMES) into[outcome] += from[outcome];
}
