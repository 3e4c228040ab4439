/**
 * Recognising cockatiel's errors. cockatiel marks each with a boolean property; its own
 * isTaskCancelledError() is broken in 3.2.1 (it tests the bulkhead's marker), so the markers are
 * read directly, one way for all three. An IsolatedCircuitError carries isBrokenCircuitError too.
 */
function hasMarker(error: unknown, marker: string): boolean {
  return typeof error === 'object' && error !== null && (error as Record<string, unknown>)[marker] === true;
}

/** The aggressive timeout fired (TaskCancelledError). */
export const isTimeoutError = (error: unknown): boolean => hasMarker(error, 'isTaskCancelledError');

/** The breaker refused the call (BrokenCircuitError, IsolatedCircuitError). */
export const isOpenCircuitError = (error: unknown): boolean => hasMarker(error, 'isBrokenCircuitError');

/** The bulkhead and its queue were full (BulkheadRejectedError). */
export const isBulkheadRejection = (error: unknown): boolean => hasMarker(error, 'isBulkheadRejectedError');
