import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { LEASE_HOLDER_RULE, LEASE_TTL_RULE, LeaseBook, MAX_LEASE_TTL_MS, readLeaseBody, type Lease, type LeaseBookOptions } from '../../../src/core/leases.js';

const START = Date.UTC(2026, 10, 26, 23, 41, 7, 123);

/** A book on a manual clock that records what lapsed, with the book's view at that moment. */
function recordingBook<K>(options?: LeaseBookOptions<K>) {
  const clock = new ManualClock(START);
  const expired: Array<{ lease: Lease<K>; stillListed: boolean }> = [];
  const book: LeaseBook<K> = new LeaseBook<K>(clock, (lease) => expired.push({ lease, stillListed: book.get(lease.key) !== undefined }), options);
  return { clock, book, expired };
}

describe('LeaseBook', () => {
  it('sets a lease with its holder, TTL and millisecond UTC expiry on the injected clock', () => {
    const { book } = recordingBook<string>();
    const lease = book.set('payments', 5000, 'run-1');
    expect(lease).toEqual({ key: 'payments', holder: 'run-1', ttlMs: 5000, expiresAt: '2026-11-26T23:41:12.123Z' });
    expect(book.get('payments')).toBe(lease);
    expect(book.get('orders')).toBeUndefined();
  });

  it('expires a lease exactly at its TTL: it leaves the book first, then onExpire hears of it once', () => {
    const { clock, book, expired } = recordingBook<string>();
    const lease = book.set('payments', 1000, 'run-1');
    clock.advance(999);
    expect(expired).toEqual([]);
    expect(book.expiredCount).toBe(0);
    clock.advance(1);
    expect(expired).toEqual([{ lease, stillListed: false }]);
    expect(book.expiredCount).toBe(1);
    expect(book.list()).toEqual([]);
    clock.advance(10_000);
    expect(expired).toHaveLength(1);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('setting again replaces the lease: the old timer never fires', () => {
    const { clock, book, expired } = recordingBook<string>();
    book.set('payments', 1000, 'run-1');
    clock.advance(800);
    const renewed = book.set('payments', 1000, 'run-1');
    expect(renewed.expiresAt).toBe('2026-11-26T23:41:08.923Z');
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(999);
    expect(expired).toEqual([]);
    clock.advance(1);
    expect(expired.map((e) => e.lease)).toEqual([renewed]);
  });

  it('release drops a lease so it never expires, and says what it dropped', () => {
    const { clock, book, expired } = recordingBook<string>();
    const lease = book.set('payments', 1000, 'run-1');
    expect(book.release('payments')).toBe(lease);
    expect(book.release('payments')).toBeUndefined();
    expect(book.get('payments')).toBeUndefined();
    clock.advance(5000);
    expect(expired).toEqual([]);
    expect(book.expiredCount).toBe(0);
  });

  it('releaseWhere drops exactly the leases whose key matches', () => {
    const { clock, book, expired } = recordingBook<{ proxy: string; toxic?: string }>({ idOf: (k) => `${k.proxy}/${k.toxic ?? ''}` });
    book.set({ proxy: 'db' }, 1000, 'run-1');
    book.set({ proxy: 'db', toxic: 'latency' }, 1000, 'run-1');
    book.set({ proxy: 'cache', toxic: 'latency' }, 1000, 'run-1');
    book.releaseWhere((key) => key.proxy === 'db');
    expect(book.list().map((l) => l.key)).toEqual([{ proxy: 'cache', toxic: 'latency' }]);
    clock.advance(1000);
    expect(expired.map((e) => e.lease.key)).toEqual([{ proxy: 'cache', toxic: 'latency' }]);
  });

  it('keys with the same id are one lease, whatever object carries them', () => {
    const { book } = recordingBook<{ proxy: string }>({ idOf: (k) => k.proxy });
    book.set({ proxy: 'db' }, 1000, 'run-1');
    const second = book.set({ proxy: 'db' }, 2000, 'run-2');
    expect(book.list()).toEqual([second]);
    expect(book.get({ proxy: 'db' })).toBe(second);
  });

  it('renews every lease of one holder, with a new TTL or each its own, and nobody else’s', () => {
    const { clock, book, expired } = recordingBook<string>();
    book.set('a', 1000, 'run-1');
    book.set('b', 3000, 'run-1');
    book.set('c', 1000, 'run-2');
    clock.advance(500);
    const own = book.renewHolder('run-1');
    expect(own.map((l) => [l.key, l.ttlMs, l.expiresAt])).toEqual([['a', 1000, '2026-11-26T23:41:08.623Z'], ['b', 3000, '2026-11-26T23:41:10.623Z']]);
    expect(book.renewHolder('nobody')).toEqual([]);
    clock.advance(500);
    expect(expired.map((e) => e.lease.key)).toEqual(['c']);
    const longer = book.renewHolder('run-1', 60_000);
    expect(longer.map((l) => [l.key, l.ttlMs])).toEqual([['a', 60_000], ['b', 60_000]]);
    clock.advance(59_999);
    expect(expired.map((e) => e.lease.key)).toEqual(['c']);
    clock.advance(1);
    expect(expired.map((e) => e.lease.key)).toEqual(['c', 'a', 'b']);
  });

  it('lists in the order leases were last set, unless given an order', () => {
    const { book } = recordingBook<string>();
    book.set('b', 1000, 'run-1');
    book.set('a', 1000, 'run-2');
    book.set('c', 1000, 'run-1');
    expect(book.list().map((l) => l.key)).toEqual(['b', 'a', 'c']);
    book.set('b', 1000, 'run-1');
    expect(book.list().map((l) => l.key)).toEqual(['a', 'c', 'b']);
    // A renewal keeps the holder's own order and moves its leases after the others.
    expect(book.renewHolder('run-1').map((l) => l.key)).toEqual(['c', 'b']);
    expect(book.list().map((l) => l.key)).toEqual(['a', 'c', 'b']);

    const sorted = recordingBook<string>({ compare: (x, y) => x.localeCompare(y) }).book;
    for (const key of ['b', 'c', 'a']) sorted.set(key, 1000, 'run-1');
    expect(sorted.list().map((l) => l.key)).toEqual(['a', 'b', 'c']);
    expect(sorted.renewHolder('run-1').map((l) => l.key)).toEqual(['a', 'b', 'c']);
  });

  it('an expiry handler may set a new lease on the same key', () => {
    const clock = new ManualClock(START);
    const seen: number[] = [];
    const book: LeaseBook<string> = new LeaseBook<string>(clock, (lease) => {
      seen.push(clock.monotonic());
      if (seen.length === 1) book.set(lease.key, 500, lease.holder);
    });
    book.set('payments', 1000, 'run-1');
    clock.advance(1000);
    expect(book.get('payments')?.ttlMs).toBe(500);
    clock.advance(500);
    expect(seen).toEqual([1000, 1500]);
    expect(book.expiredCount).toBe(2);
    expect(book.list()).toEqual([]);
  });

  it('clear drops every lease and cancels every timer', () => {
    const { clock, book, expired } = recordingBook<string>();
    book.set('a', 1000, 'run-1');
    book.set('b', 2000, 'run-2');
    book.clear();
    expect(book.list()).toEqual([]);
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(5000);
    expect(expired).toEqual([]);
  });
});

describe('readLeaseBody', () => {
  it('reads both fields, and tells a field left out from one given', () => {
    expect(readLeaseBody({ ttl_ms: 5000, holder: 'run-1' })).toEqual({ ttl: { kind: 'valid', value: 5000 }, holder: { kind: 'valid', value: 'run-1' } });
    expect(readLeaseBody({})).toEqual({ ttl: { kind: 'absent' }, holder: { kind: 'absent' } });
    expect(readLeaseBody({ ttl_ms: 1, holder: 'x', other: true })).toEqual({ ttl: { kind: 'valid', value: 1 }, holder: { kind: 'valid', value: 'x' } });
    expect(readLeaseBody({ ttl_ms: MAX_LEASE_TTL_MS }).ttl).toEqual({ kind: 'valid', value: MAX_LEASE_TTL_MS });
  });

  it.each([
    ['100', 'not a number'],
    [null, 'not a number'],
    [true, 'not a number'],
    [Number.NaN, 'not a number'],
    [0, 'not above 0'],
    [-5, 'not above 0'],
    [-0.5, 'not above 0'],
    [Number.NEGATIVE_INFINITY, 'not above 0'],
    [MAX_LEASE_TTL_MS + 1, 'too long'],
    [MAX_LEASE_TTL_MS + 0.5, 'too long'],
    [Number.POSITIVE_INFINITY, 'too long'],
    [1.5, 'not whole'],
  ])('refuses ttl_ms %j: %s', (value, problem) => {
    expect(readLeaseBody({ ttl_ms: value, holder: 'run-1' })).toEqual({ ttl: { kind: 'invalid', value, problem }, holder: { kind: 'valid', value: 'run-1' } });
  });

  it.each([
    [5, 'not a string'],
    [null, 'not a string'],
    [['run-1'], 'not a string'],
    ['', 'empty'],
  ])('refuses holder %j: %s', (value, problem) => {
    expect(readLeaseBody({ ttl_ms: 5000, holder: value }).holder).toEqual({ kind: 'invalid', value, problem });
  });

  it('words its rules with the one maximum (a day)', () => {
    expect(MAX_LEASE_TTL_MS).toBe(86_400_000);
    expect(LEASE_TTL_RULE).toBe('a whole number of milliseconds above 0 and at most 86400000');
    expect(LEASE_HOLDER_RULE).toBe('a non-empty string');
  });
});
