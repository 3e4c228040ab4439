import { DATASOURCE, type DashboardPanel, type GridPos, type Json, type Panel, type PanelType } from './grafana.js';

/**
 * Panels from small specs, laid out on Grafana's 24-column grid. Pure: the same specs always give
 * the same ids and positions (they come from the order of the specs, never from shared state).
 */

export interface TargetSpec {
  expr: string;
  /** Grafana legend template, e.g. `{{sloth_window}}`. */
  legend?: string;
  /** An instant query (the latest value only): stats and bar gauges. */
  instant?: boolean;
}

/** A threshold step: `value` undefined is the base step (Grafana's `null`). */
export interface Step {
  color: string;
  value?: number;
}

/** A value → text and colour mapping (state timelines of 0/1/2 states). */
export interface ValueText {
  value: number;
  text: string;
  color: string;
}

export interface PanelSpec {
  type: PanelType;
  title: string;
  /** What the panel shows and how to read it (Grafana's (i) tooltip). */
  description: string;
  width: number;
  height: number;
  targets: readonly TargetSpec[];
  /** Grafana unit id: percentunit, s, reqps, Bps, short, d, `suffix:×`. */
  unit?: string;
  min?: number;
  max?: number;
  decimals?: number;
  /** Absolute thresholds; drawn as dashed lines on a time series. */
  thresholds?: readonly Step[];
  mappings?: readonly ValueText[];
  /** Shown instead of "No data" (e.g. `none firing`). */
  noValue?: string;
  /** Stacked areas (a time series of counts that add up). */
  stacked?: boolean;
}

export interface SectionSpec {
  /** A row header; `repeat` names the template variable the row (and its panels) repeats for. */
  row?: { title: string; repeat?: string };
  panels: readonly PanelSpec[];
}

const GRID_WIDTH = 24;

/**
 * Lay the sections out top to bottom: a row header takes the full width, panels flow left to right
 * and wrap when the next one does not fit. Ids count up from 1 in the same order.
 */
export function layout(sections: readonly SectionSpec[]): DashboardPanel[] {
  const panels: DashboardPanel[] = [];
  let id = 0;
  let y = 0;
  for (const section of sections) {
    if (section.row) {
      panels.push({
        id: ++id,
        type: 'row',
        title: section.row.title,
        collapsed: false,
        gridPos: { h: 1, w: GRID_WIDTH, x: 0, y },
        panels: [],
        ...(section.row.repeat ? { repeat: section.row.repeat } : {}),
      });
      y += 1;
    }
    let x = 0;
    let lineHeight = 0;
    for (const spec of section.panels) {
      if (spec.width < 1 || spec.width > GRID_WIDTH) throw new Error(`panel "${spec.title}" is ${spec.width} columns wide; the grid has ${GRID_WIDTH}`);
      if (x + spec.width > GRID_WIDTH) {
        y += lineHeight;
        x = 0;
        lineHeight = 0;
      }
      panels.push(panel(++id, spec, { h: spec.height, w: spec.width, x, y }));
      x += spec.width;
      lineHeight = Math.max(lineHeight, spec.height);
    }
    y += lineHeight;
  }
  return panels;
}

function panel(id: number, spec: PanelSpec, gridPos: GridPos): Panel {
  return {
    id,
    type: spec.type,
    title: spec.title,
    description: spec.description,
    gridPos,
    datasource: DATASOURCE,
    targets: spec.targets.map((target, i) => ({
      datasource: DATASOURCE,
      refId: String.fromCharCode(65 + i),
      expr: target.expr,
      legendFormat: target.legend ?? '__auto',
      range: !target.instant,
      instant: target.instant ?? false,
      editorMode: 'code',
    })),
    fieldConfig: { defaults: fieldDefaults(spec), overrides: [] },
    options: panelOptions(spec),
  };
}

function fieldDefaults(spec: PanelSpec): { [key: string]: Json } {
  const colorByThreshold = spec.type !== 'timeseries' && (spec.thresholds !== undefined || spec.mappings !== undefined);
  const defaults: { [key: string]: Json } = {
    color: { mode: colorByThreshold ? 'thresholds' : 'palette-classic' },
    unit: spec.unit ?? 'short',
    thresholds: { mode: 'absolute', steps: (spec.thresholds ?? [{ color: 'green' }]).map((s) => ({ color: s.color, value: s.value ?? null })) },
    mappings: spec.mappings ? [{ type: 'value', options: Object.fromEntries(spec.mappings.map((m, index) => [String(m.value), { text: m.text, color: m.color, index }])) }] : [],
  };
  if (spec.min !== undefined) defaults.min = spec.min;
  if (spec.max !== undefined) defaults.max = spec.max;
  if (spec.decimals !== undefined) defaults.decimals = spec.decimals;
  if (spec.noValue !== undefined) defaults.noValue = spec.noValue;
  if (spec.type === 'timeseries') {
    defaults.custom = {
      drawStyle: 'line',
      lineWidth: 1,
      fillOpacity: spec.stacked ? 40 : 10,
      showPoints: 'never',
      spanNulls: false,
      stacking: { mode: spec.stacked ? 'normal' : 'none', group: 'A' },
      thresholdsStyle: { mode: spec.thresholds ? 'dashed' : 'off' },
    };
  } else if (spec.type === 'state-timeline') {
    defaults.custom = { fillOpacity: 70, lineWidth: 0 };
  }
  return defaults;
}

const REDUCE_LAST = { calcs: ['lastNotNull'], fields: '', values: false };

function panelOptions(spec: PanelSpec): { [key: string]: Json } {
  switch (spec.type) {
    case 'timeseries':
      return { legend: { displayMode: 'list', placement: 'bottom', showLegend: true, calcs: [] }, tooltip: { mode: 'multi', sort: 'desc' } };
    case 'stat':
      return { reduceOptions: REDUCE_LAST, colorMode: 'value', graphMode: 'area', justifyMode: 'auto', orientation: 'auto', textMode: 'auto', wideLayout: true, showPercentChange: false };
    case 'state-timeline':
      return { mergeValues: true, showValue: 'auto', alignValue: 'left', rowHeight: 0.9, legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'single', sort: 'none' } };
    case 'bargauge':
      return { reduceOptions: REDUCE_LAST, displayMode: 'gradient', orientation: 'horizontal', showUnfilled: true, valueMode: 'color', namePlacement: 'auto', sizing: 'auto', minVizHeight: 16, minVizWidth: 8, maxVizHeight: 300 };
  }
}
