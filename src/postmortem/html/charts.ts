import { plural } from '../format.js';
import type { AlertFacts, FaultWindow, IncidentModel } from '../incident/model.js';
import { clock, trimmed } from './format.js';
import { epochSeconds, type ReportSeries } from './series.js';

/**
 * The report's four charts as data: what the page script hands uPlot, what the data tables and the
 * charts' text alternatives say. Values are converted to the unit shown (fractions to percent) here,
 * so the browser only draws. The fault windows and alerts drawn over them are the incident model's
 * (`model.faults`, `model.alerts`): the same windows and the same alerts — one source, Alertmanager
 * when Prometheus ran — that the draft counts.
 */

export type ChartUnit = 'per-second' | 'percent' | 'ms';

export interface ChartLine {
  label: string;
  color: string;
  /** Stroke width in CSS pixels. */
  width: number;
  /** Canvas dash pattern, for secondary lines. */
  dash?: number[];
  values: (number | null)[];
}

export interface ChartSpec {
  /** The element id of the chart (and the prefix of its caption's id). */
  id: string;
  title: string;
  /** One sentence under the title: what is measured, and how. */
  note: string;
  unit: ChartUnit;
  /** The y axis' label. */
  axis: string;
  x: number[];
  lines: ChartLine[];
  /** Values the y range always includes (0, and 100 for budgets). */
  include: number[];
  /** Horizontal reference lines, e.g. the budget running out at 0 %. */
  references: { value: number; label: string }[];
  /** The chart's text alternative: range, extremes, shaded windows. */
  summary: string;
}

/** Fault windows and alerts as the page script draws them (every chart shows all of them), in epoch seconds. */
export interface ChartBand {
  label: string;
  start: number;
  end: number;
  open: boolean;
}

export interface ChartAlert extends ChartBand {
  /** The lane it is drawn in at the top of each chart. */
  lane: 'page' | 'ticket' | 'other';
}

export interface ChartPayload {
  /** The x range every chart shares: the whole journal. */
  range: [number, number];
  charts: ChartSpec[];
  faults: ChartBand[];
  alerts: ChartAlert[];
}

/** Okabe & Ito's colour-blind-safe palette (without its yellow, too faint on white). */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000', '#999999'];
const DASHES = [undefined, [6, 3], [2, 3]];

export function buildCharts(series: ReportSeries, model: Pick<IncidentModel, 'faults' | 'alerts'>): ChartPayload {
  const { load, budgets } = series;
  const faults = model.faults.map((fault) => faultBand(fault, series.end));
  const alerts = model.alerts.map((alert) => alertBand(alert, series.end));
  const bands = bandSentence(faults, alerts);
  const charts: ChartSpec[] = [];
  if (load.x.length > 0) {
    const requests = chart(series, {
      id: 'chart-requests',
      title: 'Request rate',
      note: 'Requests per second of the load generator: started, completed ok and failed in each one-second bucket.',
      unit: 'per-second',
      axis: 'requests / s',
      x: load.x,
      lines: [
        { label: 'sent', color: PALETTE[0]!, width: 2, values: load.sent },
        { label: 'ok', color: PALETTE[2]!, width: 1.5, values: load.ok },
        { label: 'failed', color: PALETTE[5]!, width: 2, values: load.failed },
        ...(load.missed.some((count) => count > 0) ? [{ label: 'missed', color: PALETTE[3]!, width: 1.5, dash: [6, 3], values: load.missed }] : []),
      ],
      include: [0],
      references: [],
    });
    charts.push(
      requests,
      chart(series, {
        id: 'chart-errors',
        title: 'Error ratio',
        note: 'Failed requests as a share of those completed in each second (failed / (ok + failed)).',
        unit: 'percent',
        axis: '% of completed',
        x: load.x,
        lines: [{ label: 'error ratio', color: PALETTE[5]!, width: 2, values: load.errorRatio.map(toPercent) }],
        include: [0],
        references: [],
      }),
      chart(series, {
        id: 'chart-latency',
        title: 'Latency',
        note: '99th and 50th percentile of the latency of the requests completed in each second.',
        unit: 'ms',
        axis: 'milliseconds',
        x: load.x,
        lines: [
          { label: 'p99', color: PALETTE[0]!, width: 2, values: load.p99Ms },
          { label: 'p50', color: PALETTE[4]!, width: 1.5, dash: [6, 3], values: load.p50Ms },
        ],
        include: [0],
        references: [],
      }),
    );
  }
  if (budgets.x.length > 0 && budgets.slos.length > 0) {
    charts.push(
      chart(series, {
        id: 'chart-budget',
        title: 'Error budget remaining',
        note: "Share of each SLO's error budget for the period still left, from the runner's SLO snapshots; below 0 % the budget is blown.",
        unit: 'percent',
        axis: '% of budget',
        x: budgets.x,
        lines: budgets.slos.map((slo, index) => {
          const line: ChartLine = { label: slo.id, color: PALETTE[index % PALETTE.length]!, width: 2, values: slo.remaining.map(toPercent) };
          const dash = DASHES[Math.floor(index / PALETTE.length) % DASHES.length];
          if (dash) line.dash = dash;
          return line;
        }),
        include: [0, 100],
        references: [{ value: 0, label: 'budget exhausted' }],
      }),
    );
  }
  for (const spec of charts) spec.summary += bands;
  return { range: [series.start, series.end], charts, faults, alerts };
}

