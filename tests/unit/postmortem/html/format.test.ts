import { describe, expect, it } from 'vitest';
import { duration, percent, plural, trimmed, utcDateTime, utcTime } from '../../../../src/postmortem/html/format.js';

const at = Date.UTC(2026, 10, 27, 2, 48, 11, 403) / 1000;

describe('how the report writes numbers and times', () => {
  it('writes times in UTC, with milliseconds when asked', () => {
    expect(utcTime(at)).toBe('02:48:11');
    expect(utcTime(at, true)).toBe('02:48:11.403');
    expect(utcDateTime(at)).toBe('2026-11-27 02:48:11 UTC');
    expect(utcTime(Number.NaN)).toBe('–');
  });

  it.each([
    [0.85, '850 ms'],
    [8.583, '8.6 s'],
    [2, '2 s'],
    [125, '2 min 05 s'],
    [3725, '1 h 02 min'],
    [-1, '–'],
  ])('writes a duration of %s s as %j', (seconds, text) => {
    expect(duration(seconds)).toBe(text);
  });

  it.each([
    [23.333333, 2, '23.33'],
    [30, 2, '30'],
    [1.5, 0, '2'],
    [-0.0001, 2, '0'],
    [null, 2, '–'],
  ])('trims %s to %i decimals as %j', (value, digits, text) => {
    expect(trimmed(value, digits)).toBe(text);
  });

  it('writes fractions as percentages and counts with their nouns', () => {
    expect(percent(0.2389)).toBe('23.89 %');
    expect(percent(null)).toBe('–');
    expect(plural(1, 'fault')).toBe('1 fault');
    expect(plural(4, 'alert')).toBe('4 alerts');
  });
});
