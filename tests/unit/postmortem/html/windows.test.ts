import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pct } from '../../../../src/postmortem/format.js';
import { buildCharts, type ChartPayload } from '../../../../src/postmortem/html/charts.js';
import { renderHtmlReport } from '../../../../src/postmortem/html/report.js';
import { extractReportSeries } from '../../../../src/postmortem/html/series.js';
import { buildIncident } from '../../../../src/postmortem/incident/build.js';
import { generatePostmortem } from '../../../../src/postmortem/postmortem.js';
import type { JournalEvent, JournalEventInput } from '../../../../src/runner/journal/events.js';
import { journal, sample, sec, STARTED, T0 } from './journal.js';

/**
 * The fault windows, alerts and header figures of the page are the incident model's — the ones the
 * draft states — never a second reading of the journal.
 */

const iso = (ms: number): string => new Date(T0 + ms).toISOString();
const outage = { faultId: 'payments-down', kind: 'outage', target: { proxy: 'orders_payments' }, plannedOffsetMs: 0 } as const;
const page = { type: 'alert', alertname: 'gateway-availability page', severity: 'page', slo: 'gateway-availability', source: 'evaluator' } as const;

/** The data the page script draws: the JSON in the page. */
function payloadOf(html: string): ChartPayload {
  return JSON.parse(/<script type="application\/json" id="faultline-data">([\s\S]*?)<\/script>/.exec(html)![1]!) as ChartPayload;
}

/** The header's "at a glance" figures, label → value. */
function glanceOf(html: string): Record<string, string> {
  return Object.fromEntries([...html.matchAll(/<span class="glance-value">(.*?)<\/span> <span class="glance-label">(.*?)<\/span>/g)].map((match) => [match[2]!, match[1]!]));
}

/** The rows of the fault windows and alerts table, as cell texts. */
function windowRows(html: string): string[][] {
  const body = /<table class="windows">[\s\S]*?<tbody>\n([\s\S]*?)\n<\/tbody>/.exec(html)![1]!;
  return body.split('\n').map((row) => [...row.matchAll(/<td>(.*?)<\/td>/g)].map((cell) => cell[1]!.replace(/<span[^>]*><\/span>/g, '')));
}

/** A Markdown table row's cells, found by its first cell. */
function draftRow(markdown: string, first: string): string[] {
  const line = markdown.split('\n').find((row) => row.startsWith(`| ${first} |`));
  expect(line, `the draft's row "${first}"`).toBeDefined();
  return line!.split(' | ').map((cell) => cell.replace(/^\| | \|$/g, ''));
}

const payloadFor = (events: JournalEvent[]): ChartPayload => buildCharts(extractReportSeries(events), buildIncident(events));

