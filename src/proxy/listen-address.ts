import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

export interface HostPort {
  host: string;
  port: number;
}

/** Faultline binds loopback unless told otherwise: an empty host or a bare port means 127.0.0.1. */
export const DEFAULT_BIND_HOST = '127.0.0.1';

/**
 * Split `host:port` as Go's net.SplitHostPort does, returning Go's wording on failure so error
 * bodies read like Toxiproxy's (`address local373: missing port in address`).
 */
export function splitHostPort(address: string): HostPort | { error: string } {
  let host: string;
  let portText: string;
  if (address.startsWith('[')) {
    const close = address.indexOf(']');
    if (close < 0) return { error: `address ${address}: missing ']' in address` };
    host = address.slice(1, close);
    if (address[close + 1] !== ':') return { error: `address ${address}: missing port in address` };
    portText = address.slice(close + 2);
  } else {
    const colon = address.lastIndexOf(':');
    if (colon < 0) return { error: `address ${address}: missing port in address` };
    host = address.slice(0, colon);
    if (host.includes(':')) return { error: `address ${address}: too many colons in address` };
    portText = address.slice(colon + 1);
  }
  const port = Number(portText);
  if (portText === '' || !/^\d+$/.test(portText) || port > 65535) return { error: `address ${address}: invalid port` };
  return { host, port };
}

/** Format as Go does: IPv6 in brackets. */
export function joinHostPort(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Resolve a listen address to the IP and port to bind. Hostnames resolve IPv4 first (Go's order;
 * Node ≥ 17 would otherwise pick ::1 for localhost), so `localhost:0` reports `127.0.0.1:<port>`.
 * Throws an Error whose message is Go-style (`listen tcp: ...`).
 */
export async function resolveListen(listen: string): Promise<HostPort> {
  const text = listen.trim();
  if (text === '') return { host: DEFAULT_BIND_HOST, port: 0 };
  if (/^\d+$/.test(text)) return { host: DEFAULT_BIND_HOST, port: Number(text) };
  const parsed = splitHostPort(text);
  if ('error' in parsed) throw new Error(`listen tcp: ${parsed.error}`);
  if (parsed.host === '') return { host: DEFAULT_BIND_HOST, port: parsed.port };
  if (isIP(parsed.host)) return parsed;
  try {
    const found = await lookup(parsed.host, { family: 4 }).catch(() => lookup(parsed.host));
    return { host: found.address, port: parsed.port };
  } catch {
    throw new Error(`listen tcp: lookup ${parsed.host}: no such host`);
  }
}

/** Check an upstream's syntax; its name is resolved only when a connection is made, as in Toxiproxy. */
export function checkUpstream(upstream: string): string | undefined {
  const parsed = splitHostPort(upstream);
  if ('error' in parsed) return `upstream ${parsed.error}`;
  if (parsed.host === '') return `upstream address ${upstream}: missing host`;
  return undefined;
}

/** The Go wording for a bind failure, e.g. `listen tcp 127.0.0.1:3310: bind: address already in use`. */
export function bindErrorMessage(address: string, error: NodeJS.ErrnoException): string {
  const reason: Record<string, string> = {
    EADDRINUSE: 'bind: address already in use',
    EACCES: 'bind: permission denied',
    EADDRNOTAVAIL: 'bind: cannot assign requested address',
  };
  return `listen tcp ${address}: ${reason[error.code ?? ''] ?? error.message}`;
}
