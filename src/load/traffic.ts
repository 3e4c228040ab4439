import { Pool } from 'undici';
import type { Clock } from '../core/clock.js';
import { seededRng } from '../core/random.js';
import { constantArrivals } from './arrivals.js';
import { chooseKind, type RequestKind } from './request-mix.js';

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
  ok: number;
  failed: number;
  byKind: Record<string, { sent: number; failed: number }>;
}

/** Refuse anything but loopback: load from this tool never leaves the machine. */
function assertLoopback(target: string): void {
  const host = new URL(target).hostname;
  if (!/^127\.\d+\.\d+\.\d+$/.test(host) && host !== 'localhost' && host !== '[::1]') {
    throw new Error(`traffic target ${target} is not a loopback address; Faultline only sends load to 127.0.0.0/8 or ::1`);
  }
}

/**
 * Drive an open-model burst of mixed requests at `target` and count the outcomes. Requests start
 * on schedule without waiting for earlier ones; the promise settles when the last one has.
 */
export async function driveTraffic(options: TrafficOptions): Promise<TrafficResult> {
  assertLoopback(options.target);
  const rng = seededRng(options.seed);
  const pool = new Pool(options.target, { connections: 32, pipelining: 1 });
  const result: TrafficResult = { sent: 0, ok: 0, failed: 0, byKind: {} };
  const inFlight: Array<Promise<void>> = [];
  const started = options.clock.monotonic();
  try {
    for (const [sequence, offset] of constantArrivals(options.ratePerSecond, options.durationMs).entries()) {
      const wait = started + offset - options.clock.monotonic();
      if (wait > 1) await new Promise<void>((resolve) => options.clock.setTimer(resolve, wait));
      const kind = chooseKind(options.mix, rng);
      const request = kind.build({ rng, sequence, productIds: options.productIds });
      const counts = (result.byKind[kind.name] ??= { sent: 0, failed: 0 });
      result.sent++;
      counts.sent++;
      inFlight.push(
        pool
          .request({ ...request, headersTimeout: options.requestTimeoutMs ?? 5000, bodyTimeout: options.requestTimeoutMs ?? 5000 })
          .then(async (response) => {
            await response.body.dump();
            if (response.statusCode < 500) result.ok++;
            else throw new Error(`HTTP ${response.statusCode}`);
          })
          .catch(() => {
            result.failed++;
            counts.failed++;
          }),
      );
    }
    await Promise.all(inFlight);
  } finally {
    await pool.close();
  }
  return result;
}
