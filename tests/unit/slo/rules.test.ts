import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { SloSet } from '../../../src/slo/model.js';
import { formatWarnings, renderPrometheusRules } from '../../../src/slo/render.js';
import { compileRules, errorBudgetRatio, type AlertingRule, type RecordingRule, type RuleGroup } from '../../../src/slo/rules.js';
import { load, shippedSlos, sloFile } from './helpers.js';

const availability = sloFile(
  [
    '  - service: gateway',
    '    name: browse-availability',
    '    description: Browsing works.',
    '    objective: 99.9',
    '    labels: { journey: browse }',
    '    sli:',
    '      availability: { method: GET, routes: [/products, /products/:id] }',
    '    alerting:',
    '      name: BrowseBurn',
    '      pageLabels: { team: shop }',
    '      runbook: https://runbooks.example/browse',
  ].join('\n') + '\n',
);

const latency = (threshold: string, period = '30d') =>
  sloFile(`  - service: gateway\n    name: order-latency\n    objective: 99\n    period: ${period}\n    sli:\n      latency: { threshold: ${threshold}, method: POST, routes: [/orders] }\n`);

const groupsOf = (text: string, options = {}) => compileRules(load(text), options).groups;
const records = (group: RuleGroup | undefined) => (group?.rules as RecordingRule[]).map((r) => r.record);
const rule = (groups: RuleGroup[], record: string) => groups.flatMap((g) => g.rules).find((r) => 'record' in r && r.record === record) as RecordingRule;
const alerts = (groups: RuleGroup[]) => groups.flatMap((g) => g.rules).filter((r): r is AlertingRule => 'alert' in r);

describe('rules of an availability SLO', () => {
  const groups = groupsOf(availability);

  it("come in Sloth's three groups, named after the SLO id", () => {
    expect(groups.map((g) => g.name)).toEqual([
      'sloth-slo-sli-recordings-gateway-browse-availability',
      'sloth-slo-meta-recordings-gateway-browse-availability',
      'sloth-slo-alerts-gateway-browse-availability',
    ]);
    expect(groups.every((g) => g.interval === undefined)).toBe(true);
  });

  it("record the error ratio over every alert window and the period, with Sloth's names", () => {
    expect(records(groups[0])).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d'].map((w) => `slo:sli_error:ratio_rate${w}`));
    expect(records(groups[1])).toEqual([
      'slo:objective:ratio',
      'slo:error_budget:ratio',
      'slo:time_period:days',
      'slo:current_burn_rate:ratio',
      'slo:period_burn_rate:ratio',
      'slo:period_error_budget_remaining:ratio',
      'sloth_slo_info',
    ]);
  });

  it('count 5xx of the chosen routes as errors, with the SLO labels and sloth_window', () => {
    expect(rule(groups, 'slo:sli_error:ratio_rate5m')).toEqual({
      record: 'slo:sli_error:ratio_rate5m',
      expr:
        '(sum(rate(http_server_request_duration_seconds_count{service="gateway",method="GET",route=~"/products|/products/:id",status_code=~"5.."}[5m])))\n' +
        '/\n' +
        '(sum(rate(http_server_request_duration_seconds_count{service="gateway",method="GET",route=~"/products|/products/:id"}[5m])))\n',
      labels: { journey: 'browse', sloth_id: 'gateway-browse-availability', sloth_service: 'gateway', sloth_slo: 'browse-availability', sloth_window: '5m' },
    });
  });

  it("state the objective, budget and period with Sloth's arithmetic", () => {
    expect(rule(groups, 'slo:objective:ratio').expr).toBe('vector(0.9990000000000001)');
    expect(rule(groups, 'slo:error_budget:ratio').expr).toBe('vector(1-0.9990000000000001)');
    expect(rule(groups, 'slo:time_period:days').expr).toBe('vector(30)');
    expect(errorBudgetRatio(99.9)).toBe(0.0009999999999999432);
    const sel = '{sloth_id="gateway-browse-availability", sloth_service="gateway", sloth_slo="browse-availability"}';
    expect(rule(groups, 'slo:current_burn_rate:ratio').expr).toBe(
      `slo:sli_error:ratio_rate5m${sel}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio${sel}\n`,
    );
    expect(rule(groups, 'slo:period_error_budget_remaining:ratio').expr).toBe(`1 - slo:period_burn_rate:ratio${sel}`);
  });

  it("describe the SLO in an info series with Sloth's labels", () => {
    expect(rule(groups, 'sloth_slo_info').labels).toEqual({
      journey: 'browse',
      sloth_id: 'gateway-browse-availability',
      sloth_service: 'gateway',
      sloth_slo: 'browse-availability',
      sloth_mode: 'faultline-gen-prom',
      sloth_objective: '99.9',
      sloth_spec: 'faultline.dev/v1',
      faultline_time_scale: '1',
    });
    expect(rule(groupsOf(availability, { version: '0.1.0' }), 'sloth_slo_info').labels).toMatchObject({ sloth_version: '0.1.0' });
  });

  it('page on 14.4× over 1h and 5m or 6× over 6h and 30m, ticket on 3× over 1d and 2h or 1× over 3d and 6h', () => {
    const [page, ticket] = alerts(groups);
    const sel = '{sloth_id="gateway-browse-availability", sloth_service="gateway", sloth_slo="browse-availability"}';
    const cond = (w: string, f: number) => `    max(slo:sli_error:ratio_rate${w}${sel} > (${f} * 0.0009999999999999432)) without (sloth_window)`;
    expect(page?.expr).toBe(`(\n${cond('5m', 14.4)}\n    and\n${cond('1h', 14.4)}\n)\nor\n(\n${cond('30m', 6)}\n    and\n${cond('6h', 6)}\n)\n`);
    expect(ticket?.expr).toBe(`(\n${cond('2h', 3)}\n    and\n${cond('1d', 3)}\n)\nor\n(\n${cond('6h', 1)}\n    and\n${cond('3d', 1)}\n)\n`);
  });

  it('share one alert name, told apart by severity labels, with summary, description and runbook', () => {
    const [page, ticket] = alerts(groups);
    expect([page?.alert, ticket?.alert]).toEqual(['BrowseBurn', 'BrowseBurn']);
    expect(page?.labels).toEqual({ severity: 'page', team: 'shop', sloth_severity: 'page' });
    expect(ticket?.labels).toEqual({ severity: 'ticket', sloth_severity: 'ticket' });
    expect(page?.annotations).toEqual({
      title: '(page) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.',
      summary: '{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is over expected.',
      description:
        'Browsing works. Objective 99.9 % over 30d; error budget 0.1 %. The error ratio is above 14.4× the budget over both 1h and 5m (2 % of the budget gone), or above 6× the budget over both 6h and 30m (5 % of the budget gone).',
      runbook_url: 'https://runbooks.example/browse',
    });
  });
});