describe('a run where Prometheus ran: the evaluator and Alertmanager both journal the same alerts', () => {
  // What a run with Prometheus journals: the embedded evaluator's alerts and, a poll later,
  // Alertmanager's for the same burn (Sloth's alert name, one per SLO for both severities).
  const burn = { type: 'alert', alertname: 'GatewayAvailabilityBudgetBurn', slo: 'gateway-availability', source: 'alertmanager' } as const;
  const events = journal([
    [0, STARTED],
    [1000, { type: 'fault_injected', ...outage }],
    [1100, sample(0, { ok: 30, failed: 0, p99: 40 })],
    [1500, { ...page, status: 'firing', startsAt: iso(1500) }],
    [1600, { ...page, alertname: 'gateway-availability ticket', severity: 'ticket', status: 'firing', startsAt: iso(1600) }],
    [2100, sample(1, { ok: 19, failed: 11, p99: 163.5 })],
    [2300, { ...burn, severity: 'page', status: 'firing', startsAt: iso(1400) }],
    [2400, { ...burn, severity: 'ticket', status: 'firing', startsAt: iso(1550) }],
    [3000, { type: 'fault_removed', ...outage, reason: 'scheduled' }],
    [3100, sample(2, { ok: 30, failed: 0, p99: 41 })],
    [3500, { ...page, status: 'resolved', startsAt: iso(1500), endsAt: iso(3500) }],
    [3600, { ...page, alertname: 'gateway-availability ticket', severity: 'ticket', status: 'resolved', startsAt: iso(1600), endsAt: iso(3600) }],
    [4200, { ...burn, severity: 'page', status: 'resolved', startsAt: iso(1400), endsAt: iso(3900) }],
    [4300, { ...burn, severity: 'ticket', status: 'resolved', startsAt: iso(1550), endsAt: iso(4000) }],
    [4500, { type: 'verdict', result: 'deviated', reasons: ['during the faults, "orders succeed" failed'], exitCode: 1 }],
    [4600, { type: 'run_finished', durationMs: 4600 }],
  ]);

  const folder = mkdtempSync(join(tmpdir(), 'faultline-html-windows-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const file = join(folder, 'journal.jsonl');
  writeFileSync(file, events.map((event) => JSON.stringify(event)).join('\n') + '\n');
  /** What `faultline postmortem --format html` writes, and the draft inside it. */
  const pagerduty = generatePostmortem(file, { template: 'pagerduty', format: 'html' });
  const google = generatePostmortem(file, { template: 'google', format: 'html' });

  it('draws each alert once, in the lanes the draft counts: Alertmanager\'s', () => {
    const [pages, tickets] = draftRow(pagerduty.markdown, 'Pages / tickets fired')[1]!.split(' / ').map(Number);
    expect([pages, tickets]).toEqual([1, 1]);
    const { alerts } = payloadOf(pagerduty.output);
    expect(alerts.filter((alert) => alert.lane === 'page')).toHaveLength(pages!);
    expect(alerts.filter((alert) => alert.lane !== 'page')).toHaveLength(tickets!);
    expect(alerts).toEqual([
      { label: 'GatewayAvailabilityBudgetBurn (page, gateway-availability)', lane: 'page', start: sec(2300), end: sec(3900), open: false },
      { label: 'GatewayAvailabilityBudgetBurn (ticket, gateway-availability)', lane: 'ticket', start: sec(2400), end: sec(4000), open: false },
    ]);
  });

  it('counts in the header the alerts the draft counts, and lists just those in the table', () => {
    const [pages, tickets] = draftRow(pagerduty.markdown, 'Pages / tickets fired')[1]!.split(' / ').map(Number);
    expect(glanceOf(pagerduty.output)['alerts']).toBe(String(pages! + tickets!));
    const alertRows = windowRows(pagerduty.output).filter((row) => row[0] === 'Alert');
    expect(alertRows.map((row) => [row[1], row[2], row[3], row[4], row[5]])).toEqual([
      ['GatewayAvailabilityBudgetBurn (page, gateway-availability)', 'page, SLO gateway-availability, from alertmanager', '10:00:02.300', '10:00:03.900', '1.6 s'],
      ['GatewayAvailabilityBudgetBurn (ticket, gateway-availability)', 'ticket, SLO gateway-availability, from alertmanager', '10:00:02.400', '10:00:04.000', '1.6 s'],
    ]);
  });

  it('starts each alert bar when the draft says the alert fired', () => {
    const fired = google.model.alerts.map((alert) => alert.firedAt);
    expect(payloadOf(google.output).alerts.map((alert) => new Date(alert.start * 1000).toISOString())).toEqual(fired);
    expect(google.markdown).toContain('fired 1.3 s after fault payments-down began');
  });

  it('states the whole run\'s figures as the draft\'s impact table does, in the draft\'s formats', () => {
    // 11 of 90 failed: 12.2 % in the draft, which the page once wrote as 12.22 %.
    const [, , sent, failed, ratio, , worstP99] = draftRow(google.markdown, 'Whole run');
    expect([sent, failed, ratio, worstP99]).toEqual(['90', '11', '12.2 %', '163.5 ms']);
    const glance = glanceOf(google.output);
    expect(glance['requests sent']).toBe(sent);
    expect(glance['failed']).toBe(`${failed} (${ratio})`);
    expect(glance['worst p99']).toBe(worstP99);
    expect(glance['fault']).toBe(String(google.model.faults.length));
  });

  it('renders the same page whether it is handed the model or builds it from the journal', () => {
    expect(renderHtmlReport({ title: pagerduty.model.title, markdown: pagerduty.markdown, events, model: pagerduty.model })).toBe(pagerduty.output);
    expect(renderHtmlReport({ title: pagerduty.model.title, markdown: pagerduty.markdown, events })).toBe(pagerduty.output);
  });
});

describe('fault windows on the page', () => {
  const removals: Array<[name: string, removals: Array<[number, JournalEventInput]>, band: { end: number; open: boolean }, ended: string]> = [
    ['removed on schedule', [[3000, { type: 'fault_removed', ...outage, reason: 'scheduled' }]], { end: sec(3000), open: false }, 'removed (scheduled)'],
    [
      'removed by a rollback after a failed removal',
      [
        [3000, { type: 'fault_removed', ...outage, reason: 'scheduled', error: 'proxy timed out' }],
        [3500, { type: 'fault_removed', ...outage, reason: 'rollback' }],
      ],
      { end: sec(3500), open: false },
      'removed (rollback)',
    ],
    ['never removed', [[3000, { type: 'fault_removed', ...outage, reason: 'rollback', error: 'connection refused' }]], { end: sec(5000), open: true }, '<strong class="warning">never removed</strong>'],
  ];
  it.each(removals)('pairs a fault with its first removal without error: %s', (_name, steps, band, ended) => {
    const events = journal([[0, STARTED], [1000, { type: 'fault_injected', ...outage }], ...steps, [5000, { type: 'run_finished', durationMs: 5000 }]]);
    expect(payloadFor(events).faults).toEqual([{ label: 'payments-down', start: sec(1000), ...band }]);
    const [row] = windowRows(renderHtmlReport({ title: 'T', markdown: 'M', events }));
    expect(row![6]).toBe(ended);
  });

  it('describes each fault as the draft does, with a failed injection', () => {
    const events = journal([
      [0, STARTED],
      [1000, { type: 'fault_injected', faultId: 'slow', kind: 'toxic', target: { proxy: 'gw_cat', stream: 'downstream' }, toxic: { name: 'slow', type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 800 } }, plannedOffsetMs: 0 }],
      [1500, { type: 'fault_injected', faultId: 'kill', kind: 'process', target: { service: 'payments' }, action: 'kill', plannedOffsetMs: 500, error: 'timed out' }],
      [2000, { type: 'fault_removed', faultId: 'kill', kind: 'process', target: { service: 'payments' }, action: 'kill', plannedOffsetMs: 500, reason: 'rollback' }],
      [2500, { type: 'fault_removed', faultId: 'slow', kind: 'toxic', target: { proxy: 'gw_cat', stream: 'downstream' }, plannedOffsetMs: 1500, reason: 'scheduled' }],
    ]);
    const model = buildIncident(events);
    expect(payloadFor(events).faults).toEqual([
      { label: 'slow', start: sec(1000), end: sec(2500), open: false },
      { label: 'kill', start: sec(1500), end: sec(2000), open: false },
    ]);
    expect(windowRows(renderHtmlReport({ title: 'T', markdown: 'M', events, model }))).toEqual([
      ['Fault', 'slow', model.faults[0]!.description, '10:00:01.000', '10:00:02.500', '1.5 s', 'removed (scheduled)'],
      ['Fault', 'kill', `${model.faults[1]!.description}<br><span class="warning">injection failed: timed out</span>`, '10:00:01.500', '10:00:02.000', '500 ms', 'removed (rollback)'],
    ]);
    expect(model.faults.map((fault) => fault.description)).toEqual(['latency toxic on proxy gw_cat (downstream)', 'kill of service payments']);
  });
});

describe('alerts on the page', () => {
  it('draws an alert from its firing to its resolution, ignoring re-sent firings', () => {
    const events = journal([
      [0, STARTED],
      [2000, { ...page, status: 'firing', startsAt: iso(1800) }],
      [2500, { ...page, status: 'firing', startsAt: iso(1800) }],
      [4000, { ...page, status: 'resolved', startsAt: iso(1800), endsAt: iso(3900) }],
      [4100, { ...page, severity: 'ticket', alertname: 'gateway-availability ticket', status: 'firing', startsAt: iso(4000) }],
      [6000, { type: 'run_finished', durationMs: 6000 }],
    ]);
    expect(payloadFor(events).alerts).toEqual([
      { label: 'gateway-availability page', lane: 'page', start: sec(2000), end: sec(3900), open: false },
      { label: 'gateway-availability ticket', lane: 'ticket', start: sec(4100), end: sec(6000), open: true },
    ]);
  });

  it('fires an alert again after it resolved; a resolution whose firing came before the journal is not an alert of this run', () => {
    const events = journal([
      [0, STARTED],
      [500, { type: 'alert', status: 'resolved', alertname: 'Old', startsAt: iso(-60_000), source: 'alertmanager' }],
      [1000, { type: 'alert', status: 'firing', alertname: 'Flappy', startsAt: iso(1000), source: 'alertmanager' }],
      [2000, { type: 'alert', status: 'resolved', alertname: 'Flappy', startsAt: iso(1000), endsAt: iso(2000), source: 'alertmanager' }],
      [3000, { type: 'alert', status: 'firing', alertname: 'Flappy', startsAt: iso(3000), source: 'alertmanager' }],
      [4000, { type: 'alert', status: 'resolved', alertname: 'Flappy', startsAt: iso(3000), source: 'alertmanager' }],
    ]);
    expect(payloadFor(events).alerts).toEqual([
      { label: 'Flappy', lane: 'other', start: sec(1000), end: sec(2000), open: false },
      { label: 'Flappy', lane: 'other', start: sec(3000), end: sec(4000), open: false },
    ]);
    expect(buildIncident(events).alerts.map((alert) => alert.alertname)).toEqual(['Flappy', 'Flappy']);
  });

  it("never draws an alert ending before it starts: Alertmanager's endsAt can precede the poll that recorded the firing", () => {
    const events = journal([
      [0, STARTED],
      [2300, { type: 'alert', status: 'firing', alertname: 'Blip', severity: 'page', startsAt: iso(2000), source: 'alertmanager' }],
      [3300, { type: 'alert', status: 'resolved', alertname: 'Blip', severity: 'page', startsAt: iso(2000), endsAt: iso(2200), source: 'alertmanager' }],
    ]);
    expect(payloadFor(events).alerts).toEqual([{ label: 'Blip (page)', lane: 'page', start: sec(2300), end: sec(2300), open: false }]);
  });

  it('writes the header\'s least budget left as the draft\'s "Budget left"', () => {
    const events = journal([
      [0, STARTED],
      [1000, { type: 'slo_snapshot', slos: [{ id: 'gateway-availability', errorRatioShort: 0, burnRates: {}, consumed: 0, remaining: 1, firing: { page: false, ticket: false } }] }],
      [2000, { type: 'slo_snapshot', slos: [{ id: 'gateway-availability', errorRatioShort: 0, burnRates: {}, consumed: 0.9875, remaining: 0.0125, firing: { page: false, ticket: false } }] }],
    ]);
    const html = renderHtmlReport({ title: 'T', markdown: 'M', events });
    expect(pct(0.0125)).toBe('1.25 %');
    expect(html).toContain('<span class="glance-value">1.25 % <span class="muted">(gateway-availability)</span></span> <span class="glance-label">least budget left</span>');
  });
});
