import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSloSet } from '../../../../src/slo/load.js';
import type { RawSli } from '../../../../src/slo/spec.js';
import { topologyContext } from '../helpers.js';
import { importText, located } from './helpers.js';

/**
 * Import of OpenSLO written by other tools: Faultline's own queries come back as native SLIs, other
 * Prometheus queries as custom SLIs that measure what the OpenSLO says, and whatever Faultline
 * cannot carry is a warning with its line. Golden file: UPDATE_GOLDEN=1 regenerates it.
 */
const update = process.env.UPDATE_GOLDEN === '1';
const foreign = readFileSync(new URL('./fixtures/foreign.openslo.yaml', import.meta.url), 'utf8');

describe('importing an OpenSLO file written by another tool', () => {
  const imported = importText(foreign);

  it('writes the golden Faultline SLO file, warnings in its header', () => {
    const path = fileURLToPath(new URL('../../../golden/openslo/foreign.slo.yaml', import.meta.url));
    if (update) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, imported.text);
    }
    expect(existsSync(path), `${path} is missing: run UPDATE_GOLDEN=1 npx vitest run tests/unit/slo/openslo`).toBe(true);
    expect(imported.text).toBe(readFileSync(path, 'utf8'));
  });

  it('gives a file the SLO loader accepts', () => {
    expect(parseSloSet(imported.text, 'foreign.slo.yaml', topologyContext)).toEqual(imported.set);
  });

  it('turns each objective into an SLO, recognising Faultline\'s own client-availability queries', () => {
    expect(imported.set.slos.map((s) => `${s.id} ${s.sli.kind} ${s.objective} ${s.periodMs / 86_400_000}d ${s.budgeting.method}`)).toEqual([
      'gateway-availability custom 99.5 28d events',
      'orders-payments clientAvailability 99.9 30d timeslices',
      'catalog-p99 custom 95 7d events',
      'inventory-success custom 99 30d events',
      'payments-charges-most-charges custom 99 30d events',
      'payments-charges-nearly-all custom 99.5 30d events',
    ]);
    expect(imported.set.slos[1]?.budgeting).toEqual({ method: 'timeslices', sliceMs: 120_000, sliceObjective: 90 });
  });

  it('warns, with line and path, about everything it does not carry over', () => {
    expect(located(imported.warnings).map((w) => w.slice(0, w.indexOf(': ')))).toEqual([
      '4:DataSource/prometheus',
      '45:SLO/gateway-availability.metadata.labels.team',
      '46:SLO/gateway-availability.metadata.labels.app.kubernetes.io/part-of',
      '104:SLO/catalog-p99.spec.indicator.spec.thresholdMetric',
      '122:SLO/inventory-success.spec',
      '130:SLO/inventory-success.spec.indicator.spec.ratioMetric.raw',
      '150:SLO/payments-charges.spec.indicator.spec.ratioMetric.counter',
      '166:SLO/payments-charges.spec.objectives.0',
      '168:SLO/payments-charges.spec.objectives.1',
      '195:AlertPolicy/slow-burn.metadata.labels',
      '198:AlertPolicy/slow-burn.spec.alertWhenNoData',
      '211:AlertCondition/slow-burn-1d.spec.condition',
      '216:AlertCondition/slow-burn-1d.spec.condition.alertAfter',
      '218:AlertCondition/unused',
      '233:AlertNotificationTarget/pager.spec.target',
    ]);
    expect(imported.warnings.find((w) => w.line === 211)?.message).toBe(
      "burn rate gte 2 over 1d is not one of the Workbook's pairs for a 28d SLO (13.44× over 1h/5m (page), 5.6× over 6h/30m (page), 2.8× over 1d/2h (ticket), 0.933333333333× over 3d/6h (ticket)); Faultline generates those pairs instead and does not import this condition",
    );
  });
});

