import { describe, expect, it } from 'vitest';
import { eq, ne } from '../../../src/core/promql.js';
import { buildDashboards } from '../../../src/dashboards/dashboards.js';
import type { Dashboard, Panel } from '../../../src/dashboards/grafana.js';
import { matchVar, rate, RATE_INTERVAL, series, seriesMatching } from '../../../src/dashboards/promql.js';
import { serverErrorRatio, serverP99 } from '../../../src/postmortem/incident/queries.js';
import { syntaxErrors } from '../core/promql-syntax.js';

/** What src/dashboards/promql.ts adds to src/core/promql.ts: Grafana's window, variables, spaced selectors. */
describe('dashboard PromQL builders', () => {
  it.each([
    { name: 'a variable matcher', built: matchVar('service', 'service'), expected: 'service=~"$service"' },
    { name: 'a spaced selector', built: series('up', eq('job', 'gateway'), ne('instance', 'x')), expected: 'up{job="gateway", instance!="x"}' },
    { name: 'a bare metric', built: series('up'), expected: 'up' },
    {
      name: 'series by name regex',
      built: seriesMatching('slo:sli_error:ratio_rate.+', matchVar('sloth_id', 'slo')),
      expected: '{__name__=~"slo:sli_error:ratio_rate.+", sloth_id=~"$slo"}',
    },
    { name: "a rate over Grafana's interval", built: rate('x_total'), expected: 'rate(x_total[$__rate_interval])' },
    { name: 'a rate over another window', built: rate('x_total', '$__range'), expected: 'rate(x_total[$__range])' },
  ])('$name', ({ built, expected }) => {
    expect(built).toBe(expected);
  });

  it('quotes values in a dashboard selector too', () => {
    const built = series('up', eq('job', 'say "hi"\\\n'));
    expect(built).toBe('up{job="say \\"hi\\"\\\\\\n"}');
    expect(syntaxErrors(built)).toEqual([]);
  });
});

describe('the post-mortem reads what the Service RED dashboard draws', () => {
  const red = buildDashboards().find((d) => d.file === 'service-red.json')?.dashboard as Dashboard;
  const target = (title: string, index: number) => (red.panels.find((p): p is Panel => p.type !== 'row' && p.title === title) as Panel).targets[index]?.expr as string;
  /** The dashboard's expression for one service over one window, without its grouping, written as the post-mortem writes selectors. */
  const forOneService = (expr: string, service: string, window: string, grouping: string) =>
    expr.replaceAll(`sum by (${grouping}) `, 'sum').replaceAll(matchVar('service', 'service'), eq('service', service)).replaceAll('", ', '",').replaceAll(RATE_INTERVAL, window);

  it("serverErrorRatio is the 'Server error ratio by route' panel for one service, over all routes", () => {
    expect(forOneService(target('Server error ratio by route', 0), 'payments', '4s', 'method, route')).toBe(serverErrorRatio('payments', '4s'));
  });

  it("serverP99 is the 'Latency p50 / p90 / p99' panel's p99 for one service", () => {
    expect(target('Latency p50 / p90 / p99', 2).replace(matchVar('service', 'service'), eq('service', 'gateway')).replace(RATE_INTERVAL, '4s')).toBe(serverP99('gateway', '4s'));
  });
});
