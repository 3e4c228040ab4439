import type { Clock } from '../core/clock.js';
import { LEASE_HOLDER_RULE, LEASE_TTL_RULE, MAX_LEASE_TTL_MS, LeaseBook, readLeaseBody, type Lease } from '../core/leases.js';
import { badLeaseTtl, badRequestBody } from './api-errors.js';

/** What a lease guards: a toxic (removed on expiry) or a proxy's outage (re-enabled on expiry). */
export type LeaseTarget = { proxy: string; toxic: string } | { proxy: string; toxic?: undefined };

export type ProxyLease = Lease<LeaseTarget>;

/** A lease as the API shows it (docs/TOXICS.md, Leases). */
export interface LeaseJson {
  proxy: string;
  toxic?: string;
  /** Who renews it, e.g. a run id; `POST /leases/renew` renews every lease of one holder at once. */
  holder: string;
  ttl_ms: number;
  /** UTC expiry with milliseconds. */
  expires_at: string;
}

export function leaseJson(lease: ProxyLease): LeaseJson {
  const { key } = lease;
  return { proxy: key.proxy, ...(key.toxic !== undefined ? { toxic: key.toxic } : {}), holder: lease.holder, ttl_ms: lease.ttlMs, expires_at: lease.expiresAt };
}

/** The proxy's book: one lease per proxy outage and per toxic, listed by proxy, then toxic. */
export function proxyLeaseBook(clock: Clock, onExpire: (lease: ProxyLease) => void): LeaseBook<LeaseTarget> {
  return new LeaseBook<LeaseTarget>(clock, onExpire, { idOf: targetId, compare: (a, b) => targetId(a).localeCompare(targetId(b)) });
}

function targetId(target: LeaseTarget): string {
  return target.toxic === undefined ? `${target.proxy}\u0000` : `${target.proxy}\u0000${target.toxic}`;
}

/** The body of `PUT …/lease`: `ttl_ms` is required, `holder` defaults to `anonymous`. */
export function decodeLeasePut(body: object): { ttlMs: number; holder: string } {
  const { ttl, holder } = readLeaseBody(body);
  if (ttl.kind !== 'valid') {
    const value = ttl.kind === 'invalid' ? ttl.value : undefined;
    if (ttl.kind === 'invalid' && ttl.problem === 'not whole') throw badLeaseTtl(`ttl_ms must be ${LEASE_TTL_RULE}, got ${JSON.stringify(value)}`);
    throw badLeaseTtl(`ttl_ms must be a number of milliseconds above 0 and at most ${MAX_LEASE_TTL_MS}, got ${JSON.stringify(value)}`);
  }
  if (holder.kind === 'invalid') throw badLeaseTtl(holder.problem === 'empty' ? `holder must be ${LEASE_HOLDER_RULE}` : 'holder must be a string');
  return { ttlMs: ttl.value, holder: holder.kind === 'valid' ? holder.value : 'anonymous' };
}

/** The body of `POST /leases/renew`: `holder` is required, `ttl_ms` optional (each lease keeps its own). */
export function decodeLeaseRenewal(body: object): { holder: string; ttlMs?: number } {
  const { ttl, holder } = readLeaseBody(body);
  if (holder.kind !== 'valid') throw badRequestBody(`holder must be ${LEASE_HOLDER_RULE}`);
  if (ttl.kind === 'invalid') {
    throw badRequestBody(ttl.problem === 'not a number' || ttl.problem === 'not above 0' ? 'ttl_ms, when given, must be a positive number of milliseconds' : `ttl_ms, when given, must be ${LEASE_TTL_RULE}`);
  }
  return { holder: holder.value, ...(ttl.kind === 'valid' ? { ttlMs: ttl.value } : {}) };
}