/** One SLO around an indicator spec (indented for `spec:` under `indicator:`), with optional objective fields. */
const withIndicator = (indicator: string, { service = 'gateway', objective = '    - target: 0.99', extra = '' } = {}) =>
  [
    'apiVersion: openslo/v1',
    'kind: SLO',
    'metadata:',
    `  name: ${service}-checkout`,
    ...(extra ? [extra] : []),
    'spec:',
    `  service: ${service}`,
    '  indicator:',
    '    metadata:',
    '      name: x',
    '    spec:',
    indicator,
    '  timeWindow:',
    '    - duration: 30d',
    '      isRolling: true',
    '  budgetingMethod: Occurrences',
    '  objectives:',
    objective,
  ].join('\n');

const ratio = (counter: string, numerator: 'good' | 'bad', numeratorQuery: string, totalQuery: string) =>
  [
    '      ratioMetric:',
    ...(counter ? [`        counter: ${counter}`] : []),
    `        ${numerator}:`,
    '          metricSource:',
    '            type: Prometheus',
    '            spec:',
    `              query: '${numeratorQuery}'`,
    '        total:',
    '          metricSource:',
    '            type: Prometheus',
    '            spec:',
    `              query: '${totalQuery}'`,
  ].join('\n');

/** The imported SLI in its raw (file) form; the kinds map one to one. */
const sliOf = (text: string): RawSli => {
  const sli = importText(text).set.slos[0]?.sli;
  if (!sli) throw new Error('nothing imported');
  switch (sli.kind) {
    case 'availability':
      return { availability: { ...(sli.filter.method ? { method: sli.filter.method } : {}), ...(sli.filter.routes.length ? { routes: [...sli.filter.routes] } : {}) } };
    case 'latency':
      return { latency: { threshold: sli.thresholdSeconds, ...(sli.filter.method ? { method: sli.filter.method } : {}), ...(sli.filter.routes.length ? { routes: [...sli.filter.routes] } : {}) } };
    case 'clientAvailability':
      return { clientAvailability: { peer: sli.peer } };
    case 'custom':
      return { custom: { errorQuery: sli.errorQuery, totalQuery: sli.totalQuery } };
  }
};

describe("Faultline's own queries come back as native SLIs, however they are spelled", () => {
  const count = 'http_server_request_duration_seconds_count';
  it.each<[string, string, RawSli]>([
    ['availability, all requests', ratio('true', 'bad', `sum(${count}{status_code=~"5..",service="gateway"})`, `sum(${count}{service="gateway"})`), { availability: {} }],
    [
      'availability with method and routes, matchers reordered and spaced',
      ratio('true', 'bad', `sum( ${count}{ route=~"/a|/b/:id", status_code=~"5..", method="GET", service="gateway" } )`, `sum(${count}{method="GET",route=~"/a|/b/:id",service="gateway"})`),
      { availability: { method: 'GET', routes: ['/a', '/b/:id'] } },
    ],
    [
      'latency on a bucket boundary',
      ratio('true', 'good', 'sum(http_server_request_duration_seconds_bucket{service="gateway",route="/orders",le="0.5"})', `sum(${count}{route="/orders",service="gateway"})`),
      { latency: { threshold: 0.5, routes: ['/orders'] } },
    ],
    [
      'latency in whole seconds, as Faultline matches both le spellings',
      ratio('true', 'good', 'sum(http_server_request_duration_seconds_bucket{service="gateway",le=~"1(\\\\.0)?"})', `sum(${count}{service="gateway"})`),
      { latency: { threshold: 1 } },
    ],
    [
      'client availability',
      ratio('true', 'bad', 'sum(http_client_request_duration_seconds_count{service="gateway",peer="orders",outcome!="success"})', 'sum(http_client_request_duration_seconds_count{service="gateway",peer="orders"})'),
      { clientAvailability: { peer: 'orders' } },
    ],
  ])('%s', (_, indicator, expected) => {
    expect(sliOf(withIndicator(indicator))).toEqual(expected);
  });

  it.each<[string, string]>([
    ['another service in the queries', ratio('true', 'bad', `sum(${count}{service="orders",status_code=~"5.."})`, `sum(${count}{service="orders"})`)],
    ['4xx counted as bad too', ratio('true', 'bad', `sum(${count}{service="gateway",status_code=~"[45].."})`, `sum(${count}{service="gateway"})`)],
    ['a threshold that is no bucket boundary', ratio('true', 'good', 'sum(http_server_request_duration_seconds_bucket{service="gateway",le="0.4"})', `sum(${count}{service="gateway"})`)],
    ['no sum()', ratio('true', 'bad', `${count}{service="gateway",status_code=~"5.."}`, `${count}{service="gateway"}`)],
  ])('but not when the queries mean something else: %s', (_, indicator) => {
    expect(Object.keys(sliOf(withIndicator(indicator)))).toEqual(['custom']);
  });
});

