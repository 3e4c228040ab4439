import { describe, expect, it } from 'vitest';
import { elapsed, pct, plural, utc } from '../../../../src/postmortem/format.js';
import { clock, trimmed } from '../../../../src/postmortem/html/format.js';
import { renderHtmlReport } from '../../../../src/postmortem/html/report.js';
import { formatElapsed, formatPercent } from '../../../../src/runner/journal/format.js';
import { journal, sample, STARTED } from './journal.js';

const at = Date.UTC(2026, 10, 27, 2, 48, 11, 403) / 1000;

describe('how the report writes numbers and times', () => {
  it('writes chart times in UTC, with milliseconds when asked', () => {
    expect(clock(at)).toBe('02:48:11');
    expect(clock(at, true)).toBe('02:48:11.403');
    expect(clock(at, true)).toBe(utc(new Date(at * 1000).toISOString()));
    expect(clock(Number.NaN)).toBe('–');
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

  it("states the header's figures with the draft's helpers, which are the journal summary's", () => {
    expect(pct(11 / 30)).toBe(formatPercent(11 / 30));
    expect(pct(11 / 30)).toBe('36.7 %');
    expect(elapsed(3600)).toBe(formatElapsed(3600));
    expect(plural(1, 'fault')).toBe('1 fault');
    expect(plural(4, 'alert')).toBe('4 alerts');
    const html = renderHtmlReport({
      title: 'T',
      markdown: 'M',
      events: journal([
        [0, STARTED],
        [1100, sample(0, { ok: 19, failed: 11 })],
        [3600, { type: 'run_finished', durationMs: 3600 }],
      ]),
    });
    expect(html).toContain('<span class="glance-value">11 (36.7 %)</span> <span class="glance-label">failed</span>');
    expect(html).toContain('<div><dt>Duration</dt><dd>3.6 s</dd></div>');
    expect(html).toContain('<div><dt>Started</dt><dd>2026-11-27 10:00:00.000 UTC</dd></div>');
  });
});
