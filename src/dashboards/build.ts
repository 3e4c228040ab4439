import { SCHEMA_VERSION, type Annotation, type Dashboard, type Variable } from './grafana.js';
import { layout, type SectionSpec } from './panels.js';
import { builtInAnnotation, datasourceVariable } from './templating.js';

/** A whole dashboard: the datasource variable and Grafana's built-in annotations first, then the spec's. */

export interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  tags: readonly string[];
  variables: readonly Variable[];
  annotations: readonly Annotation[];
  sections: readonly SectionSpec[];
  /** Default `now-1h`: a compressed game day's whole month. */
  from?: string;
}

/** The tag every Faultline dashboard carries; the dashboards link to each other through it. */
export const FAULTLINE_TAG = 'faultline';

export function dashboard(spec: DashboardSpec): Dashboard {
  return {
    id: null,
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: [FAULTLINE_TAG, ...spec.tags],
    editable: true,
    fiscalYearStartMonth: 0,
    graphTooltip: 1,
    liveNow: false,
    links: [{ type: 'dashboards', title: 'Faultline', tags: [FAULTLINE_TAG], asDropdown: true, includeVars: false, keepTime: true, targetBlank: false, icon: 'external link', tooltip: '', url: '' }],
    refresh: '10s',
    schemaVersion: SCHEMA_VERSION,
    time: { from: spec.from ?? 'now-1h', to: 'now' },
    timepicker: {},
    timezone: 'browser',
    version: 1,
    annotations: { list: [builtInAnnotation(), ...spec.annotations] },
    templating: { list: [datasourceVariable(), ...spec.variables] },
    panels: layout(spec.sections),
  };
}
