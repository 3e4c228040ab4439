import { describe, expect, it } from 'vitest';
import { located, refusal } from './helpers.js';

/**
 * What the importer refuses, and how it says so: every problem of the file at once, each with its
 * line, its path (`<kind>/<name>.<field path>`) and what was expected, and the code
 * FAULTLINE_CONFIG_UNSUPPORTED when the file is valid OpenSLO that Faultline cannot represent.
 */

/** A valid SLO; the line numbers the cases below refer to are on the right. */
const base = [
  'apiVersion: openslo/v1', //                                        1
  'kind: SLO', //                                                     2
  'metadata:', //                                                     3
  '  name: gateway-checkout', //                                      4
  'spec:', //                                                         5
  '  service: gateway', //                                            6
  '  indicator:', //                                                  7
  '    metadata:', //                                                 8
  '      name: checkout-requests', //                                 9
  '    spec:', //                                                     10
  '      ratioMetric:', //                                            11
  '        counter: true', //                                         12
  '        bad:', //                                                  13
  '          metricSource:', //                                       14
  '            type: Prometheus', //                                  15
  '            spec:', //                                             16
  '              query: sum(checkout_errors_total)', //               17
  '        total:', //                                                18
  '          metricSource:', //                                       19
  '            type: Prometheus', //                                  20
  '            spec:', //                                             21
  '              query: sum(checkout_requests_total)', //             22
  '  timeWindow:', //                                                 23
  '    - duration: 30d', //                                           24
  '      isRolling: true', //                                         25
  '  budgetingMethod: Occurrences', //                                26
  '  objectives:', //                                                 27
  '    - target: 0.999', //                                           28
].join('\n');

const edit = (...pairs: Array<[string, string]>) => pairs.reduce((text, [from, to]) => {
  expect(text).toContain(from);
  return text.replace(from, to);
}, base);

const slo = 'SLO/gateway-checkout';

describe('an OpenSLO file Faultline cannot represent (FAULTLINE_CONFIG_UNSUPPORTED)', () => {
  it.each<[string, string, string]>([
    ['an older OpenSLO version', edit(['openslo/v1\n', 'openslo/v1alpha\n']), `1:${slo}.apiVersion: openslo/v1alpha is not supported: Faultline reads openslo/v1 (the released OpenSLO version)`],
    [
      'a calendar-aligned window',
      edit(['      isRolling: true', '      calendar: { startTime: "2024-01-01 00:00:00", timeZone: UTC }']),
      `25:${slo}.spec.timeWindow.0.calendar: calendar-aligned windows are not supported: Faultline budgets are rolling windows (30d, 28d or 7d), as its burn-rate alert tables assume`,
    ],
    ['a window that does not roll', edit(['isRolling: true', 'isRolling: false']), `25:${slo}.spec.timeWindow.0.isRolling: calendar-aligned windows are not supported: Faultline budgets are rolling windows (30d, 28d or 7d), as its burn-rate alert tables assume`],
    ['a month', edit(['duration: 30d', 'duration: 1M']), `24:${slo}.spec.timeWindow.0.duration: 1M counts calendar months, which have no fixed length; Faultline needs a fixed one such as 30d, 28d or 7d`],
    ['a period without a window table', edit(['duration: 30d', 'duration: 90d']), `24:${slo}.spec.timeWindow.0.duration: a 90d window has no burn-rate alert table; Faultline supports 30d, 28d, 7d (the Workbook's and Sloth's tables)`],
    ['RatioTimeslices', edit(['Occurrences', 'RatioTimeslices']), `26:${slo}.spec.budgetingMethod: RatioTimeslices (the mean of per-slice ratios) is not supported: Faultline counts events (Occurrences) or good slices (Timeslices)`],
    [
      'a composite SLO',
      edit(['    - target: 0.999', '    - target: 0.999\n      indicatorRef: other-sli']),
      `29:${slo}.spec.objectives.0.indicatorRef: composite SLOs (objectives with their own indicators) are not supported: import each indicator as an SLO of its own`,
    ],
    ['a metric source other than Prometheus', edit(['            type: Prometheus\n            spec:\n              query: sum(checkout_errors_total)', '            type: Datadog\n            spec:\n              query: sum(checkout_errors_total)']), `15:${slo}.spec.indicator.spec.ratioMetric.bad.metricSource.type: metric source type "Datadog" is not supported: Faultline's SLIs are PromQL, read from Prometheus`],
    ['a target of 0', edit(['target: 0.999', 'target: 0']), `28:${slo}.spec.objectives.0.target: a target of 0 allows every event to fail: Faultline objectives are above 0 (every burn rate divides by the budget 1 − target)`],
  ])('%s', (_, text, expected) => {
    const { code, problems } = refusal(text);
    expect(located(problems)).toEqual([expected]);
    expect(code).toBe('FAULTLINE_CONFIG_UNSUPPORTED');
  });
});

