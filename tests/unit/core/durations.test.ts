import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../../src/core/durations.js';

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1500],
    ['2d', 172_800_000],
    ['1w', 604_800_000],
    ['500us', 0.5],
    ['100', 100],
    [' 10s ', 10_000],
    [42, 42],
  ] as const)('reads %j as %d ms', (input, expected) => {
    expect(parseDuration(input)).toBe(expected);
  });

  it.each(['', 'ms', '5 minutes', '10x', '-5s', '1h 30m', '5m3'])('refuses %j with a message that shows the expected form', (input) => {
    expect(() => parseDuration(input)).toThrow(/invalid duration .*e\.g\. "250ms"/);
  });

  it('refuses negative and non-finite numbers', () => {
    expect(() => parseDuration(-1)).toThrow(/invalid duration/);
    expect(() => parseDuration(Number.NaN)).toThrow(/invalid duration/);
  });
});

describe('formatDuration', () => {
  it.each([
    [250, '250ms'],
    [1500, '1.5s'],
    [300_000, '5m'],
    [5_400_000, '1h30m'],
    [90_061_000, '1d1h1m1s'],
  ])('writes %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
