import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildPromtoolTests, detectionMs, planBurn, type PromtoolTestGroup } from '../../../src/slo/promtool-tests.js';
import { renderPromtoolTests } from '../../../src/slo/render.js';
import { compileRules, errorBudgetRatio } from '../../../src/slo/rules.js';
import { counterValues } from '../../../src/slo/synthetic-series.js';
import { planWindows, type AlertWindow } from '../../../src/slo/windows.js';
import { load, shippedSlos, sloFile } from './helpers.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const shop = load(shippedSlos);

/** promtool's expanding notation (`a+bxn`, reference §6.1), enough to replay the generated counters. */
function expand(values: string): number[] {
  return values.split(' ').flatMap((term) => {
    const [, start, step, times] = /^(-?[\d.]+)\+([\d.]+)x(\d+)$/.exec(term) ?? [];
    if (start === undefined) throw new Error(`unexpected term ${term}`);
    return Array.from({ length: Number(times) + 1 }, (_, i) => Number(start) + i * Number(step));
  });
}

/**
 * Replays a generated test the way Prometheus' rules read it: the error ratio over a window is
 * Δerrors / Δtotal between the samples at t − W and t (both counters share timestamps, so rate()'s
 * extrapolation cancels), and a pair fires when both windows exceed factor × budget.
 */
function firesAt(test: PromtoolTestGroup, pairs: readonly AlertWindow[], budget: number, stepMs: number, evalMs: number, kind: 'availability' | 'latency'): boolean {
  const [first, second] = test.input_series.map((s) => expand(s.values)) as [number[], number[]];
  const at = (series: number[], ms: number) => series[Math.max(0, Math.round(ms / stepMs))] as number;
  const ratio = (windowMs: number) => {
    const delta = (s: number[]) => at(s, evalMs) - at(s, evalMs - windowMs);
    // availability: [good, bad] counters; latency: [count, fast bucket]
    return kind === 'availability' ? delta(second) / (delta(first) + delta(second)) : (delta(first) - delta(second)) / delta(first);
  };
  return pairs.some((p) => ratio(p.shortMs) > p.factor * budget && ratio(p.longMs) > p.factor * budget);
}

