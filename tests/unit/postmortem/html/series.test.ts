import { describe, expect, it } from 'vitest';
import { extractReportSeries, type FaultWindow } from '../../../../src/postmortem/html/series.js';
import type { JournalEventInput } from '../../../../src/runner/journal/events.js';
import { journal, sample, sec, snapshot, STARTED, T0 } from './journal.js';

const outage = { faultId: 'payments-down', kind: 'outage', target: { proxy: 'orders_payments' }, plannedOffsetMs: 0 } as const;
const page = { type: 'alert', alertname: 'gateway-availability page', severity: 'page', slo: 'gateway-availability', source: 'evaluator' } as const;

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
    expect(extractReportSeries([])).toMatchObject({ start: 0, end: 0, faults: [], alerts: [] });
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

  const removals: Array<[name: string, removals: Array<[number, JournalEventInput]>, expected: Partial<FaultWindow>]> = [
    ['removed on schedule', [[3000, { type: 'fault_removed', ...outage, reason: 'scheduled' }]], { end: sec(3000), open: false, removal: 'scheduled' }],
    [
      'removed by a rollback after a failed removal',
      [
        [3000, { type: 'fault_removed', ...outage, reason: 'scheduled', error: 'proxy timed out' }],
        [3500, { type: 'fault_removed', ...outage, reason: 'rollback' }],
      ],
      { end: sec(3500), open: false, removal: 'rollback' },
    ],
    ['never removed', [[3000, { type: 'fault_removed', ...outage, reason: 'rollback', error: 'connection refused' }]], { end: sec(5000), open: true }],
  ];
  it.each(removals)('pairs a fault with its first removal without error: %s', (_name, steps, expected) => {
    const series = extractReportSeries(journal([[0, STARTED], [1000, { type: 'fault_injected', ...outage }], ...steps, [5000, { type: 'run_finished', durationMs: 5000 }]]));
    expect(series.faults).toEqual([{ faultId: 'payments-down', kind: 'outage', target: { proxy: 'orders_payments' }, start: sec(1000), ...expected }]);
  });

  it('keeps the toxic type, the process action and a failed injection', () => {
    const series = extractReportSeries(
      journal([
        [0, STARTED],
        [1000, { type: 'fault_injected', faultId: 'slow', kind: 'toxic', target: { proxy: 'gw_cat', stream: 'downstream' }, toxic: { name: 'slow', type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 800 } }, plannedOffsetMs: 0 }],
        [1500, { type: 'fault_injected', faultId: 'kill', kind: 'process', target: { service: 'payments' }, action: 'kill', plannedOffsetMs: 500, error: 'timed out' }],
        [2000, { type: 'fault_removed', faultId: 'kill', kind: 'process', target: { service: 'payments' }, action: 'kill', plannedOffsetMs: 500, reason: 'rollback' }],
        [2500, { type: 'fault_removed', faultId: 'slow', kind: 'toxic', target: { proxy: 'gw_cat', stream: 'downstream' }, plannedOffsetMs: 1500, reason: 'scheduled' }],
      ]),
    );
    expect(series.faults).toEqual([
      { faultId: 'slow', kind: 'toxic', target: { proxy: 'gw_cat', stream: 'downstream' }, toxicType: 'latency', start: sec(1000), end: sec(2500), open: false, removal: 'scheduled' },
      { faultId: 'kill', kind: 'process', target: { service: 'payments' }, action: 'kill', injectionError: 'timed out', start: sec(1500), end: sec(2000), open: false, removal: 'rollback' },
    ]);
  });

  it('draws an alert from its startsAt to its resolution, ignoring re-sent firings', () => {
    const series = extractReportSeries(
      journal([
        [0, STARTED],
        [2000, { ...page, status: 'firing', startsAt: new Date(T0 + 1800).toISOString() }],
        [2500, { ...page, status: 'firing', startsAt: new Date(T0 + 1800).toISOString() }],
        [4000, { ...page, status: 'resolved', startsAt: new Date(T0 + 1800).toISOString(), endsAt: new Date(T0 + 3900).toISOString() }],
        [4100, { ...page, severity: 'ticket', alertname: 'gateway-availability ticket', status: 'firing', startsAt: new Date(T0 + 4000).toISOString() }],
        [6000, { type: 'run_finished', durationMs: 6000 }],
      ]),
    );
    expect(series.alerts).toEqual([
      { alertname: 'gateway-availability page', severity: 'page', slo: 'gateway-availability', source: 'evaluator', start: sec(1800), end: sec(3900), open: false },
      { alertname: 'gateway-availability ticket', severity: 'ticket', slo: 'gateway-availability', source: 'evaluator', start: sec(4000), end: sec(6000), open: true },
    ]);
  });

  it('fires an alert again after it resolved, and keeps a resolution whose firing came before the journal', () => {
    const iso = (ms: number): string => new Date(T0 + ms).toISOString();
    const series = extractReportSeries(
      journal([
        [0, STARTED],
        [500, { type: 'alert', status: 'resolved', alertname: 'Old', startsAt: iso(-60_000), source: 'alertmanager' }],
        [1000, { type: 'alert', status: 'firing', alertname: 'Flappy', startsAt: iso(1000), source: 'alertmanager' }],
        [2000, { type: 'alert', status: 'resolved', alertname: 'Flappy', startsAt: iso(1000), endsAt: iso(2000), source: 'alertmanager' }],
        [3000, { type: 'alert', status: 'firing', alertname: 'Flappy', startsAt: iso(3000), source: 'alertmanager' }],
        [4000, { type: 'alert', status: 'resolved', alertname: 'Flappy', startsAt: 'not a time', source: 'alertmanager' }],
      ]),
    );
    expect(series.alerts).toEqual([
      { alertname: 'Old', source: 'alertmanager', start: sec(-60_000), end: sec(500), open: false },
      { alertname: 'Flappy', source: 'alertmanager', start: sec(1000), end: sec(2000), open: false },
      { alertname: 'Flappy', source: 'alertmanager', start: sec(3000), end: sec(4000), open: false },
    ]);
  });
});
