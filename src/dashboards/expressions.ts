import type { Dashboard, DashboardPanel } from './grafana.js';

/**
 * Every PromQL expression a Grafana dashboard runs, with where it sits: panel targets (rows'
 * nested panels included), query-variable queries and Prometheus annotation queries. The dashboards'
 * tests parse each one with Prometheus' grammar and check the series it names; kept pure and apart
 * from the parser so it also describes what "every expression" means.
 */

export interface DashboardExpression {
  /** The dashboard's title. */
  dashboard: string;
  kind: 'panel' | 'variable' | 'annotation';
  /** Human-readable place, e.g. `panel "Burn rate per window" (target A)`. */
  where: string;
  /** The PromQL, still holding Grafana variables such as `$slo` and `$__rate_interval`. */
  expr: string;
}

interface LooseTarget {
  refId?: string;
  expr?: string;
}

type LoosePanel = DashboardPanel & { targets?: LooseTarget[]; panels?: LoosePanel[] };

export function dashboardExpressions(dashboard: Dashboard): DashboardExpression[] {
  const found: DashboardExpression[] = [];
  const add = (kind: DashboardExpression['kind'], where: string, expr: string) => found.push({ dashboard: dashboard.title, kind, where, expr });

  for (const variable of dashboard.templating.list) {
    if (variable.type !== 'query') continue;
    const query = variable.query;
    const text = typeof query === 'string' ? query : query !== null && typeof query === 'object' && !Array.isArray(query) && typeof query.query === 'string' ? query.query : undefined;
    if (text === undefined) continue;
    const expr = variableQueryExpression(text);
    if (expr !== undefined) add('variable', `variable $${variable.name}`, expr);
  }
  for (const annotation of dashboard.annotations.list) {
    const expr = annotation.target?.expr ?? (annotation as { expr?: string }).expr;
    if (expr !== undefined) add('annotation', `annotation "${annotation.name}"`, expr);
  }
  const visit = (panels: readonly LoosePanel[]) => {
    for (const panel of panels) {
      for (const target of panel.targets ?? []) {
        if (target.expr !== undefined) add('panel', `panel "${panel.title}" (target ${target.refId ?? '?'})`, target.expr);
      }
      visit(panel.panels ?? []);
    }
  };
  visit(dashboard.panels as LoosePanel[]);
  return found;
}

/**
 * The PromQL inside a Grafana Prometheus variable query: `label_values(<series selector>, label)`
 * and `query_result(<expr>)` hold one, `label_values(label)`, `label_names()` and `metrics(regex)`
 * none. Anything else Grafana runs as an expression.
 */
export function variableQueryExpression(query: string): string | undefined {
  const text = query.trim();
  const call = /^(label_values|query_result|label_names|metrics)\s*\(([\s\S]*)\)$/.exec(text);
  if (!call) return text;
  const [, fn, args = ''] = call;
  if (fn === 'query_result') return args.trim();
  if (fn !== 'label_values') return undefined;
  const lastComma = args.lastIndexOf(',');
  return lastComma < 0 ? undefined : args.slice(0, lastComma).trim();
}

/** Grafana's interval and range variables, and a value of each kind to parse with. */
const BUILTIN_VALUES: Readonly<Record<string, string>> = {
  __rate_interval: '5m',
  __interval: '1m',
  __range: '1h',
  __interval_ms: '60000',
  __range_s: '3600',
  __range_ms: '3600000',
};

/** A stand-in for a user variable's value; only ever valid inside a label matcher's string. */
export const VARIABLE_STAND_IN = 'grafana_variable';

export interface Interpolated {
  text: string;
  /** Variables referenced that neither the dashboard nor Grafana defines. */
  undefinedVariables: string[];
}

/**
 * Replace Grafana variables (`$name`, `${name}`, `${name:format}`, `[[name]]`) with values Prometheus'
 * grammar accepts where Grafana would put them: durations for the interval variables, a plain word
 * for the dashboard's own (which belong in label matchers' strings; anywhere else the word breaks the
 * parse, as it should).
 */
export function interpolateForParsing(expr: string, variables: readonly string[]): Interpolated {
  const known = new Set(variables);
  const undefinedVariables: string[] = [];
  const text = expr.replace(/\$\{(\w+)(?::[^}]*)?\}|\[\[(\w+)(?::[^\]]*)?\]\]|\$(\w+)/g, (_match, braced?: string, bracketed?: string, bare?: string) => {
    const name = (braced ?? bracketed ?? bare) as string;
    const builtin = BUILTIN_VALUES[name];
    if (builtin !== undefined) return builtin;
    if (!known.has(name)) undefinedVariables.push(name);
    return VARIABLE_STAND_IN;
  });
  return { text, undefinedVariables };
}

/** The names of a dashboard's template variables. */
export function variableNames(dashboard: Dashboard): string[] {
  return dashboard.templating.list.map((variable) => variable.name);
}