describe('rules of other SLIs', () => {
  it('count a latency SLI as total minus the bucket at the threshold', () => {
    expect(rule(groupsOf(latency('0.3')), 'slo:sli_error:ratio_rate5m').expr).toBe(
      '(sum(rate(http_server_request_duration_seconds_count{service="gateway",method="POST",route="/orders"}[5m])) - ' +
        'sum(rate(http_server_request_duration_seconds_bucket{service="gateway",method="POST",route="/orders",le="0.3"}[5m])))\n' +
        '/\n(sum(rate(http_server_request_duration_seconds_count{service="gateway",method="POST",route="/orders"}[5m])))\n',
    );
  });

  it('match a whole-second bucket as prom-client (le="1") and Prometheus 3 (le="1.0") write it', () => {
    expect(rule(groupsOf(latency('1s')), 'slo:sli_error:ratio_rate1h').expr).toContain('route="/orders",le=~"1(\\\\.0)?"}[1h]');
  });

  it('name the 28-day period rule as Sloth does (4w) and use its 13.44× factor', () => {
    const groups = groupsOf(latency('0.3', '28d'));
    expect(records(groups[0])?.at(-1)).toBe('slo:sli_error:ratio_rate4w');
    expect(rule(groups, 'slo:time_period:days').expr).toBe('vector(28)');
    expect(alerts(groups)[0]?.expr).toContain('> (13.44 * 0.01)');
  });

  it("count a client's calls that did not succeed, whatever failed them", () => {
    const text = sloFile('  - service: orders\n    name: payments\n    objective: 99.9\n    sli:\n      clientAvailability: { peer: payments }\n');
    expect(rule(groupsOf(text), 'slo:sli_error:ratio_rate5m').expr).toBe(
      '(sum(rate(http_client_request_duration_seconds_count{service="orders",peer="payments",outcome!="success"}[5m])))\n/\n' +
        '(sum(rate(http_client_request_duration_seconds_count{service="orders",peer="payments"}[5m])))\n',
    );
  });

  it('put each window into custom queries wherever {{.window}} stands', () => {
    const text = sloFile(
      '  - service: payments\n    name: charges\n    objective: 99\n    sli:\n      custom:\n        errorQuery: sum(rate(failed_total[{{ .window }}]))\n        totalQuery: sum(rate(all_total[{{.window}}]))\n',
    );
    expect(rule(groupsOf(text), 'slo:sli_error:ratio_rate6h').expr).toBe('(sum(rate(failed_total[6h])))\n/\n(sum(rate(all_total[6h])))\n');
  });
});

