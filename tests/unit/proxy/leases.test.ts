import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { ProxyApiError } from '../../../src/proxy/api-errors.js';
import { decodeLeasePut, decodeLeaseRenewal, leaseJson, proxyLeaseBook, type ProxyLease } from '../../../src/proxy/leases.js';

/** The ProxyApiError `run` throws: its code and its Toxiproxy-style message. */
function refusal(run: () => unknown): { code: string; status: number; message: string } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ProxyApiError);
    const { code, status, message } = error as ProxyApiError;
    return { code, status, message };
  }
  throw new Error('expected a refusal');
}

const RANGE = 'bad request body: ttl_ms must be a number of milliseconds above 0 and at most 86400000';

describe('decodeLeasePut', () => {
  it('takes ttl_ms and holder, and defaults the holder to anonymous', () => {
    expect(decodeLeasePut({ ttl_ms: 5000, holder: 'run-1' })).toEqual({ ttlMs: 5000, holder: 'run-1' });
    expect(decodeLeasePut({ ttl_ms: 86_400_000 })).toEqual({ ttlMs: 86_400_000, holder: 'anonymous' });
  });

  it.each([
    [{}, `${RANGE}, got undefined`],
    [{ holder: 'x' }, `${RANGE}, got undefined`],
    [{ ttl_ms: null }, `${RANGE}, got null`],
    [{ ttl_ms: '100' }, `${RANGE}, got "100"`],
    [{ ttl_ms: 0 }, `${RANGE}, got 0`],
    [{ ttl_ms: -5 }, `${RANGE}, got -5`],
    [{ ttl_ms: 86_400_001 }, `${RANGE}, got 86400001`],
    // ttl_ms is checked before holder.
    [{ ttl_ms: 0, holder: 7 }, `${RANGE}, got 0`],
    [{ holder: 7 }, `${RANGE}, got undefined`],
    [{ ttl_ms: 1000, holder: 7 }, 'bad request body: holder must be a string'],
    [{ ttl_ms: 1000, holder: null }, 'bad request body: holder must be a string'],
    // The rules both APIs share: whole milliseconds, a holder that a renewal can name.
    [{ ttl_ms: 1.5 }, 'bad request body: ttl_ms must be a whole number of milliseconds above 0 and at most 86400000, got 1.5'],
    [{ ttl_ms: 1000, holder: '' }, 'bad request body: holder must be a non-empty string'],
  ])('refuses %j with a 400 FAULTLINE_LEASE_BAD_TTL: %s', (body, message) => {
    expect(refusal(() => decodeLeasePut(body))).toEqual({ code: 'FAULTLINE_LEASE_BAD_TTL', status: 400, message });
  });
});

describe('decodeLeaseRenewal', () => {
  it('takes the holder, and ttl_ms only when given', () => {
    expect(decodeLeaseRenewal({ holder: 'run-1' })).toEqual({ holder: 'run-1' });
    expect(decodeLeaseRenewal({ holder: 'run-1', ttl_ms: 60_000 })).toEqual({ holder: 'run-1', ttlMs: 60_000 });
  });

  const POSITIVE = 'bad request body: ttl_ms, when given, must be a positive number of milliseconds';
  it.each([
    [{}, 'bad request body: holder must be a non-empty string'],
    [{ ttl_ms: 100 }, 'bad request body: holder must be a non-empty string'],
    [{ holder: '' }, 'bad request body: holder must be a non-empty string'],
    [{ holder: 5 }, 'bad request body: holder must be a non-empty string'],
    // holder is checked before ttl_ms.
    [{ holder: '', ttl_ms: -1 }, 'bad request body: holder must be a non-empty string'],
    [{ holder: 'run-1', ttl_ms: 0 }, POSITIVE],
    [{ holder: 'run-1', ttl_ms: -5 }, POSITIVE],
    [{ holder: 'run-1', ttl_ms: '100' }, POSITIVE],
    [{ holder: 'run-1', ttl_ms: null }, POSITIVE],
    // A renewal is held to the same maximum as a lease.
    [{ holder: 'run-1', ttl_ms: 86_400_001 }, 'bad request body: ttl_ms, when given, must be a whole number of milliseconds above 0 and at most 86400000'],
    [{ holder: 'run-1', ttl_ms: 3e9 }, 'bad request body: ttl_ms, when given, must be a whole number of milliseconds above 0 and at most 86400000'],
    [{ holder: 'run-1', ttl_ms: 1.5 }, 'bad request body: ttl_ms, when given, must be a whole number of milliseconds above 0 and at most 86400000'],
  ])('refuses %j with a 400 FAULTLINE_PROXY_BAD_REQUEST: %s', (body, message) => {
    expect(refusal(() => decodeLeaseRenewal(body))).toEqual({ code: 'FAULTLINE_PROXY_BAD_REQUEST', status: 400, message });
  });
});

describe('the proxy lease book', () => {
  it('shows a lease with the fields of docs/TOXICS.md, in order, and no toxic on an outage lease', () => {
    const book = proxyLeaseBook(new ManualClock(Date.UTC(2026, 10, 26, 23, 41, 7, 123)), () => undefined);
    const toxic = leaseJson(book.set({ proxy: 'db', toxic: 'latency_downstream' }, 5000, 'run-1'));
    expect(JSON.stringify(toxic)).toBe('{"proxy":"db","toxic":"latency_downstream","holder":"run-1","ttl_ms":5000,"expires_at":"2026-11-26T23:41:12.123Z"}');
    expect(Object.keys(leaseJson(book.set({ proxy: 'db' }, 5000, 'run-1')))).toEqual(['proxy', 'holder', 'ttl_ms', 'expires_at']);
  });

  it('keeps one lease per proxy outage and per toxic, listed by proxy, then toxic', () => {
    const expired: ProxyLease[] = [];
    const clock = new ManualClock();
    const book = proxyLeaseBook(clock, (lease) => expired.push(lease));
    book.set({ proxy: 'db', toxic: 'b' }, 1000, 'run-1');
    book.set({ proxy: 'cache' }, 1000, 'run-1');
    book.set({ proxy: 'db' }, 1000, 'run-2');
    book.set({ proxy: 'db', toxic: 'a' }, 1000, 'run-1');
    book.set({ proxy: 'db', toxic: 'b' }, 2000, 'run-1');
    expect(book.list().map((l) => [l.key.proxy, l.key.toxic, l.ttlMs])).toEqual([
      ['cache', undefined, 1000],
      ['db', undefined, 1000],
      ['db', 'a', 1000],
      ['db', 'b', 2000],
    ]);
    expect(book.get({ proxy: 'db', toxic: 'a' })?.holder).toBe('run-1');
    expect(book.get({ proxy: 'db', toxic: 'missing' })).toBeUndefined();
    clock.advance(500);
    expect(book.renewHolder('run-1').map((l) => [l.key.proxy, leaseJson(l).toxic])).toEqual([['cache', undefined], ['db', 'a'], ['db', 'b']]);
    clock.advance(500);
    expect(expired.map((l) => l.key)).toEqual([{ proxy: 'db' }]);
    expect(book.list().map((l) => leaseJson(l))).toEqual([
      { proxy: 'cache', holder: 'run-1', ttl_ms: 1000, expires_at: '2026-01-01T00:00:01.500Z' },
      { proxy: 'db', toxic: 'a', holder: 'run-1', ttl_ms: 1000, expires_at: '2026-01-01T00:00:01.500Z' },
      { proxy: 'db', toxic: 'b', holder: 'run-1', ttl_ms: 2000, expires_at: '2026-01-01T00:00:02.500Z' },
    ]);
  });
});
