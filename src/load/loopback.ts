import { isIPv4 } from 'node:net';
import { FaultlineError } from '../core/errors.js';

/**
 * Load from Faultline never leaves the machine (DESIGN: loopback only). The check reads the URL the
 * way undici will (WHATWG parsing, so `127.1` and `0x7f.0.0.1` are normalised to 127.0.0.1 before
 * they are judged) and runs before any connection exists. `localhost` is trusted to be loopback, as
 * RFC 6761 asks resolvers to make it.
 */
export function assertLoopbackTarget(target: string): URL {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new FaultlineError('FAULTLINE_LOAD_BAD_OPTIONS', `load target ${JSON.stringify(target)} is not a URL`, { target });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FaultlineError('FAULTLINE_LOAD_TARGET_NOT_LOOPBACK', `load target ${target} is not an http(s) URL; Faultline only sends load over HTTP to loopback`, { target });
  }
  if (!isLoopbackHost(url.hostname)) {
    throw new FaultlineError('FAULTLINE_LOAD_TARGET_NOT_LOOPBACK', `load target ${target} is not a loopback address; Faultline only sends load to 127.0.0.0/8, localhost or [::1]`, { target, host: url.hostname });
  }
  return url;
}

/** A URL hostname (IPv6 in brackets, as WHATWG URL gives it) that names this machine's loopback. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]') return true;
  return isIPv4(host) && host.startsWith('127.');
}
