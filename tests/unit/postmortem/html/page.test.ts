import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chartAssets } from '../../../../src/postmortem/html/assets.js';
import { renderHtmlReport } from '../../../../src/postmortem/html/report.js';
import type { JournalEvent } from '../../../../src/runner/journal/events.js';
import { journal, sample, snapshot, STARTED, T0 } from './journal.js';

const HOSTILE = '</script><script>alert(1)</script><img src=x onerror=alert(2)>';

const outage = { faultId: 'payments-down', kind: 'outage', target: { proxy: 'orders_payments' }, plannedOffsetMs: 0 } as const;
const finishedRun = journal([
  [0, STARTED],
  [1000, { type: 'fault_injected', ...outage }],
  [1100, sample(0, { ok: 30, failed: 0 })],
  [2100, sample(1, { ok: 20, failed: 10 })],
  [2200, snapshot({ 'gateway-availability': 0.5 })],
  [3000, { type: 'fault_removed', ...outage, reason: 'scheduled' }],
  [3500, { type: 'verdict', result: 'deviated', reasons: ['during the faults, "orders succeed" failed: observed 33 %, expected <= 1 %'], exitCode: 1 }],
  [3600, { type: 'run_finished', durationMs: 3600 }],
]);

function render(events: readonly JournalEvent[], markdown = '# Post-mortem\n\nAll good.', title = 'Payments outage'): string {
  return renderHtmlReport({ title, markdown, events });
}

/** The contents of every <tag>…</tag> of a kind, in order. */
function inline(html: string, tag: 'script' | 'style'): { attributes: string; body: string }[] {
  return [...html.matchAll(new RegExp(`<${tag}([^>]*)>([\\s\\S]*?)</${tag}>`, 'g'))].map((match) => ({ attributes: match[1]!, body: match[2]! }));
}

describe('the HTML report page', () => {
  it('is one document with the verdict in its header, the charts, and the post-mortem', () => {
    const html = render(finishedRun);
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain('<title>Payments outage</title>');
    expect(html).toContain('<header class="report-header verdict-deviated">');
    expect(html).toContain('<span class="verdict-badge">deviated</span> <span class="exit-code">exit 1</span>');
    expect(html).toContain('<li>during the faults, &quot;orders succeed&quot; failed: observed 33 %, expected &lt;= 1 %</li>');
    expect(html).toContain('<span class="glance-value">60</span> <span class="glance-label">requests sent</span>');
    for (const id of ['chart-requests', 'chart-errors', 'chart-latency', 'chart-budget']) expect(html).toContain(`<div class="chart" id="${id}" role="img" aria-label="`);
    expect(html).toContain('<article class="postmortem" aria-label="Post-mortem">\n<h1>Post-mortem</h1>');
  });

  it('has a data table behind every chart, a row per point', () => {
    const html = render(finishedRun);
    expect(html.match(/<details class="data">/g)).toHaveLength(4);
    expect(html).toContain('<summary>Data table: Request rate (2 rows)</summary>');
    expect(html).toContain('<tr><th scope="row">10:00:01</th><td>30 per second</td><td>20 per second</td><td>10 per second</td></tr>');
    expect(html).toContain('<tr><th scope="row">10:00:02.200</th><td>50 %</td></tr>');
  });

  it('loads nothing: no external script, stylesheet, font, image or frame', () => {
    const html = render(finishedRun);
    expect(html).not.toMatch(/<(link|iframe|object|embed|img)\b/i);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).not.toMatch(/https?:\/\/(?!github\.com\/leeoniya\/uPlot)/);
  });

  it('inlines uPlot and allows exactly the inline scripts and styles by hash', () => {
    const html = render(finishedRun);
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!.replace(/&#39;/g, "'");
    const hash = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    const scripts = inline(html, 'script').filter((script) => !script.attributes.includes('application/json'));
    const styles = inline(html, 'style');
    expect(scripts).toHaveLength(2);
    expect(scripts[0]!.body).toBe(chartAssets().script);
    expect(styles[0]!.body).toBe(chartAssets().stylesheet);
    expect(policy).toBe(
      [`default-src 'none'`, `script-src ${scripts.map((s) => hash(s.body)).join(' ')}`, `style-src ${styles.map((s) => hash(s.body)).join(' ')}`, 'img-src data:', "base-uri 'none'", "form-action 'none'"].join('; '),
    );
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).not.toMatch(/\son[a-z]+="/);
  });

  it('turns nothing a journal or the Markdown says into markup', () => {
    const hostile = journal([
      [0, { ...STARTED, experiment: { ...STARTED.experiment, title: HOSTILE, file: HOSTILE } }],
      [1000, { type: 'fault_injected', ...outage, faultId: HOSTILE, error: HOSTILE }],
      [1100, sample(0, { ok: 1, failed: 0 })],
      [1200, { type: 'alert', status: 'firing', alertname: HOSTILE, severity: HOSTILE, slo: HOSTILE, startsAt: new Date(T0 + 1200).toISOString(), source: 'evaluator' }],
      [1300, snapshot({ [HOSTILE]: 0.5 })],
      [1400, { type: 'verdict', result: 'error', reasons: [HOSTILE], exitCode: 4 }],
    ]);
    const html = render(hostile, `# ${HOSTILE}\n\n${HOSTILE}\n\n[x](javascript:alert(3))`, HOSTILE);
    expect(inline(html, 'script').map((script) => script.attributes)).toEqual([' type="application/json" id="faultline-data"', '', '']);
    expect(html).not.toMatch(/<img|javascript:/i);
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');
    const data = JSON.parse(inline(html, 'script')[0]!.body) as { faults: { label: string }[]; alerts: { label: string }[] };
    expect(data.faults[0]!.label).toBe(HOSTILE);
    expect(data.alerts[0]!.label).toContain(HOSTILE);
  });

  it('says loudly when a fault was never removed, and when the run has no verdict', () => {
    const html = render(journal([[0, STARTED], [1000, { type: 'fault_injected', ...outage }]]));
    expect(html).toContain('<p class="left-behind" role="alert"><strong>1 fault injected and never removed:</strong> payments-down.');
    expect(html).toContain('<span class="verdict-badge">unfinished</span>');
    expect(html).toContain('<p class="empty">The journal has no load samples and no SLO snapshots: there is nothing to chart.</p>');
  });

  it('renders the same bytes for the same journal', () => {
    expect(render(finishedRun)).toBe(render(finishedRun));
  });
});
