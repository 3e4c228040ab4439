import { describe, it, expect } from 'vitest';
import { decodeAttributes, describe as describeValue, zeroAttributes } from '../../../src/proxy/toxics/attributes.js';
import { toxicTypes } from '../../../src/proxy/toxics/registry.js';
import type { ToxicType } from '../../../src/proxy/stream/stage.js';

function typeOf(name: string): ToxicType {
  const type = toxicTypes.get(name);
  if (!type) throw new Error(`no toxic type ${name}`);
  return type;
}

const latency = typeOf('latency');
const bandwidth = typeOf('bandwidth');
const slicer = typeOf('slicer');
const noop = typeOf('noop');

describe('zeroAttributes', () => {
  it.each([
    ['latency', { latency: 0, jitter: 0 }],
    ['bandwidth', { rate: 0 }],
    ['slow_close', { delay: 0 }],
    ['timeout', { timeout: 0 }],
    ['reset_peer', { timeout: 0 }],
    ['slicer', { average_size: 0, size_variation: 0, delay: 0 }],
    ['limit_data', { bytes: 0 }],
    ['noop', {}],
  ])('%s: every attribute is 0, as Toxiproxy reports ones never sent', (name, expected) => {
    expect(zeroAttributes(typeOf(name))).toEqual(expected);
  });
});

describe('decodeAttributes: defaults', () => {
  it.each([
    ['latency', { latency: 0, jitter: 0 }],
    ['slow_close', { delay: 0 }],
    ['timeout', { timeout: 0 }],
    ['reset_peer', { timeout: 0 }],
    ['limit_data', { bytes: 0 }],
    ['noop', {}],
  ])('%s without attributes gets all-zero defaults', (name, expected) => {
    const type = typeOf(name);
    expect(decodeAttributes(type, zeroAttributes(type), undefined)).toEqual({ ok: true, attributes: expected });
    expect(decodeAttributes(type, zeroAttributes(type), null)).toEqual({ ok: true, attributes: expected });
    expect(decodeAttributes(type, zeroAttributes(type), {})).toEqual({ ok: true, attributes: expected });
  });

  it('bandwidth without a rate is refused: rate 0 stalls the stream forever in Toxiproxy', () => {
    const result = decodeAttributes(bandwidth, zeroAttributes(bandwidth), undefined);
    expect(result).toEqual({ ok: false, message: 'attributes.rate is required and must be at least 1 KB/s (got 0)' });
    expect(decodeAttributes(bandwidth, zeroAttributes(bandwidth), {})).toEqual(result);
  });

  it('slicer without an average_size is refused: average 0 recurses forever in Toxiproxy', () => {
    const result = decodeAttributes(slicer, zeroAttributes(slicer), { size_variation: 0, delay: 10 });
    expect(result).toEqual({ ok: false, message: 'attributes.average_size is required and must be at least 1 bytes (got 0)' });
  });

  it('fills what the request leaves out from the defaults', () => {
    expect(decodeAttributes(latency, zeroAttributes(latency), { latency: 250 })).toEqual({ ok: true, attributes: { latency: 250, jitter: 0 } });
    expect(decodeAttributes(slicer, zeroAttributes(slicer), { average_size: 10 })).toEqual({
      ok: true,
      attributes: { average_size: 10, size_variation: 0, delay: 0 },
    });
  });
});

describe('decodeAttributes: merging over live values (PATCH)', () => {
  it('changes only the keys sent', () => {
    const live = { latency: 1000, jitter: 100 };
    expect(decodeAttributes(latency, live, { jitter: 42 })).toEqual({ ok: true, attributes: { latency: 1000, jitter: 42 } });
    expect(decodeAttributes(latency, live, { latency: 12345, jitter: 42 })).toEqual({ ok: true, attributes: { latency: 12345, jitter: 42 } });
  });

  it('keeps everything when no attributes are sent', () => {
    expect(decodeAttributes(slicer, { average_size: 7, size_variation: 2, delay: 9 }, undefined)).toEqual({
      ok: true,
      attributes: { average_size: 7, size_variation: 2, delay: 9 },
    });
  });

  it('null for a key means "not given" and keeps the live value', () => {
    expect(decodeAttributes(latency, { latency: 5, jitter: 1 }, { latency: null, jitter: 2 })).toEqual({ ok: true, attributes: { latency: 5, jitter: 2 } });
  });

  it('never mutates the base it merges over', () => {
    const live = { latency: 1000, jitter: 100 };
    decodeAttributes(latency, live, { latency: 1, jitter: 2 });
    decodeAttributes(latency, live, { latency: -1 });
    expect(live).toEqual({ latency: 1000, jitter: 100 });
  });

  it('an invalid key fails the whole update (no partial change)', () => {
    const live = { latency: 1000, jitter: 100 };
    const result = decodeAttributes(latency, live, { jitter: 5, latency: 'fast' });
    expect(result.ok).toBe(false);
    expect(live).toEqual({ latency: 1000, jitter: 100 });
  });
});

