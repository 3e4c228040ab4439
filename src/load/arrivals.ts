/**
 * Open-model arrival times (k6's constant-arrival-rate): requests start on a schedule whatever
 * the system's latency, so a slow system faces a growing queue instead of a politely slowing
 * client — the coordinated-omission trap a closed loop falls into.
 */
export function constantArrivals(ratePerSecond: number, durationMs: number): number[] {
  if (ratePerSecond <= 0 || durationMs <= 0) return [];
  const gap = 1000 / ratePerSecond;
  const count = Math.floor(durationMs / gap);
  return Array.from({ length: count }, (_, i) => i * gap);
}