describe('the Workbook detection time', () => {
  const [quickPage] = planWindows(30 * 24 * HOUR).pairs as [AlertWindow];

  it.each([
    { errors: 0.15, expected: 5.76 * MINUTE, why: "the Workbook's example: 1 h, 14.4×, 15 % errors → 5.76 min" },
    { errors: 1, expected: 51.84 * 1000, why: 'a total outage: 0.1 % of an hour × 14.4' },
  ])('is $expected ms for $errors errors against 99.9 % ($why)', ({ errors, expected }) => {
    expect(detectionMs(quickPage, errorBudgetRatio(99.9), errors)).toBeCloseTo(expected, 3);
  });

  it('is never when the error ratio (1 %) cannot reach 14.4 × 0.1 %', () => {
    expect(detectionMs(quickPage, errorBudgetRatio(99.9), 0.01)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('planned burns', () => {
  it.each([1, 60, 720])('bracket the page with evaluation steps at time scale %i, clear of every other tier', (timeScale) => {
    const stepMs = timeScale > 1 ? 1000 : MINUTE;
    for (const slo of shop.slos) {
      const plan = planWindows(slo.periodMs, { timeScale });
      const budget = errorBudgetRatio(slo.objective);
      const burn = planBurn(slo, plan, stepMs);
      const pageFactor = Math.max(...plan.pairs.map((p) => p.factor));
      expect(burn.errorRatio).toBeGreaterThan(pageFactor * budget);
      expect(burn.errorRatio).toBeLessThanOrEqual(1);
      expect(burn.beforeMs).toBeGreaterThanOrEqual(3 * stepMs);
      expect(burn.pageDetectionMs - burn.beforeMs).toBeGreaterThanOrEqual(0.2 * stepMs);
      expect(burn.afterMs - burn.pageDetectionMs).toBeGreaterThanOrEqual(0.2 * stepMs);
      expect(burn.afterMs - burn.beforeMs).toBe(stepMs);
      const tickets = plan.pairs.filter((p) => p.severity === 'ticket').map((p) => detectionMs(p, budget, burn.errorRatio));
      expect(Math.min(...tickets)).toBeGreaterThan(burn.afterMs);
      expect(burn.historyMs).toBeGreaterThan(Math.max(...plan.pairs.filter((p) => p.severity === 'page').map((p) => p.longMs)));
    }
  });

  it('uses a 13.93 % burn for 99.9 % in real time, paging after 6.2 min as the formula says', () => {
    const slo = shop.slos[0]!;
    const burn = planBurn(slo, planWindows(slo.periodMs), MINUTE);
    expect(burn).toMatchObject({ errorRatio: 0.1393, historyMs: 6 * HOUR + MINUTE, beforeMs: 6 * MINUTE, afterMs: 7 * MINUTE });
    expect(burn.pageDetectionMs / MINUTE).toBeCloseTo((0.001 / 0.1393) * 60 * 14.4, 1);
  });
});

describe('generated promtool tests of the shop', () => {
  const { file, warnings } = buildPromtoolTests(shop, { ruleFile: 'shop.rules.yml' });
  const groups = compileRules(shop).groups;

  it('name the rules file, evaluate every minute and order every group as the rules file does', () => {
    expect(file.rule_files).toEqual(['shop.rules.yml']);
    expect(file.evaluation_interval).toBe('1m');
    expect(file.group_eval_order).toEqual(groups.map((g) => g.name));
    expect(warnings).toEqual([]);
  });

  it('give every test group an interval (promtool 2.42 loads every sample at 0 without one)', () => {
    expect(file.tests).toHaveLength(2 * shop.slos.length);
    for (const test of file.tests) expect(test.interval).toBe('1m');
  });

  it('feed availability SLIs 200 and 500 series, and latency SLIs the count and the threshold bucket', () => {
    const [browse, , latency, , , , orderLatency, , payments] = file.tests;
    expect(browse?.input_series.map((s) => s.series)).toEqual([
      'http_server_request_duration_seconds_count{service="gateway",method="GET",route="/products",status_code="200"}',
      'http_server_request_duration_seconds_count{service="gateway",method="GET",route="/products",status_code="500"}',
    ]);
    expect(latency?.input_series[1]?.series).toBe('http_server_request_duration_seconds_bucket{service="gateway",method="GET",route="/products",status_code="200",le="0.3"}');
    expect(orderLatency?.input_series[1]?.series).toContain('le="1"}');
    expect(payments?.input_series.map((s) => s.series)).toEqual([
      'http_client_request_duration_seconds_count{service="orders",peer="payments",outcome="success"}',
      'http_client_request_duration_seconds_count{service="orders",peer="payments",outcome="error"}',
    ]);
  });

  it('expect nothing at the burn start and the step before the page, then exactly the page with its expanded annotations', () => {
    const burn = file.tests[0]!;
    expect(burn.alert_rule_test.map((t) => [t.eval_time, t.exp_alerts.length])).toEqual([
      ['6h1m', 0],
      ['6h7m', 0],
      ['6h8m', 1],
    ]);
    const page = burn.alert_rule_test[2]!.exp_alerts[0]!;
    expect(page.exp_labels).toEqual({
      category: 'availability',
      journey: 'browse',
      severity: 'page',
      sloth_id: 'gateway-browse-availability',
      sloth_service: 'gateway',
      sloth_severity: 'page',
      sloth_slo: 'browse-availability',
    });
    expect(page.exp_annotations.title).toBe('(page) gateway browse-availability SLO error budget burn rate is too fast.');
  });

  it('keep the SLO labels and the overridden page labels of the internal SLO', () => {
    const page = file.tests[8]!.alert_rule_test[2]!.exp_alerts[0]!;
    expect(page.exp_labels).toMatchObject({ severity: 'ticket', sloth_severity: 'page', tier: 'internal' });
  });

  it('burn so that the page condition is false at every "not yet" step and true at the firing step (replayed here, without promtool)', () => {
    for (const [index, slo] of shop.slos.entries()) {
      const plan = planWindows(slo.periodMs);
      const budget = errorBudgetRatio(slo.objective);
      const kind = slo.sli.kind === 'latency' ? 'latency' : 'availability';
      const [burn, healthy] = [file.tests[2 * index]!, file.tests[2 * index + 1]!];
      const pages = plan.pairs.filter((p) => p.severity === 'page');
      const tickets = plan.pairs.filter((p) => p.severity === 'ticket');
      for (const t of burn.alert_rule_test) {
        const ms = parseEval(t.eval_time);
        expect(firesAt(burn, pages, budget, MINUTE, ms, kind), `${slo.id} page at ${t.eval_time}`).toBe(t.exp_alerts.length > 0);
        expect(firesAt(burn, tickets, budget, MINUTE, ms, kind), `${slo.id} ticket at ${t.eval_time}`).toBe(false);
      }
      for (const t of healthy.alert_rule_test) expect(firesAt(healthy, plan.pairs, budget, MINUTE, parseEval(t.eval_time), kind)).toBe(false);
    }
  });

  it('render with a fixed key order that parses back to the same document', () => {
    const text = renderPromtoolTests(file, { source: 'slo/shop.yaml' });
    expect(text.startsWith('# Code generated by faultline slo compile from slo/shop.yaml. DO NOT EDIT.')).toBe(true);
    expect(Object.keys(parse(text) as object)).toEqual(['rule_files', 'evaluation_interval', 'group_eval_order', 'tests']);
    expect(parse(text)).toEqual(JSON.parse(JSON.stringify(file)));
  });
});

describe('generated promtool tests under time compression', () => {
  it('step at the 1 s scrape interval and shrink the history with the windows (k = 60: 6 m page window)', () => {
    const { file } = buildPromtoolTests(shop, { ruleFile: 'shop.rules.yml', timeScale: 60 });
    expect(file.evaluation_interval).toBe('1s');
    expect(file.tests.every((t) => t.interval === '1s')).toBe(true);
    expect(file.tests[0]!.alert_rule_test[0]!.eval_time).toBe('6m1s');
  });

  it('test the rule groups they are given (compileSloFile compiles once), and compile the same ones when not given any', () => {
    const options = { ruleFile: 'shop.rules.yml', timeScale: 60 };
    const { groups } = compileRules(shop, options);
    expect(buildPromtoolTests(shop, { ...options, groups })).toEqual(buildPromtoolTests(shop, options));
    // Groups that differ from the compiler's show through: they are used, not compiled again.
    const renamed = groups.map((g) => (g.name === 'sloth-slo-alerts-gateway-order-latency' ? { ...g, rules: g.rules.map((r) => ({ ...r, labels: { ...r.labels, team: 'orders' } })) } : g));
    const expected = (file: ReturnType<typeof buildPromtoolTests>['file'], slo: string) =>
      file.tests.filter((t) => t.name.startsWith(`${slo}:`)).flatMap((t) => t.alert_rule_test.flatMap((a) => a.exp_alerts.map((e) => e.exp_labels.team)));
    const { file } = buildPromtoolTests(shop, { ...options, groups: renamed });
    expect(expected(file, 'gateway-order-latency')).toEqual(['orders']);
    expect(expected(file, 'gateway-order-availability')).toEqual([undefined]);
  });

  it('skip custom SLIs with a warning: their PromQL says nothing about input series', () => {
    const custom = load(sloFile('  - service: gateway\n    name: custom\n    objective: 99.9\n    sli:\n      custom: { errorQuery: "sum(rate(e[{{.window}}]))", totalQuery: "sum(rate(t[{{.window}}]))" }\n'));
    const { file, warnings } = buildPromtoolTests(custom, { ruleFile: 'x.rules.yml' });
    expect(file.tests).toEqual([]);
    expect(warnings).toEqual([{ slo: 'gateway-custom', message: expect.stringContaining('custom SLI') }]);
  });
});

describe('counter values in expanding notation', () => {
  it('continue each phase one step after the last sample of the previous one', () => {
    const values = counterValues([
      { steps: 1, increment: 0 },
      { steps: 1, increment: 500 },
      { steps: 3, increment: 10 },
      { steps: 2, increment: 7 },
    ]);
    expect(values).toBe('0+0x0 500+500x0 510+10x2 537+7x1');
    expect(expand(values)).toEqual([0, 500, 510, 520, 530, 537, 544]);
  });
});

function parseEval(text: string): number {
  const units: Record<string, number> = { d: 24 * HOUR, h: HOUR, m: MINUTE, s: 1000 };
  return [...text.matchAll(/(\d+)([dhms])/g)].reduce((sum, [, n, unit]) => sum + Number(n) * (units[unit as string] as number), 0);
}