/** From the injection to the first removal without error; a fault never removed is drawn to `end`. */
function faultBand(fault: FaultWindow, end: number): ChartBand {
  return { label: fault.faultId, start: epochSeconds(fault.injectedAt), end: fault.removedAt === undefined ? end : epochSeconds(fault.removedAt), open: fault.removedAt === undefined };
}

/**
 * From when the alert was recorded firing (the time the draft's detection uses) to its resolution;
 * one still firing is drawn to `end`. Alertmanager's `endsAt` can precede the poll that recorded the
 * firing, so the bar never ends before it starts.
 */
function alertBand(alert: AlertFacts, end: number): ChartAlert {
  const start = epochSeconds(alert.firedAt);
  return { label: alertLabel(alert), lane: lane(alert.severity), start, end: alert.resolvedAt === undefined ? end : Math.max(start, epochSeconds(alert.resolvedAt)), open: alert.resolvedAt === undefined };
}

function chart(series: ReportSeries, spec: Omit<ChartSpec, 'summary'>): ChartSpec {
  const from = clock(series.start);
  const to = clock(series.end);
  const lines = spec.lines.map((line) => lineSentence(line, spec.x, spec.unit)).join(' ');
  return { ...spec, summary: `${spec.title}, ${from} to ${to} UTC. ${lines}` };
}

/** "failed: from 0 to 11 per second, highest at 02:48:15." */
function lineSentence(line: ChartLine, x: number[], unit: ChartUnit): string {
  let low: number | undefined;
  let high: number | undefined;
  let highAt = 0;
  line.values.forEach((value, index) => {
    if (value === null) return;
    if (low === undefined || value < low) low = value;
    if (high === undefined || value > high) {
      high = value;
      highAt = x[index]!;
    }
  });
  if (low === undefined || high === undefined) return `${line.label}: no data.`;
  return `${line.label}: from ${valueText(low, unit)} to ${valueText(high, unit)}, highest at ${clock(highAt)}.`;
}

/** A value in its chart's unit, as tables and summaries show it. */
export function valueText(value: number | null, unit: ChartUnit): string {
  if (value === null) return '–';
  if (unit === 'percent') return `${trimmed(value, Math.abs(value) >= 100 ? 1 : 2)} %`;
  if (unit === 'ms') return `${trimmed(value, 1)} ms`;
  return `${trimmed(value, 2)} per second`;
}

function bandSentence(faults: ChartBand[], alerts: ChartAlert[]): string {
  if (faults.length === 0 && alerts.length === 0) return ' No fault was injected and no alert fired.';
  const parts = [];
  if (faults.length > 0) parts.push(`${plural(faults.length, 'fault window')} shaded (${faults.map((fault) => `${fault.label} ${clock(fault.start)} to ${fault.open ? 'the end, never removed' : clock(fault.end)}`).join('; ')})`);
  if (alerts.length > 0) parts.push(`${plural(alerts.length, 'alert')} marked at the top (${alerts.map((alert) => `${alert.label} from ${clock(alert.start)}${alert.open ? ', still firing at the end' : ` to ${clock(alert.end)}`}`).join('; ')})`);
  return ` ${parts.join('; ')}.`;
}

function toPercent(fraction: number | null): number | null {
  // Rounded to 1e-9 %: 0.07 * 100 is 7.000000000000001, which would reach the page as such.
  return fraction === null ? null : Math.round(fraction * 100 * 1e9) / 1e9;
}

/** "gateway-availability page", or the name with what it leaves out: "HighErrorRate (page, gateway-availability)". */
export function alertLabel(alert: Pick<AlertFacts, 'alertname' | 'severity' | 'slo'>): string {
  const context = [alert.severity, alert.slo].filter((part) => part !== undefined && !alert.alertname.includes(part));
  return context.length > 0 ? `${alert.alertname} (${context.join(', ')})` : alert.alertname;
}

function lane(severity: string | undefined): ChartAlert['lane'] {
  return severity === 'page' || severity === 'ticket' ? severity : 'other';
}
