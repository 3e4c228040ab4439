import { DATASOURCE, DATASOURCE_VARIABLE, PROVISIONED_DATASOURCE_UID, type Annotation, type Variable } from './grafana.js';

/** Template variables and annotation queries. */

export function datasourceVariable(): Variable {
  return {
    type: 'datasource',
    name: DATASOURCE_VARIABLE,
    label: 'Data source',
    description: 'The Prometheus that scrapes the shop, the proxy and the harness, and evaluates the SLO rules.',
    hide: 0,
    query: 'prometheus',
    current: { selected: false, text: 'Prometheus', value: PROVISIONED_DATASOURCE_UID },
    options: [],
    refresh: 1,
    regex: '',
    skipUrlSync: false,
  };
}

export interface QueryVariableSpec {
  name: string;
  label: string;
  description: string;
  /** Grafana's Prometheus variable query, e.g. `label_values(sloth_slo_info, sloth_id)`. */
  query: string;
  /** Keep Prometheus' order (0) or sort alphabetically (1). */
  sort?: 0 | 1;
}

/** A multi-value variable with "All" selected; rows repeat over it. */
export function queryVariable(spec: QueryVariableSpec): Variable {
  return {
    type: 'query',
    name: spec.name,
    label: spec.label,
    description: spec.description,
    hide: 0,
    datasource: DATASOURCE,
    definition: spec.query,
    query: { query: spec.query, refId: 'PrometheusVariableQueryEditor-VariableQuery' },
    current: { selected: true, text: ['All'], value: ['$__all'] },
    includeAll: true,
    multi: true,
    options: [],
    refresh: 2,
    regex: '',
    skipUrlSync: false,
    sort: spec.sort ?? 1,
  };
}


/** Grafana's own annotations and alerts, which every dashboard carries. */
export function builtInAnnotation(): Annotation {
  return {
    builtIn: 1,
    datasource: { type: 'grafana', uid: '-- Grafana --' },
    enable: true,
    hide: true,
    iconColor: 'rgba(0, 211, 255, 1)',
    name: 'Annotations & Alerts',
    type: 'dashboard',
  };
}

export interface AnnotationSpec {
  name: string;
  /**
   * A PromQL query whose positive samples mark the annotation: Grafana joins consecutive positive
   * samples of one series into a region and drops samples <= 0, so the expression must be > 0
   * exactly while the event lasts.
   */
  expr: string;
  color: string;
  /** Legend-style templates over the series' labels. */
  title: string;
  text: string;
  /** Labels that become the annotation's tags. */
  tagKeys: readonly string[];
}

export function promAnnotation(spec: AnnotationSpec): Annotation {
  return {
    name: spec.name,
    enable: true,
    hide: false,
    iconColor: spec.color,
    datasource: DATASOURCE,
    target: { refId: 'Anno', expr: spec.expr, interval: '' },
    titleFormat: spec.title,
    textFormat: spec.text,
    tagKeys: spec.tagKeys.join(','),
    useValueForTime: false,
  };
}