describe('other Prometheus queries become custom SLIs that measure what the OpenSLO says', () => {
  it.each<[string, string, { errorQuery: string; totalQuery: string }]>([
    [
      'counters as plain selectors: rates',
      ratio('true', 'bad', 'sum(errors_total{job="x"})', 'requests_total{job="x"}'),
      { errorQuery: 'sum(rate(errors_total{job="x"}[{{.window}}]))', totalQuery: 'sum(rate(requests_total{job="x"}[{{.window}}]))' },
    ],
    [
      'good and total: bad = total − good',
      ratio('true', 'good', 'sum(ok_total)', 'sum(requests_total)'),
      { errorQuery: 'sum(rate(requests_total[{{.window}}])) - sum(rate(ok_total[{{.window}}]))', totalQuery: 'sum(rate(requests_total[{{.window}}]))' },
    ],
    [
      'any other counter expression: the rate of a subquery',
      ratio('true', 'bad', 'sum by (code) (errors_total)', 'sum(requests_total) + sum(other_total)'),
      { errorQuery: 'sum(rate((sum by (code) (errors_total))[{{.window}}:]))', totalQuery: 'sum(rate((sum(requests_total) + sum(other_total))[{{.window}}:]))' },
    ],
    [
      'gauges (counter: false): summed over the window',
      ratio('false', 'bad', 'sum(rate(errors_total[1m]))', 'sum(rate(requests_total[1m]))'),
      { errorQuery: 'sum(sum_over_time((sum(rate(errors_total[1m])))[{{.window}}:]))', totalQuery: 'sum(sum_over_time((sum(rate(requests_total[1m])))[{{.window}}:]))' },
    ],
  ])('%s', (_, indicator, expected) => {
    expect(sliOf(withIndicator(indicator))).toEqual({ custom: expected });
  });

  const raw = (rawType: string) =>
    ['      ratioMetric:', `        rawType: ${rawType}`, '        raw:', '          metricSource:', '            type: Prometheus', '            spec:', '              query: job:success:ratio'].join('\n');

  it.each([
    ['success', 'sum(sum_over_time((1 - (job:success:ratio))[{{.window}}:]))'],
    ['failure', 'sum(sum_over_time((job:success:ratio)[{{.window}}:]))'],
  ])('a raw %s ratio: its average over the window', (rawType, errorQuery) => {
    expect(sliOf(withIndicator(raw(rawType)))).toEqual({ custom: { errorQuery, totalQuery: 'sum(count_over_time((job:success:ratio)[{{.window}}:]))' } });
  });

  const threshold = ['      thresholdMetric:', '        metricSource:', '          type: Prometheus', '          spec:', '            query: p99_seconds'].join('\n');
  it.each([
    ['lte', '>'],
    ['lt', '>='],
    ['gte', '<'],
    ['gt', '<='],
  ])('a thresholdMetric with op %s: the share of evaluation steps where the value is %s the threshold', (op, breach) => {
    const sli = sliOf(withIndicator(threshold, { objective: `    - op: ${op}\n      value: 0.3\n      target: 0.99` }));
    expect(sli).toEqual({ custom: { errorQuery: `sum(sum_over_time(((p99_seconds) ${breach} bool 0.3)[{{.window}}:]))`, totalQuery: 'sum(count_over_time((p99_seconds)[{{.window}}:]))' } });
  });
});

