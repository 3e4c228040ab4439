import { describe, expect, it } from 'vitest';
import { HttpMetricNames, SloRuleNames } from '../../../src/core/conventions.js';
import { buildDashboards } from '../../../src/dashboards/dashboards.js';
import { dashboardExpressions } from '../../../src/dashboards/expressions.js';
import type { Dashboard, Panel } from '../../../src/dashboards/grafana.js';
import { PROMETHEUS_BUILTIN_SERIES } from '../../../src/dashboards/known-series.js';
import { clone, known } from './helpers.js';
import { checkDashboard, formatProblem, selectedNames } from './promql-check.js';

/**
 * Every PromQL expression of every dashboard parses with Prometheus' grammar and reads only series
 * that exist: a renamed metric or a typo fails here, naming the dashboard, the panel and the
 * expression, instead of a panel saying "No data" in a game day.
 */

const dashboards = buildDashboards();

describe.each(dashboards.map(({ file, dashboard }) => ({ file, dashboard })))('$file', ({ dashboard }) => {
  const expressions = dashboardExpressions(dashboard);

  it('has PromQL in panels, template variables and annotations', () => {
    const kinds = new Set(expressions.map((e) => e.kind));
    expect([...kinds].sort()).toEqual(['annotation', 'panel', 'variable']);
  });

  it('parses every expression and reads only series the services, proxy, harness or SLO rules produce', () => {
    const problems = checkDashboard(dashboard, known);
    expect(problems.map(formatProblem).join('\n')).toBe('');
  });

  it('counts every panel target, variable query and annotation query', () => {
    const targets = collectTargets(dashboard.panels as Panel[]);
    const variables = dashboard.templating.list.filter((v) => v.type === 'query').length;
    const annotations = dashboard.annotations.list.filter((a) => a.target).length;
    expect(expressions).toHaveLength(targets + variables + annotations);
  });
});

describe('the known-series set', () => {
  it('holds the histograms as their _bucket, _sum and _count series, not their bare name', () => {
    for (const suffix of ['_bucket', '_sum', '_count']) expect(known.has(`${HttpMetricNames.serverDuration}${suffix}`)).toBe(true);
    expect(known.has(HttpMetricNames.serverDuration)).toBe(false);
  });

  it('holds the Sloth-named rules of real-time and compressed compiles, and Prometheus built-ins', () => {
    for (const name of ['slo:sli_error:ratio_rate5m', 'slo:sli_error:ratio_rate30d', 'slo:sli_error:ratio_rate1h', SloRuleNames.info, SloRuleNames.periodBudgetRemaining, ...PROMETHEUS_BUILTIN_SERIES]) {
      expect(known.has(name), name).toBe(true);
    }
    // 720× compressed: a 30-day period is an hour, the 1-hour window 5 seconds.
    expect(known.has('slo:sli_error:ratio_rate5s')).toBe(true);
  });
});

describe('the SLO overview reads the Sloth-compatible recording rules', () => {
  const overview = dashboards.find((d) => d.file === 'slo-overview.json')?.dashboard as Dashboard;
  const names = dashboardExpressions(overview).flatMap((e) => selectedNames(e.expr.replace(/\$\{?\w+\}?/g, '5m')));

  it.each([SloRuleNames.info, SloRuleNames.objective, SloRuleNames.errorBudget, SloRuleNames.currentBurnRate, SloRuleNames.periodBurnRate, SloRuleNames.periodBudgetRemaining, 'ALERTS'])('reads %s', (name) => {
    expect(names).toContain(name);
  });

  it('reads every window of slo:sli_error:ratio_rate* through a __name__ regex', () => {
    expect(dashboardExpressions(overview).some((e) => e.expr.includes(`__name__=~"${SloRuleNames.sliErrorPrefix}.+"`))).toBe(true);
  });
});

