import { describe, expect, it } from 'vitest';
import { buildCharts, valueText } from '../../../../src/postmortem/html/charts.js';
import { extractReportSeries } from '../../../../src/postmortem/html/series.js';
import { buildIncident } from '../../../../src/postmortem/incident/build.js';
import type { JournalEvent } from '../../../../src/runner/journal/events.js';
import { journal, sample, sec, snapshot, STARTED, T0 } from './journal.js';

const run = journal([
  [0, STARTED],
  [1000, { type: 'fault_injected', faultId: 'payments-down', kind: 'outage', target: { proxy: 'orders_payments' }, plannedOffsetMs: 0 }],
  [1100, sample(0, { ok: 30, failed: 0, p50: 10, p99: 40 })],
  [1500, { type: 'alert', status: 'firing', alertname: 'gateway-availability page', severity: 'page', slo: 'gateway-availability', startsAt: new Date(T0 + 1500).toISOString(), source: 'evaluator' }],
  [2100, sample(1, { ok: 23, failed: 7, p50: 9, p99: 163.5 })],
  [2200, snapshot({ 'gateway-availability': 0.93, 'gateway-latency': 1 })],
  [3000, { type: 'fault_removed', faultId: 'payments-down', kind: 'outage', target: { proxy: 'orders_payments' }, plannedOffsetMs: 2000, reason: 'scheduled' }],
  [3200, snapshot({ 'gateway-availability': -0.5, 'gateway-latency': 1 })],
  [4000, { type: 'run_finished', durationMs: 4000 }],
]);

/** The charts of a journal: its per-second series, with the fault windows and alerts of its incident model. */
const charts = (events: JournalEvent[]) => buildCharts(extractReportSeries(events), buildIncident(events));

describe('the report charts', () => {
  const payload = charts(run);
  const byId = Object.fromEntries(payload.charts.map((chart) => [chart.id, chart]));

  it('draws request rate, error ratio, latency and budget over the whole journal', () => {
    expect(payload.range).toEqual([sec(0), sec(4000)]);
    expect(payload.charts.map((chart) => [chart.id, chart.lines.map((line) => line.label)])).toEqual([
      ['chart-requests', ['sent', 'ok', 'failed']],
      ['chart-errors', ['error ratio']],
      ['chart-latency', ['p99', 'p50']],
      ['chart-budget', ['gateway-availability', 'gateway-latency']],
    ]);
  });

  it('shows ratios and budgets in percent, and keeps 0 % (and 100 % of budget) in view', () => {
    expect(byId['chart-errors']!.lines[0]!.values).toEqual([0, 23.333333333]);
    expect(byId['chart-budget']!.lines.map((line) => line.values)).toEqual([
      [93, -50],
      [100, 100],
    ]);
    expect(byId['chart-budget']!.include).toEqual([0, 100]);
    expect(byId['chart-budget']!.references).toEqual([{ value: 0, label: 'budget exhausted' }]);
  });

  it('draws a missed-arrivals line only when arrivals were missed', () => {
    const missed = charts(journal([[0, STARTED], [1100, sample(0, { ok: 1, failed: 0, missed: 3 })]]));
    expect(missed.charts[0]!.lines.map((line) => line.label)).toEqual(['sent', 'ok', 'failed', 'missed']);
  });

  it('hands the page every fault window and alert, in lanes by severity', () => {
    expect(payload.faults).toEqual([{ label: 'payments-down', start: sec(1000), end: sec(3000), open: false }]);
    expect(payload.alerts).toEqual([{ label: 'gateway-availability page', lane: 'page', start: sec(1500), end: sec(4000), open: true }]);
  });

  it('describes each chart in words, for screen readers', () => {
    expect(byId['chart-latency']!.summary).toBe(
      'Latency, 10:00:00 to 10:00:04 UTC. p99: from 40 ms to 163.5 ms, highest at 10:00:01. p50: from 9 ms to 10 ms, highest at 10:00:00.' +
        ' 1 fault window shaded (payments-down 10:00:01 to 10:00:03); 1 alert marked at the top (gateway-availability page from 10:00:01, still firing at the end).',
    );
  });

  it('draws no chart without data', () => {
    expect(charts(journal([[0, STARTED]])).charts).toEqual([]);
  });

  it.each([
    [23.333333333, 'percent', '23.33 %'],
    [-616.5472, 'percent', '-616.5 %'],
    [163.093, 'ms', '163.1 ms'],
    [30, 'per-second', '30 per second'],
    [null, 'ms', '–'],
  ] as const)('writes %s in %s as %j', (value, unit, text) => {
    expect(valueText(value, unit)).toBe(text);
  });
});
