import type { Clock, TimerHandle } from './clock.js';

/**
 * Leases: expiries on faults. Whoever injected a fault (a runner) renews its lease while it lives;
 * when a lease lapses its book calls `onExpire`, which reverts the fault. This is how a runner
 * killed with SIGKILL leaves nothing behind. The proxy keys its leases by proxy and toxic, the
 * supervisor its pause leases by service; both read the same `{"ttl_ms", "holder"}` bodies.
 */

/** Longest lease accepted: leases exist to be renewed by a live runner, not to park faults. */
export const MAX_LEASE_TTL_MS = 24 * 60 * 60 * 1000;

/** The rules of a lease body's fields, as messages word them ("ttl_ms must be …"). */
export const LEASE_TTL_RULE = `a whole number of milliseconds above 0 and at most ${MAX_LEASE_TTL_MS}`;
export const LEASE_HOLDER_RULE = 'a non-empty string';

export interface Lease<K> {
  readonly key: K;
  /** Who renews it, e.g. a run id; `renewHolder` renews every lease of one holder at once. */
  readonly holder: string;
  readonly ttlMs: number;
  /** UTC expiry with milliseconds. */
  readonly expiresAt: string;
}

export interface LeaseBookOptions<K> {
  /** The identity of a key: keys with the same id are one lease. Default `String(key)`. */
  idOf?: (key: K) => string;
  /** The order of `list()` and `renewHolder()`; by default, the order the leases were last set in. */
  compare?: (a: K, b: K) => number;
}

interface Entry<K> {
  lease: Lease<K>;
  timer: TimerHandle;
}

/** Expiry timers for faults, keyed by what each fault is on, on the injected clock. */
export class LeaseBook<K> {
  private readonly entries = new Map<string, Entry<K>>();
  private readonly idOf: (key: K) => string;
  private readonly compare: ((a: K, b: K) => number) | undefined;
  /** Leases that lapsed since the book was made (a runner died or stopped renewing). */
  expiredCount = 0;

  constructor(
    private readonly clock: Clock,
    /** Told of a lapsed lease once it has left the book: revert the fault it guarded. */
    private readonly onExpire: (lease: Lease<K>) => void,
    options: LeaseBookOptions<K> = {},
  ) {
    this.idOf = options.idOf ?? String;
    this.compare = options.compare;
  }

  /** Put a lease on `key`, replacing any it had (renewing is setting again). */
  set(key: K, ttlMs: number, holder: string): Lease<K> {
    this.release(key);
    const id = this.idOf(key);
    const lease: Lease<K> = { key, holder, ttlMs, expiresAt: new Date(this.clock.now() + ttlMs).toISOString() };
    const entry: Entry<K> = {
      lease,
      timer: this.clock.setTimer(() => {
        if (this.entries.get(id) !== entry) return;
        this.entries.delete(id);
        this.expiredCount++;
        this.onExpire(lease);
      }, ttlMs),
    };
    this.entries.set(id, entry);
    return lease;
  }

  get(key: K): Lease<K> | undefined {
    return this.entries.get(this.idOf(key))?.lease;
  }

  /** Drop a lease (the fault was reverted or is now someone else's business); it never expires. */
  release(key: K): Lease<K> | undefined {
    const id = this.idOf(key);
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    entry.timer.cancel();
    this.entries.delete(id);
    return entry.lease;
  }

  /** Drop every lease whose key matches (e.g. all leases on a deleted proxy). */
  releaseWhere(matches: (key: K) => boolean): void {
    for (const { lease } of [...this.entries.values()]) if (matches(lease.key)) this.release(lease.key);
  }

  /** Renew every lease of `holder`, with a new TTL or each its own. */
  renewHolder(holder: string, ttlMs?: number): Array<Lease<K>> {
    return this.list()
      .filter((lease) => lease.holder === holder)
      .map((lease) => this.set(lease.key, ttlMs ?? lease.ttlMs, holder));
  }

  list(): Array<Lease<K>> {
    const leases = [...this.entries.values()].map((entry) => entry.lease);
    const compare = this.compare;
    return compare ? leases.sort((a, b) => compare(a.key, b.key)) : leases;
  }

  /** Drop every lease (shutdown): none will expire. */
  clear(): void {
    for (const entry of this.entries.values()) entry.timer.cancel();
    this.entries.clear();
  }
}

/** One field of a lease body as read: left out, acceptable, or refused and why. */
export type LeaseField<T, Problem extends string> =
  | { kind: 'absent' }
  | { kind: 'valid'; value: T }
  | { kind: 'invalid'; value: unknown; problem: Problem };

/** Why a `ttl_ms` was refused, in the order it is checked. */
export type LeaseTtlProblem = 'not a number' | 'not above 0' | 'too long' | 'not whole';
/** Why a `holder` was refused. */
export type LeaseHolderProblem = 'not a string' | 'empty';

export interface LeaseBody {
  ttl: LeaseField<number, LeaseTtlProblem>;
  holder: LeaseField<string, LeaseHolderProblem>;
}

/**
 * Read the `{"ttl_ms": 5000, "holder": "run-1"}` of a lease request, the one set of rules for both
 * the proxy and the supervisor: `ttl_ms` is LEASE_TTL_RULE, `holder` LEASE_HOLDER_RULE. A field is
 * absent only when left out (`null` is a value, and refused). Which fields a request needs, and
 * how a refusal is worded, belong to each API.
 */
export function readLeaseBody(body: object): LeaseBody {
  const { ttl_ms: ttl, holder } = body as { ttl_ms?: unknown; holder?: unknown };
  return { ttl: readTtl(ttl), holder: readHolder(holder) };
}

function readTtl(value: unknown): LeaseField<number, LeaseTtlProblem> {
  if (value === undefined) return { kind: 'absent' };
  const problem: LeaseTtlProblem | undefined =
    typeof value !== 'number' || Number.isNaN(value) ? 'not a number'
    : !(value > 0) ? 'not above 0'
    : value > MAX_LEASE_TTL_MS ? 'too long'
    : !Number.isInteger(value) ? 'not whole'
    : undefined;
  return problem ? { kind: 'invalid', value, problem } : { kind: 'valid', value: value as number };
}

function readHolder(value: unknown): LeaseField<string, LeaseHolderProblem> {
  if (value === undefined) return { kind: 'absent' };
  if (typeof value !== 'string') return { kind: 'invalid', value, problem: 'not a string' };
  if (value === '') return { kind: 'invalid', value, problem: 'empty' };
  return { kind: 'valid', value };
}
