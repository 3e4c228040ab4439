import { describe, expect, it } from 'vitest';
import { extractReportSeries } from '../../../../src/postmortem/html/series.js';
import { journal, sample, sec, snapshot, STARTED } from './journal.js';

// Fault windows and alerts are the incident model's, not the series': windows.test.ts.
describe('the HTML report series', () => {
  it('draws each load sample at the middle of its second, with the error ratio of what completed', () => {
    const series = extractReportSeries(
      journal([
        [0, STARTED],
        [2100, sample(1, { ok: 30, failed: 0, p50: 12, p99: 40 })],
        [3100, sample(2, { sent: 30, ok: 21, failed: 9, p50: 9.5, p99: 78.25, missed: 2 })],
        [4100, sample(3, { sent: 30, ok: 0, failed: 0, p50: null, p99: null })],
      ]),
    );
    expect(series.load).toEqual({
      x: [sec(1500), sec(2500), sec(3500)],
      sent: [30, 30, 30],
      ok: [30, 21, 0],
      failed: [0, 9, 0],
      missed: [0, 2, 0],
      errorRatio: [0, 0.3, null],
      p50Ms: [12, 9.5, null],
      p99Ms: [40, 78.25, null],
    });
  });

  it('orders load samples by their second, whatever order they were written in', () => {
    const series = extractReportSeries(journal([[0, STARTED], [3000, sample(2, { ok: 2, failed: 0 })], [3001, sample(1, { ok: 1, failed: 0 })]]));
    expect(series.load.x).toEqual([sec(1500), sec(2500)]);
    expect(series.load.ok).toEqual([1, 2]);
  });

  it('spans the whole journal, or the load buckets when they reach further', () => {
    expect(extractReportSeries(journal([[250, STARTED], [9000, { type: 'run_finished', durationMs: 8750 }]]))).toMatchObject({ start: sec(250), end: sec(9000) });
    const buckets = extractReportSeries(journal([[250, STARTED], [1100, sample(0, { ok: 1, failed: 0 })], [1200, sample(1, { ok: 1, failed: 0 })]]));
    expect(buckets).toMatchObject({ start: sec(0), end: sec(2000) });
    expect(extractReportSeries([])).toMatchObject({ start: 0, end: 0 });
  });

  it('keeps one budget line per SLO, declared ones first, gaps where a snapshot lacks one', () => {
    const series = extractReportSeries(
      journal([
        [0, STARTED],
        [1000, snapshot({ 'orders-payments': 1, 'gateway-availability': 1 })],
        [2000, snapshot({ 'gateway-availability': 0.5, 'orders-payments': 0.75 })],
        [3000, snapshot({ 'gateway-availability': -0.25 })],
      ]),
    );
    expect(series.budgets).toEqual({
      x: [sec(1000), sec(2000), sec(3000)],
      slos: [
        { id: 'gateway-availability', remaining: [1, 0.5, -0.25] },
        { id: 'orders-payments', remaining: [1, 0.75, null] },
      ],
    });
  });
});
