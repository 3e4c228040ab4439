import { elapsed, utc } from '../format.js';
import type { IncidentModel } from '../incident/model.js';
import { alertLabel, valueText, type ChartPayload, type ChartSpec } from './charts.js';
import { escapeHtml } from './escape.js';
import { clock } from './format.js';

/**
 * The "Signals" section: a key, one figure per chart (the canvas is drawn by the page script; the
 * figure carries its title, a text alternative and a data table that works without JavaScript),
 * and the table of fault windows and alerts (the incident model's, as the draft states them).
 */
export function signalsSection(model: IncidentModel, payload: ChartPayload): string {
  const figures = payload.charts.map(figure).join('\n');
  const empty = payload.charts.length === 0 ? '<p class="empty">The journal has no load samples and no SLO snapshots: there is nothing to chart.</p>' : '';
  return `<section class="signals" aria-labelledby="signals-title">
<h2 id="signals-title">Signals</h2>
${key(payload)}
${empty}${figures}
${windowsTable(model)}
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
      return `<tr><th scope="row">${clock(x, spec.id === 'chart-budget')}</th>${cells}</tr>`;
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

function windowsTable(model: IncidentModel): string {
  if (model.faults.length === 0 && model.alerts.length === 0) return '<p class="empty">No fault was injected and no alert fired.</p>';
  const rows = [
    ...model.faults.map((fault) => {
      const ended = fault.removedAt === undefined ? '<strong class="warning">never removed</strong>' : `removed (${escapeHtml(fault.removal ?? 'scheduled')})`;
      const failed = fault.injectError !== undefined ? `<br><span class="warning">injection failed: ${escapeHtml(fault.injectError)}</span>` : '';
      return row(model, 'fault', 'Fault', fault.faultId, `${escapeHtml(fault.description)}${failed}`, fault.injectedAt, fault.removedAt, ended);
    }),
    ...model.alerts.map((alert) => {
      const what = `${alert.severity ?? 'alert'}${alert.slo ? `, SLO ${alert.slo}` : ''}, from ${alert.source}`;
      const kind = alert.severity === 'page' || alert.severity === 'ticket' ? alert.severity : 'other';
      return row(model, kind, 'Alert', alertLabel(alert), escapeHtml(what), alert.firedAt, alert.resolvedAt, alert.resolvedAt === undefined ? 'still firing' : 'resolved');
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

/** One row; a window without an end (never removed, still firing) lasted at least until the journal's last event. */
function row(model: IncidentModel, kind: string, kindText: string, name: string, what: string, from: string, to: string | undefined, ended: string): { start: number; html: string } {
  const start = Date.parse(from);
  const lasted = `${to === undefined ? 'at least ' : ''}${elapsed(Date.parse(to ?? model.run.endedAt) - start)}`;
  return {
    start,
    html: `<tr><td><span class="swatch swatch-${kind}" aria-hidden="true"></span>${kindText}</td><td>${escapeHtml(name)}</td><td>${what}</td><td>${utc(from)}</td><td>${to === undefined ? 'end of journal' : utc(to)}</td><td>${lasted}</td><td>${ended}</td></tr>`,
  };
}
