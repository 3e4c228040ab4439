/**
 * A small typed subset of Grafana's dashboard JSON model (schemaVersion 39; Grafana 10.4 and later
 * read it unchanged). The builders are beside it: panels.ts (panels and their layout),
 * templating.ts (variables and annotations), build.ts (the dashboard).
 */

export const SCHEMA_VERSION = 39;

/** The provisioned data source's uid (dashboards/grafana/provisioning/datasources/prometheus.yml). */
export const PROVISIONED_DATASOURCE_UID = 'prometheus';

/** Name of the data-source template variable every query goes through. */
export const DATASOURCE_VARIABLE = 'datasource';

/**
 * Every panel, target, variable and annotation names its data source through the `datasource`
 * variable instead of a fixed uid: a provisioned Grafana picks the `prometheus` uid by default, and
 * an imported copy in any other Grafana offers a drop-down of its Prometheus data sources, with no
 * `${DS_PROMETHEUS}` input to resolve (file provisioning cannot resolve those).
 */
export const DATASOURCE = { type: 'prometheus', uid: `\${${DATASOURCE_VARIABLE}}` } as const;
export type DatasourceRef = typeof DATASOURCE;

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface Target {
  datasource: DatasourceRef;
  refId: string;
  expr: string;
  legendFormat: string;
  range: boolean;
  instant: boolean;
  editorMode: 'code';
}

export interface GridPos {
  h: number;
  w: number;
  x: number;
  y: number;
}

export interface Panel {
  id: number;
  type: PanelType;
  title: string;
  description: string;
  gridPos: GridPos;
  datasource: DatasourceRef;
  targets: Target[];
  fieldConfig: { defaults: { [key: string]: Json }; overrides: Json[] };
  options: { [key: string]: Json };
}

export interface RowPanel {
  id: number;
  type: 'row';
  title: string;
  collapsed: false;
  gridPos: GridPos;
  panels: [];
  repeat?: string;
}

export type DashboardPanel = Panel | RowPanel;

export interface Variable {
  type: 'datasource' | 'query';
  name: string;
  label: string;
  description: string;
  hide: 0;
  [key: string]: Json | undefined;
}

export interface Annotation {
  name: string;
  enable: boolean;
  hide: boolean;
  iconColor: string;
  datasource: DatasourceRef | { type: 'grafana'; uid: '-- Grafana --' };
  builtIn?: 1;
  type?: 'dashboard';
  /** Prometheus annotation query (Grafana's current shape: the expression lives in `target`). */
  target?: { refId: 'Anno'; expr: string; interval: string };
  titleFormat?: string;
  textFormat?: string;
  tagKeys?: string;
  useValueForTime?: false;
}

export interface Dashboard {
  id: null;
  uid: string;
  title: string;
  description: string;
  tags: string[];
  editable: true;
  fiscalYearStartMonth: 0;
  graphTooltip: 1;
  liveNow: false;
  links: Json[];
  refresh: string;
  schemaVersion: typeof SCHEMA_VERSION;
  time: { from: string; to: string };
  timepicker: Record<string, never>;
  timezone: 'browser';
  version: 1;
  annotations: { list: Annotation[] };
  templating: { list: Variable[] };
  panels: DashboardPanel[];
}

export type PanelType = 'timeseries' | 'stat' | 'state-timeline' | 'bargauge';