describe("a custom SLI's annotations", () => {
  const annotated = (errorQuery: string) =>
    withIndicator(ratio('true', 'bad', 'sum(errors_total)', 'sum(requests_total)'), {
      extra: `  annotations:\n    faultline.dev/error-query: '${errorQuery}'\n    faultline.dev/total-query: 'sum(rate(requests_total[{{ .window }}]))'`,
    });

  it('restore the original queries when they still describe the ratioMetric', () => {
    expect(sliOf(annotated('sum(rate(errors_total[{{ .window }}]))'))).toEqual({ custom: { errorQuery: 'sum(rate(errors_total[{{ .window }}]))', totalQuery: 'sum(rate(requests_total[{{ .window }}]))' } });
  });

  it('lose to the ratioMetric when it was edited after export, with a warning', () => {
    const imported = importText(annotated('sum(rate(other_errors_total[{{.window}}]))'));
    expect(imported.set.slos[0]?.sli).toEqual({ kind: 'custom', errorQuery: 'sum(rate(errors_total[{{.window}}]))', totalQuery: 'sum(rate(requests_total[{{.window}}]))' });
    expect(located(imported.warnings)).toEqual([
      '6:SLO/gateway-checkout.metadata.annotations.faultline.dev/error-query: the faultline.dev/error-query and faultline.dev/total-query annotations do not describe this ratioMetric (edited after export?): importing the ratioMetric\'s queries instead',
    ]);
  });
});

describe('alert policies', () => {
  const availability = ratio('true', 'bad', 'sum(http_server_request_duration_seconds_count{service="gateway",status_code=~"5.."})', 'sum(http_server_request_duration_seconds_count{service="gateway"})');
  const withPolicy = (condition: string, annotations = '') =>
    [
      withIndicator(availability),
      '  alertPolicies:',
      '    - kind: AlertPolicy',
      '      metadata:',
      '        name: p',
      '      spec:',
      '        conditions:',
      '          - kind: AlertCondition',
      '            metadata:',
      '              name: c',
      ...(annotations ? [`              annotations: { faultline.dev/short-window: ${annotations} }`] : []),
      '            spec:',
      condition,
      '        notificationTargets:',
      '          - kind: AlertNotificationTarget',
      '            metadata: { name: t }',
      '            spec: { target: page }',
    ].join('\n');
  const condition = (severity: string, op: string, threshold: number, window: string) =>
    `              severity: ${severity}\n              condition: { kind: burnrate, op: ${op}, threshold: ${threshold}, lookbackWindow: ${window} }`;

  it.each([
    ['14.4× over 1h, page', condition('page', 'gt', 14.4, '1h')],
    ['6× over 6h, page, op gte', condition('page', 'gte', 6, '6h')],
    ['1× over 3d, ticket, the window as 72h', condition('ticket', 'gt', 1, '72h')],
  ])('that state a Workbook pair of the period need nothing: %s', (_, text) => {
    expect(importText(withPolicy(text)).warnings).toEqual([]);
  });

  it('that state a pair with another severity or short window say what Faultline does instead', () => {
    expect(located(importText(withPolicy(condition('critical', 'gt', 3, '1d'), '1h')).warnings).map((w) => w.replace(/^\d+:/, ''))).toEqual([
      'SLO/gateway-checkout.spec.alertPolicies.0.spec.conditions.0.metadata.annotations.faultline.dev/short-window: Faultline pairs the 1d window with 2h (the Workbook\'s 1/12), not 1h',
      'SLO/gateway-checkout.spec.alertPolicies.0.spec.conditions.0.spec.severity: severity critical is not imported: in Faultline this pair is a ticket alert (its labels come from the SLO\'s ticket labels)',
    ]);
  });

  it.each([
    ['another threshold', condition('page', 'gt', 10, '1h')],
    ['another window', condition('page', 'gt', 14.4, '2h')],
    ['an alert on a low burn rate', condition('page', 'lt', 14.4, '1h')],
  ])('that state something else are reported, never dropped in silence: %s', (_, text) => {
    expect(importText(withPolicy(text)).warnings.map((w) => w.message)).toEqual([expect.stringMatching(/is not one of the Workbook's pairs for a 30d SLO \(14\.4× over 1h\/5m \(page\), .*Faultline generates those pairs instead/)]);
  });
});