describe('compressed rules', () => {
  it('use compressed windows, evaluate every scrape interval and pass on clamping warnings', () => {
    const { groups, warnings } = compileRules(load(availability), { timeScale: 720 });
    expect(records(groups[0])).toEqual(['4s', '5s', '10s', '30s', '2m', '6m', '1h'].map((w) => `slo:sli_error:ratio_rate${w}`));
    expect(groups.map((g) => g.interval)).toEqual(['1s', '1s', '1s']);
    expect(rule(groups, 'slo:time_period:days').expr).toBe(`vector(${1 / 24})`);
    expect(alerts(groups)[0]?.expr).toContain('max(slo:sli_error:ratio_rate4s{');
    expect(alerts(groups)[0]?.expr).toContain('> (14.4 * 0.0009999999999999432)');
    expect(formatWarnings(warnings)).toEqual([
      expect.stringMatching(/^warning: gateway-browse-availability: page \(quick, 14\.4×\) short window 5m ÷ 720 = 416\.67ms .* clamped to 4s/),
      expect.stringMatching(/^warning: gateway-browse-availability: page \(slow, 6×\) short window 30m ÷ 720 = 2\.5s .* clamped to 4s/),
    ]);
  });

  it("take the file's timeScale unless the caller overrides it", () => {
    const inFile = load(sloFile('  - service: gateway\n    name: browse\n    objective: 99.9\n    sli: { availability: {} }\n', 'timeScale: 60\n'));
    expect(records(compileRules(inFile).groups[0])?.[0]).toBe('slo:sli_error:ratio_rate5s');
    expect(records(compileRules(inFile, { timeScale: 1 }).groups[0])?.[0]).toBe('slo:sli_error:ratio_rate5m');
  });
});

describe('rendering', () => {
  const set: SloSet = load(shippedSlos);

  it('is deterministic: the same model gives the same bytes', () => {
    const first = renderPrometheusRules(compileRules(set).groups);
    expect(renderPrometheusRules(compileRules(load(shippedSlos)).groups)).toBe(first);
  });

  it('does not depend on the order of keys and labels in the file', () => {
    const reordered = availability
      .replace('    labels: { journey: browse }\n', '')
      .replace('      name: BrowseBurn\n      pageLabels: { team: shop }\n', '      pageLabels: { team: shop }\n      name: BrowseBurn\n')
      .replace('    description: Browsing works.\n', '    labels: { journey: browse }\n    description: Browsing works.\n');
    expect(reordered).not.toBe(availability);
    expect(renderPrometheusRules(groupsOf(reordered))).toBe(renderPrometheusRules(groupsOf(availability)));
  });

  it('writes a Prometheus rule file: groups of rules with sorted labels and literal multi-line expressions', () => {
    const text = renderPrometheusRules(compileRules(set).groups, { source: 'slo/shop.yaml' });
    expect(text.startsWith('# Code generated by faultline slo compile from slo/shop.yaml. DO NOT EDIT.\n')).toBe(true);
    const parsed = parse(text) as { groups: Array<{ name: string; rules: Array<Record<string, unknown>> }> };
    expect(parsed.groups).toHaveLength(15);
    expect(parsed.groups.flatMap((g) => g.rules)).toHaveLength(5 * (8 + 7 + 2));
    expect(parsed.groups[0]?.rules[0]).toEqual({ record: 'slo:sli_error:ratio_rate5m', expr: expect.stringContaining('[5m]'), labels: expect.any(Object) });
    expect(Object.keys(parsed.groups[0]?.rules[0]?.labels as object)).toEqual(['category', 'journey', 'sloth_id', 'sloth_service', 'sloth_slo', 'sloth_window']);
    expect(text).toContain('  - record: slo:sli_error:ratio_rate5m\n    expr: |\n      (sum(rate(');
  });
});

describe('rules of a timeslice SLO', () => {
  const text = sloFile('  - service: catalog\n    name: minutes\n    objective: 99\n    budgeting: { method: timeslices, sliceWindow: 5m, sliceObjective: 95 }\n    sli:\n      availability: {}\n');

  it('record the slice ratio and count the share of bad slices over the period', () => {
    const groups = groupsOf(text);
    expect(records(groups[0])).toEqual([5, 30].map((m) => `slo:sli_error:ratio_rate${m}m`).concat(['slo:sli_error:ratio_rate1h', 'slo:sli_error:ratio_rate2h', 'slo:sli_error:ratio_rate6h', 'slo:sli_error:ratio_rate1d', 'slo:sli_error:ratio_rate3d', 'slo:sli_error:ratio_rate30d']).sort((a, b) => windowMs(a) - windowMs(b)));
    expect(rule(groups, 'slo:sli_error:ratio_rate30d').expr).toBe(
      'avg_over_time((slo:sli_error:ratio_rate5m{sloth_id="catalog-minutes", sloth_service="catalog", sloth_slo="minutes"} > bool 0.05)[30d:5m])\n',
    );
  });

  it('keep the burn-rate alerts on events, like an events SLO', () => {
    const events = groupsOf(text.replace(/ {4}budgeting:.*\n/, ''));
    expect(alerts(groupsOf(text))).toEqual(alerts(events));
  });

  it('say when compression clamps the slice', () => {
    const { warnings } = compileRules(load(text), { timeScale: 720 });
    expect(warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/^timeslice 5m ÷ 720 = 416\.67ms is under 4 scrape intervals; clamped to 4s/));
  });
});

function windowMs(record: string): number {
  const [, count, unit] = /ratio_rate(\d+)([mhd])$/.exec(record) ?? [];
  return Number(count) * { m: 1, h: 60, d: 1440 }[unit as 'm' | 'h' | 'd'];
}
