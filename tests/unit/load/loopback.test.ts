import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterEach, describe, expect, it } from 'vitest';
import { isFaultlineError } from '../../../src/core/errors.js';
import { startLoad } from '../../../src/load/generator.js';
import { assertLoopbackTarget, isLoopbackHost } from '../../../src/load/loopback.js';
import { fixedRequest } from '../../../src/load/request-mix.js';
import { constantRate } from '../../../src/load/schedule.js';

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return isFaultlineError(error) ? error.code : 'not a FaultlineError';
  }
  return undefined;
}

describe('the loopback guard', () => {
  it.each(['http://127.0.0.1:8080', 'http://127.0.0.2:1', 'http://127.255.255.254', 'http://127.1:9', 'http://localhost:3000', 'http://LOCALHOST', 'http://[::1]:80', 'https://127.0.0.1'])('accepts %s', (target) => {
    expect(() => assertLoopbackTarget(target)).not.toThrow();
  });

  it.each([
    ['http://10.0.0.1', 'FAULTLINE_LOAD_TARGET_NOT_LOOPBACK'],
    ['http://example.com', 'FAULTLINE_LOAD_TARGET_NOT_LOOPBACK'],
    ['http://128.0.0.1', 'FAULTLINE_LOAD_TARGET_NOT_LOOPBACK'],
    ['http://0.0.0.0:80', 'FAULTLINE_LOAD_TARGET_NOT_LOOPBACK'],
    ['http://[::ffff:10.0.0.1]', 'FAULTLINE_LOAD_TARGET_NOT_LOOPBACK'],
    ['http://127.0.0.1.example.com', 'FAULTLINE_LOAD_TARGET_NOT_LOOPBACK'],
    ['ftp://127.0.0.1', 'FAULTLINE_LOAD_TARGET_NOT_LOOPBACK'],
    ['not a url', 'FAULTLINE_LOAD_BAD_OPTIONS'],
  ])('refuses %s with %s', (target, code) => {
    expect(codeOf(() => assertLoopbackTarget(target))).toBe(code);
  });

  it('judges hosts as WHATWG URL spells them', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('::1')).toBe(false);
    expect(isLoopbackHost('127.example')).toBe(false);
  });
});

describe('a load run at a non-loopback target', () => {
  const seen: string[] = [];
  const channels = ['undici:request:create', 'undici:client:beforeConnect', 'undici:client:connected'];
  const listeners = channels.map((name) => [name, () => seen.push(name)] as const);
  for (const [name, listener] of listeners) subscribe(name, listener);
  afterEach(() => {
    for (const [name, listener] of listeners) unsubscribe(name, listener);
  });

  it.each(['http://10.0.0.1:80', 'http://example.com'])('is refused before anything is sent to %s', (target) => {
    const code = codeOf(() => startLoad({ target, schedule: constantRate(100, 1000), requests: fixedRequest({ kind: 'x', method: 'GET', path: '/' }) }));
    expect(code).toBe('FAULTLINE_LOAD_TARGET_NOT_LOOPBACK');
    expect(seen).toEqual([]);
  });

  it('refuses a target with a path, and unusable options, the same way', () => {
    const base = { target: 'http://127.0.0.1:1', schedule: constantRate(1, 1000), requests: fixedRequest({ kind: 'x', method: 'GET', path: '/' }) } as const;
    expect(codeOf(() => startLoad({ ...base, target: 'http://127.0.0.1:1/api' }))).toBe('FAULTLINE_LOAD_BAD_OPTIONS');
    expect(codeOf(() => startLoad({ ...base, timeoutMs: 0 }))).toBe('FAULTLINE_LOAD_BAD_OPTIONS');
    expect(codeOf(() => startLoad({ ...base, maxInFlight: -1 }))).toBe('FAULTLINE_LOAD_BAD_OPTIONS');
    expect(codeOf(() => startLoad({ ...base, schedule: { stages: [] } }))).toBe('FAULTLINE_LOAD_BAD_OPTIONS');
    expect(seen).toEqual([]);
  });
});
