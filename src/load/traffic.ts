import type { Clock } from '../core/clock.js';
import { runLoad } from './generator.js';
import { mixedRequests, type RequestKind } from './request-mix.js';
import { constantRate } from './schedule.js';

export interface TrafficOptions {
  /** Base URL of the system's public entry point, on loopback. */
  target: string;
  ratePerSecond: number;
  durationMs: number;
  mix: readonly RequestKind[];
  productIds: readonly string[];
  seed: number;
  clock: Clock;
  /** Give up on a request after this long (it counts as failed). */
  requestTimeoutMs?: number;
}

export interface TrafficResult {
  sent: number;
  /** Answered with anything but a 5xx. */
  ok: number;
  /** 5xx answers, timeouts, transport errors and missed starts. */
  failed: number;
  byKind: Record<string, { sent: number; failed: number }>;
}

/**
 * `faultline start`'s burst: a constant rate of the seeded mix through the load generator, reduced
 * to the counts the CLI prints. The experiment runner uses generator.ts directly.
 */
export async function driveTraffic(options: TrafficOptions): Promise<TrafficResult> {
  const summary = await runLoad({
    target: options.target,
    schedule: constantRate(options.ratePerSecond, options.durationMs),
    requests: mixedRequests({ mix: options.mix, productIds: options.productIds, seed: options.seed }),
    timeoutMs: options.requestTimeoutMs ?? 5000,
    clock: options.clock,
  });
  const byKind: TrafficResult['byKind'] = {};
  for (const [name, counts] of Object.entries(summary.byKind)) byKind[name] = { sent: counts.sent, failed: counts.failed + counts.missed };
  return { sent: summary.sent, ok: summary.sent - summary.failed - summary.outcomes.cancelled, failed: summary.failed + summary.missed, byKind };
}