describe('the check refuses a broken dashboard', () => {
  const original = dashboards.find((d) => d.file === 'service-red.json')?.dashboard as Dashboard;
  const firstPanel = (d: Dashboard) => d.panels.find((p): p is Panel => p.type !== 'row') as Panel;

  const cases: Array<{ name: string; mutate: (d: Dashboard) => void; message: RegExp }> = [
    {
      name: 'a typo in a metric name',
      mutate: (d) => {
        const target = firstPanel(d).targets[0];
        if (target) target.expr = target.expr.replace('http_server_request_duration_seconds_count', 'http_server_request_duration_second_count');
      },
      message: /^Faultline \/ Service RED: panel "Request rate by route" \(target A\): reads http_server_request_duration_second_count, which nothing exposes or records \(did you mean http_server_request_duration_seconds_count\?\)\n {4}sum by \(method, route\) \(rate\(http_server_request_duration_second_count\{service=~"\$service"\}\[\$__rate_interval\]\)\)$/,
    },
    {
      name: 'an unbalanced parenthesis',
      mutate: (d) => {
        const target = firstPanel(d).targets[0];
        if (target) target.expr = target.expr.replace(/\)$/, '');
      },
      message: /^Faultline \/ Service RED: panel "Request rate by route" \(target A\): is not valid PromQL: syntax error at character \d+/,
    },
    {
      name: 'an unknown function',
      mutate: (d) => {
        const target = firstPanel(d).targets[0];
        if (target) target.expr = target.expr.replace('rate(', 'rat(');
      },
      message: /panel "Request rate by route" \(target A\): is not valid PromQL/,
    },
    {
      name: 'a misspelt series in a variable query',
      mutate: (d) => {
        const variable = d.templating.list.find((v) => v.name === 'service');
        if (variable) variable.query = { query: 'label_values(http_requests_total, service)', refId: 'x' };
      },
      message: /^Faultline \/ Service RED: variable \$service: reads http_requests_total, which nothing exposes or records/,
    },
    {
      name: 'a misspelt series in an annotation query',
      mutate: (d) => {
        const annotation = d.annotations.list.find((a) => a.target);
        if (annotation?.target) annotation.target.expr = 'faultline_proxy_toxics > 0';
      },
      message: /^Faultline \/ Service RED: annotation "Faults: toxics": reads faultline_proxy_toxics, which nothing exposes or records \(did you mean faultline_proxy_active_toxics\?\)/,
    },
    {
      name: 'a __name__ regex that matches nothing',
      mutate: (d) => {
        const target = firstPanel(d).targets[0];
        if (target) target.expr = '{__name__=~"slo:sli_errors:ratio_rate.+"}';
      },
      message: /selector \{__name__=~"slo:sli_errors:ratio_rate\.\+"\} matches no series/,
    },
    {
      name: 'a variable the dashboard does not define',
      mutate: (d) => {
        const target = firstPanel(d).targets[0];
        if (target) target.expr = target.expr.replace('$service', '$services');
      },
      message: /uses \$services, which the dashboard does not define/,
    },
    {
      name: 'a panel nested in a collapsed row',
      mutate: (d) => {
        const row = d.panels.find((p) => p.type === 'row') as unknown as { collapsed: boolean; panels: unknown[] };
        row.collapsed = true;
        row.panels = [{ ...clone(firstPanel(d)), title: 'Hidden', targets: [{ refId: 'B', expr: 'faultline_nothing_total' }] }];
      },
      message: /panel "Hidden" \(target B\): reads faultline_nothing_total/,
    },
  ];

  it.each(cases)('fails on $name, naming the dashboard, the panel and the expression', ({ mutate, message }) => {
    const broken = clone(original);
    mutate(broken);
    const problems = checkDashboard(broken, known).map(formatProblem);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });
});

function collectTargets(panels: readonly Panel[]): number {
  return panels.reduce((sum, panel) => sum + (panel.targets?.length ?? 0), 0);
}