describe('an OpenSLO file that is not valid (FAULTLINE_CONFIG_INVALID)', () => {
  it.each<[string, string, string[]]>([
    ['not YAML', edit(['  service: gateway', '  service: [gateway']), ['7:document 1: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]']],
    ['an unknown kind', edit(['kind: SLO', 'kind: ServiceLevelObjective']), ['2:ServiceLevelObjective/gateway-checkout.kind: unknown kind "ServiceLevelObjective"; OpenSLO v1 kinds are SLO, SLI, Service, AlertPolicy, AlertCondition, AlertNotificationTarget, DataSource']],
    ['no budgetingMethod', edit(['  budgetingMethod: Occurrences\n', '']), [`5:${slo}.spec.budgetingMethod: missing required field "budgetingMethod" (Occurrences or Timeslices)`]],
    ['no objectives', edit(['  objectives:\n    - target: 0.999', '']), [`5:${slo}.spec.objectives: missing required field "objectives"`]],
    ['an unresolved indicatorRef', edit(['  indicator:\n    metadata:', '  indicatorRef: checkout-sli\n  unused:\n    metadata:']), [`7:${slo}.spec.indicatorRef: no SLI named "checkout-sli" in this file`]],
    ['a target out of range', edit(['target: 0.999', 'target: 99.9']), [`28:${slo}.spec.objectives.0.target: 99.9 is out of range: target is in [0, 1)`]],
    ['target and targetPercent', edit(['target: 0.999', 'target: 0.999\n      targetPercent: 99.9']), [`28:${slo}.spec.objectives.0: give target or targetPercent, not both`]],
    ['no counter flag', edit(['        counter: true\n', '']), [`11:${slo}.spec.indicator.spec.ratioMetric.counter: missing required field "counter": true when the queries are monotonic counters (e.g. *_total, *_count), false for gauges`]],
    ['good and bad', edit(['        bad:', '        good: { metricSource: { type: Prometheus, spec: { query: up } } }\n        bad:']), [`11:${slo}.spec.indicator.spec.ratioMetric: a ratioMetric has exactly one of good and bad, with total (or raw with rawType)`]],
    ['no query', edit(['              query: sum(checkout_requests_total)', '              promql: sum(checkout_requests_total)']), [`21:${slo}.spec.indicator.spec.ratioMetric.total.metricSource.spec.query: missing required field "query"`]],
    ['a metric source without type or DataSource', edit(['            type: Prometheus\n            spec:\n              query: sum(checkout_errors_total)', '            metricSourceRef: prom\n            spec:\n              query: sum(checkout_errors_total)']), [`15:${slo}.spec.indicator.spec.ratioMetric.bad.metricSource.metricSourceRef: no DataSource named "prom" in this file`]],
    [
      'Timeslices without its slice fields',
      edit(['Occurrences', 'Timeslices']),
      [
        `28:${slo}.spec.objectives.0.timeSliceWindow: missing required field "timeSliceWindow" (e.g. 1m) for Timeslices budgeting`,
        `28:${slo}.spec.objectives.0.timeSliceTarget: missing required field "timeSliceTarget" (e.g. 0.95: the share of good events a slice needs) for Timeslices budgeting`,
      ],
    ],
    ['an unresolved alertPolicyRef', `${base}\n  alertPolicies:\n    - alertPolicyRef: fast-burn`, [`30:${slo}.spec.alertPolicies.0.alertPolicyRef: no AlertPolicy named "fast-burn" in this file`]],
  ])('%s', (_, text, expected) => {
    const { code, problems } = refusal(text);
    expect(located(problems)).toEqual(expected);
    expect(code).toBe('FAULTLINE_CONFIG_INVALID');
  });

  it('in alert policies: two conditions, unresolved references, a condition without its fields', () => {
    const text = [
      base,
      '  alertPolicies:', //                                             29
      '    - alertPolicyRef: fast-burn', //                              30
      '---', //                                                          31
      'apiVersion: openslo/v1', //                                       32
      'kind: AlertPolicy', //                                            33
      'metadata:', //                                                    34
      '  name: fast-burn', //                                            35
      'spec:', //                                                        36
      '  conditions:', //                                                37
      '    - conditionRef: burn-1h', //                                  38
      '    - conditionRef: burn-6h', //                                  39
      '  notificationTargets:', //                                       40
      '    - targetRef: pager', //                                       41
      '---', //                                                          42
      'apiVersion: openslo/v1', //                                       43
      'kind: AlertCondition', //                                         44
      'metadata:', //                                                    45
      '  name: burn-1h', //                                              46
      'spec:', //                                                        47
      '  condition:', //                                                 48
      '    kind: budget', //                                             49
      '    lookbackWindow: 1 hour', //                                   50
    ].join('\n');
    expect(located(refusal(text).problems)).toEqual([
      '39:AlertPolicy/fast-burn.spec.conditions.1: OpenSLO v1 allows one condition per alert policy',
      '41:AlertPolicy/fast-burn.spec.notificationTargets.0.targetRef: no AlertNotificationTarget named "pager" in this file',
      '47:AlertCondition/burn-1h.spec.severity: missing required field "severity"',
      '48:AlertCondition/burn-1h.spec.condition.threshold: missing required field "threshold"',
      '49:AlertCondition/burn-1h.spec.condition.kind: OpenSLO v1 alert conditions are of kind burnrate, not "budget"',
      '50:AlertCondition/burn-1h.spec.condition.lookbackWindow: "1 hour" is not an OpenSLO duration: a whole number and one of m, h, d, w, M, Q, Y (e.g. 5m, 1h, 30d)',
    ]);
  });

  it('reports every problem of every document at once, in file order, and a mix of kinds is INVALID', () => {
    const text = [
      edit(['openslo/v1\n', 'openslo/v1alpha\n'], ['duration: 30d', 'duration: 90d'], ['target: 0.999', 'target: 2']),
      '---',
      'apiVersion: openslo/v1',
      'kind: SLO',
      'metadata:',
      '  name: gateway-checkout',
      'spec: {}',
    ].join('\n');
    const { code, problems, message } = refusal(text);
    expect(located(problems)).toEqual([
      `1:${slo}.apiVersion: openslo/v1alpha is not supported: Faultline reads openslo/v1 (the released OpenSLO version)`,
      `24:${slo}.spec.timeWindow.0.duration: a 90d window has no burn-rate alert table; Faultline supports 30d, 28d, 7d (the Workbook's and Sloth's tables)`,
      `28:${slo}.spec.objectives.0.target: 2 is out of range: target is in [0, 1)`,
      `33:${slo}.metadata.name: SLO "gateway-checkout" is declared twice (first at line 1)`,
    ]);
    expect(code).toBe('FAULTLINE_CONFIG_INVALID');
    expect(message).toMatch(/^in\.openslo\.yaml: the OpenSLO file cannot be imported:\nin\.openslo\.yaml:1:\d+: SLO\/gateway-checkout\.apiVersion: /);
  });

  it('says when there is no SLO at all', () => {
    const { problems } = refusal('apiVersion: openslo/v1\nkind: Service\nmetadata: { name: gateway }\nspec: {}\n');
    expect(located(problems)).toEqual(['1:$: no SLO object in this file: nothing to import (kinds found: Service)']);
  });
});

describe('what the SLO loader refuses is reported where the OpenSLO says it', () => {
  it.each<[string, string, string]>([
    ['a service the topology does not declare', edit(['  service: gateway', '  service: checkout']), '6:SLO/gateway-checkout.spec.service: as a Faultline SLO: unknown service "checkout"; the topology declares'],
    ['an objective too low for the 14.4× page to fire', edit(['target: 0.999', 'target: 0.9']), '28:SLO/gateway-checkout.spec.objectives.0.target: as a Faultline SLO: objective 90 % leaves a 10 % error budget'],
    ['an SLO name Faultline refuses', edit(['name: gateway-checkout', 'name: gateway-c']), '4:SLO/gateway-c.metadata.name: as a Faultline SLO: has the wrong form'],
  ])('%s', (_, text, expected) => {
    const { code, problems } = refusal(text);
    expect(located(problems)).toEqual([expect.stringContaining(expected)]);
    expect(code).toBe('FAULTLINE_CONFIG_INVALID');
  });
});
