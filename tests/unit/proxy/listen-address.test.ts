import { describe, expect, it } from 'vitest';
import { bindErrorMessage, checkUpstream, joinHostPort, resolveListen, splitHostPort } from '../../../src/proxy/listen-address.js';

describe('splitHostPort', () => {
  it.each([
    ['127.0.0.1:8474', { host: '127.0.0.1', port: 8474 }],
    ['localhost:0', { host: 'localhost', port: 0 }],
    [':9000', { host: '', port: 9000 }],
    ['[::1]:80', { host: '::1', port: 80 }],
    ['somehost:12345', { host: 'somehost', port: 12345 }],
  ])('splits %j', (address, expected) => {
    expect(splitHostPort(address)).toEqual(expected);
  });

  it.each([
    ['local373', 'address local373: missing port in address'],
    ['::1:80', 'address ::1:80: too many colons in address'],
    ['[::1', "address [::1: missing ']' in address"],
    ['host:http', 'address host:http: invalid port'],
    ['host:70000', 'address host:70000: invalid port'],
    ['host:', 'address host:: invalid port'],
  ])('refuses %j in Go words', (address, error) => {
    expect(splitHostPort(address)).toEqual({ error });
  });
});

describe('resolveListen', () => {
  it.each([
    ['', { host: '127.0.0.1', port: 0 }],
    ['9000', { host: '127.0.0.1', port: 9000 }],
    [':9000', { host: '127.0.0.1', port: 9000 }],
    ['localhost:0', { host: '127.0.0.1', port: 0 }],
    ['0.0.0.0:0', { host: '0.0.0.0', port: 0 }],
    ['[::1]:0', { host: '::1', port: 0 }],
  ])('binds %j on %j (loopback unless asked, IPv4 first)', async (listen, expected) => {
    expect(await resolveListen(listen)).toEqual(expected);
  });

  it('reports an address without a port as Go does', async () => {
    await expect(resolveListen('local373')).rejects.toThrow('listen tcp: address local373: missing port in address');
  });

  it('reports a name that does not resolve', async () => {
    await expect(resolveListen('nohost.invalid:0')).rejects.toThrow('listen tcp: lookup nohost.invalid: no such host');
  });
});

describe('formatting', () => {
  it('brackets IPv6 hosts', () => {
    expect(joinHostPort('::1', 80)).toBe('[::1]:80');
    expect(joinHostPort('127.0.0.1', 80)).toBe('127.0.0.1:80');
  });

  it('words bind errors as Go does', () => {
    const error = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });
    expect(bindErrorMessage('127.0.0.1:3310', error)).toBe('listen tcp 127.0.0.1:3310: bind: address already in use');
  });

  it('checks an upstream for a host and a port but does not resolve it', () => {
    expect(checkUpstream('somehost:12345')).toBeUndefined();
    expect(checkUpstream('nocolon')).toBe('upstream address nocolon: missing port in address');
    expect(checkUpstream(':80')).toBe('upstream address :80: missing host');
  });
});