describe('decodeAttributes: keys', () => {
  it('matches keys case-insensitively, as Go’s decoder does, and stores the canonical name', () => {
    expect(decodeAttributes(latency, zeroAttributes(latency), { LATENCY: 10, Jitter: 3 })).toEqual({ ok: true, attributes: { latency: 10, jitter: 3 } });
    expect(decodeAttributes(slicer, zeroAttributes(slicer), { Average_Size: 5, SIZE_VARIATION: 1, Delay: 2 })).toEqual({
      ok: true,
      attributes: { average_size: 5, size_variation: 1, delay: 2 },
    });
  });

  it('refuses an unknown key, naming it and the known ones', () => {
    expect(decodeAttributes(latency, zeroAttributes(latency), { latency: 10, delay: 5 })).toEqual({
      ok: false,
      message: 'unknown attribute "delay" for toxic type latency (known: latency, jitter)',
    });
    expect(decodeAttributes(bandwidth, zeroAttributes(bandwidth), { rate: 10, burst: 1 })).toEqual({
      ok: false,
      message: 'unknown attribute "burst" for toxic type bandwidth (known: rate)',
    });
  });

  it('noop has no attributes: any key is unknown', () => {
    expect(decodeAttributes(noop, {}, { latency: 1 })).toEqual({ ok: false, message: 'unknown attribute "latency" for toxic type noop (known: none)' });
  });

  it('refuses attributes that are not an object', () => {
    expect(decodeAttributes(latency, zeroAttributes(latency), [100])).toEqual({ ok: false, message: 'attributes must be an object of latency attributes, got an array' });
    expect(decodeAttributes(latency, zeroAttributes(latency), 100)).toEqual({ ok: false, message: 'attributes must be an object of latency attributes, got number 100' });
    expect(decodeAttributes(latency, zeroAttributes(latency), 'latency=100')).toEqual({
      ok: false,
      message: 'attributes must be an object of latency attributes, got the string "latency=100"',
    });
  });
});

describe('decodeAttributes: values', () => {
  it.each([
    [1.5, 'number 1.5'],
    ['100', 'the string "100"'],
    [true, 'boolean true'],
    [{ ms: 1 }, 'an object'],
    [[1], 'an array'],
    [Number.NaN, 'number NaN'],
    [Number.POSITIVE_INFINITY, 'number Infinity'],
  ])('refuses the non-integer %j', (value, described) => {
    expect(decodeAttributes(latency, zeroAttributes(latency), { latency: value })).toEqual({
      ok: false,
      message: `attributes.latency must be an integer (ms), got ${described}`,
    });
  });

  it('accepts integral floats such as 100.0 (JSON has one number type)', () => {
    expect(decodeAttributes(latency, zeroAttributes(latency), { latency: 100.0 })).toEqual({ ok: true, attributes: { latency: 100, jitter: 0 } });
  });

  it.each([
    ['latency', 'latency', -1, 'attributes.latency must be at least 0 ms, got -1'],
    ['latency', 'jitter', -5, 'attributes.jitter must be at least 0 ms, got -5'],
    ['bandwidth', 'rate', 0, 'attributes.rate must be at least 1 KB/s, got 0'],
    ['bandwidth', 'rate', -100, 'attributes.rate must be at least 1 KB/s, got -100'],
    ['slow_close', 'delay', -1, 'attributes.delay must be at least 0 ms, got -1'],
    ['timeout', 'timeout', -1, 'attributes.timeout must be at least 0 ms, got -1'],
    ['reset_peer', 'timeout', -10, 'attributes.timeout must be at least 0 ms, got -10'],
    ['slicer', 'average_size', 0, 'attributes.average_size must be at least 1 bytes, got 0'],
    ['slicer', 'size_variation', -1, 'attributes.size_variation must be at least 0 bytes, got -1'],
    ['slicer', 'delay', -1, 'attributes.delay must be at least 0 µs, got -1'],
    ['limit_data', 'bytes', -1, 'attributes.bytes must be at least 0 bytes, got -1'],
  ])('%s: refuses %s = %d (below its minimum)', (typeName, key, value, message) => {
    const type = typeOf(typeName);
    const base = Object.fromEntries(type.attributes.map((a) => [a.name, Math.max(a.min, 1)]));
    expect(decodeAttributes(type, base, { [key]: value })).toEqual({ ok: false, message });
  });

  it.each([
    ['latency', { latency: 0, jitter: 0 }],
    ['bandwidth', { rate: 1 }],
    ['slow_close', { delay: 0 }],
    ['timeout', { timeout: 0 }],
    ['reset_peer', { timeout: 0 }],
    ['slicer', { average_size: 1, size_variation: 0, delay: 0 }],
    ['limit_data', { bytes: 0 }],
  ])('%s: accepts every attribute at exactly its minimum', (typeName, attributes) => {
    const type = typeOf(typeName);
    expect(decodeAttributes(type, zeroAttributes(type), attributes)).toEqual({ ok: true, attributes });
  });

  it('accepts large values (Toxiproxy takes int64)', () => {
    expect(decodeAttributes(bandwidth, zeroAttributes(bandwidth), { rate: 10_000_000 })).toEqual({ ok: true, attributes: { rate: 10_000_000 } });
    expect(decodeAttributes(limitDataType(), zeroAttributes(limitDataType()), { bytes: 2 ** 40 })).toEqual({ ok: true, attributes: { bytes: 2 ** 40 } });
  });
});

describe('describe', () => {
  it('names a value for messages', () => {
    expect(describeValue(null)).toBe('null');
    expect(describeValue([])).toBe('an array');
    expect(describeValue('x')).toBe('the string "x"');
    expect(describeValue({})).toBe('an object');
    expect(describeValue(1.5)).toBe('number 1.5');
  });
});

function limitDataType(): ToxicType {
  return typeOf('limit_data');
}
