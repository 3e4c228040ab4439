import { alertLabel, targetText, valueText, type ChartPayload, type ChartSpec } from './charts.js';
import { escapeHtml } from './escape.js';
import { duration, utcTime } from './format.js';
import type { ReportSeries } from './series.js';

/**
 * The "Signals" section: a key, one figure per chart (the canvas is drawn by the page script; the
 * figure carries its title, a text alternative and a data table that works without JavaScript),
 * and the table of fault windows and alerts.
 */
export function signalsSection(series: ReportSeries, payload: ChartPayload): string {
  const figures = payload.charts.map(figure).join('\n');
  const empty = payload.charts.length === 0 ? '<p class="empty">The journal has no load samples and no SLO snapshots: there is nothing to chart.</p>' : '';
  return `<section class="signals" aria-labelledby="signals-title">
<h2 id="signals-title">Signals</h2>
${key(payload)}
${empty}${figures}
${windowsTable(series)}
</section>`;
}

function key(payload: ChartPayload): string {
  const items = ['<li><span class="swatch swatch-fault" aria-hidden="true"></span>fault window (injected → removed)</li>'];
  for (const lane of ['page', 'ticket', 'other'] as const) {
    if (!payload.alerts.some((alert) => alert.lane === lane)) continue;
    const name = lane === 'other' ? 'other alert' : `${lane} alert`;
    items.push(`<li><span class="swatch swatch-${lane}" aria-hidden="true"></span>${name} firing (bar at the top; dashed line when it fired)</li>`);
  }
  return `<ul class="key" aria-label="Chart key">${items.join('')}</ul>`;
}

function figure(spec: ChartSpec): string {
  return `<figure class="chart-figure" aria-labelledby="${spec.id}-title">
<figcaption><h3 id="${spec.id}-title">${escapeHtml(spec.title)}</h3><p class="chart-note">${escapeHtml(spec.note)}</p></figcaption>
<div class="chart" id="${spec.id}" role="img" aria-label="${escapeHtml(spec.summary)}"><p class="chart-fallback">This chart is drawn by the page's script; its numbers are in the table below.</p></div>
${dataTable(spec)}
</figure>`;
}

function dataTable(spec: ChartSpec): string {
  const head = ['Time (UTC)', ...spec.lines.map((line) => line.label)].map((label) => `<th scope="col">${escapeHtml(label)}</th>`).join('');
  const rows = spec.x
    .map((x, index) => {
      const cells = spec.lines.map((line) => `<td>${escapeHtml(valueText(line.values[index] ?? null, spec.unit))}</td>`).join('');
      return `<tr><th scope="row">${utcTime(x, spec.id === 'chart-budget')}</th>${cells}</tr>`;
    })
    .join('\n');
  return `<details class="data">
<summary>Data table: ${escapeHtml(spec.title)} (${spec.x.length} rows)</summary>
<div class="table-scroll"><table>
<caption>${escapeHtml(spec.title)}: ${escapeHtml(spec.note)}</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${rows}
</tbody>
</table></div>
</details>`;
}

function windowsTable(series: ReportSeries): string {
  if (series.faults.length === 0 && series.alerts.length === 0) return '<p class="empty">No fault was injected and no alert fired.</p>';
  const rows = [
    ...series.faults.map((fault) => {
      const what = [targetText(fault.target), fault.toxicType ? `toxic ${fault.toxicType}` : fault.action ? fault.action : fault.kind].join(', ');
      const ended = fault.open ? '<strong class="warning">never removed</strong>' : `removed (${escapeHtml(fault.removal ?? 'scheduled')})`;
      const failed = fault.injectionError !== undefined ? `<br><span class="warning">injection failed: ${escapeHtml(fault.injectionError)}</span>` : '';
      return row('fault', 'Fault', fault.faultId, `${escapeHtml(what)}${failed}`, fault.start, fault.end, fault.open, ended);
    }),
    ...series.alerts.map((alert) => {
      const what = `${alert.severity ?? 'alert'}${alert.slo ? `, SLO ${alert.slo}` : ''}, from ${alert.source}`;
      return row(alert.severity === 'page' || alert.severity === 'ticket' ? alert.severity : 'other', 'Alert', alertLabel(alert), escapeHtml(what), alert.start, alert.end, alert.open, alert.open ? 'still firing' : 'resolved');
    }),
  ].sort((a, b) => a.start - b.start);
  return `<div class="table-scroll"><table class="windows">
<caption>Fault windows and alerts</caption>
<thead><tr><th scope="col">Kind</th><th scope="col">Name</th><th scope="col">What</th><th scope="col">From (UTC)</th><th scope="col">To (UTC)</th><th scope="col">Lasted</th><th scope="col">Ended</th></tr></thead>
<tbody>
${rows.map((entry) => entry.html).join('\n')}
</tbody>
</table></div>`;
}

function row(kind: string, kindText: string, name: string, what: string, start: number, end: number, open: boolean, ended: string): { start: number; html: string } {
  const to = open ? 'end of journal' : utcTime(end, true);
  const lasted = `${open ? 'at least ' : ''}${duration(end - start)}`;
  return {
    start,
    html: `<tr><td><span class="swatch swatch-${kind}" aria-hidden="true"></span>${kindText}</td><td>${escapeHtml(name)}</td><td>${what}</td><td>${utcTime(start, true)}</td><td>${to}</td><td>${lasted}</td><td>${ended}</td></tr>`,
  };
}
