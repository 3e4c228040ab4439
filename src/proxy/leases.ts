import type { Clock, TimerHandle } from '../core/clock.js';

/** What a lease guards: a toxic (removed on expiry) or a proxy's outage (re-enabled on expiry). */
export type LeaseTarget = { proxy: string; toxic: string } | { proxy: string; toxic?: undefined };

export interface Lease {
  proxy: string;
  toxic?: string;
  /** Who renews it, e.g. a run id; `POST /leases/renew` renews every lease of one holder at once. */
  holder: string;
  ttl_ms: number;
  /** UTC expiry with milliseconds. */
  expires_at: string;
}

interface Entry {
  lease: Lease;
  timer: TimerHandle;
}

/** Longest lease accepted: leases exist to be renewed by a live runner, not to park faults. */
export const MAX_LEASE_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Expiry timers for faults. A runner renews its leases while it lives; when one lapses the book calls
 * `onExpire`, which reverts the fault. This is how a runner killed with SIGKILL leaves nothing behind.
 */
export class LeaseBook {
  private readonly entries = new Map<string, Entry>();
  /** Leases that lapsed since the book was made (a runner died or stopped renewing). */
  expiredCount = 0;

  constructor(
    private readonly clock: Clock,
    private readonly onExpire: (lease: Lease) => void,
  ) {}

  set(target: LeaseTarget, ttlMs: number, holder: string): Lease {
    this.release(target);
    const lease: Lease = { proxy: target.proxy, ...(target.toxic !== undefined ? { toxic: target.toxic } : {}), holder, ttl_ms: ttlMs, expires_at: new Date(this.clock.now() + ttlMs).toISOString() };
    const key = keyOf(target);
    const timer = this.clock.setTimer(() => {
      this.entries.delete(key);
      this.expiredCount++;
      this.onExpire(lease);
    }, ttlMs);
    this.entries.set(key, { lease, timer });
    return lease;
  }

  get(target: LeaseTarget): Lease | undefined {
    return this.entries.get(keyOf(target))?.lease;
  }

  /** Drop a lease (the fault was reverted or is now someone else's business). */
  release(target: LeaseTarget): Lease | undefined {
    const key = keyOf(target);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    entry.timer.cancel();
    this.entries.delete(key);
    return entry.lease;
  }

  /** Drop every lease on a proxy and its toxics (the proxy was deleted or replaced). */
  releaseProxy(proxy: string): void {
    for (const entry of [...this.entries.values()]) if (entry.lease.proxy === proxy) this.release(entry.lease);
  }

  /** Renew every lease of `holder`, with a new TTL or each its own. */
  renewHolder(holder: string, ttlMs?: number): Lease[] {
    return this.list()
      .filter((lease) => lease.holder === holder)
      .map((lease) => this.set(lease, ttlMs ?? lease.ttl_ms, holder));
  }

  list(): Lease[] {
    return [...this.entries.values()].map((e) => e.lease).sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
  }

  clear(): void {
    for (const entry of this.entries.values()) entry.timer.cancel();
    this.entries.clear();
  }
}

function keyOf(target: LeaseTarget): string {
  return target.toxic === undefined ? `${target.proxy}\u0000` : `${target.proxy}\u0000${target.toxic}`;
}
