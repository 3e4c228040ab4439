import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../src/core/clock.js';
import { parsePrometheusText } from '../../../../src/core/prometheus-text.js';
import { SloEvaluator } from '../../../../src/slo/evaluator/evaluator.js';
import { registerSloMetrics } from '../../../../src/slo/evaluator/metrics.js';
import { SliScraper, type FetchText } from '../../../../src/slo/evaluator/scraper.js';
import { load, sloFile } from '../helpers.js';

/** Catalog availability (99 %) and a custom SLI, compressed 720×: a one-hour month, windows of seconds. */
const set = load(
  sloFile(
    [
      '  - service: catalog',
      '    name: requests',
      '    objective: 99',
      '    sli:',
      '      availability: {}',
      '  - service: gateway',
      '    name: custom',
      '    objective: 99',
      '    sli:',
      '      custom: { errorQuery: "sum(rate(x_errors[{{.window}}]))", totalQuery: "sum(rate(x[{{.window}}]))" }',
      '',
    ].join('\n'),
    'timeScale: 720\n',
  ),
);

/** catalog's /metrics after `ok` good and `bad` failed requests (plus a gateway series that must not count). */
const metrics = (ok: number, bad: number) =>
  [
    `http_server_request_duration_seconds_count{service="catalog",method="GET",route="/products",status_code="200"} ${ok}`,
    `http_server_request_duration_seconds_count{service="catalog",method="GET",route="/products",status_code="500"} ${bad}`,
    `http_server_request_duration_seconds_count{service="gateway",method="GET",route="/products",status_code="500"} 1000`,
  ].join('\n');

/** 100 req/s from t = 0 for `seconds`, failing entirely during the seconds in `outage`. */
function feed(evaluator: SloEvaluator, seconds: number, outage: (s: number) => boolean = () => false): void {
  let ok = 0;
  let bad = 0;
  evaluator.ingest('catalog', 0, parsePrometheusText(metrics(0, 0)));
  for (let s = 0; s < seconds; s += 1) {
    if (outage(s)) bad += 100;
    else ok += 100;
    evaluator.ingest('catalog', (s + 1) * 1000, parsePrometheusText(metrics(ok, bad)));
  }
}

describe('the embedded SLI evaluator', () => {
  it('reads only its SLO service’s scrapes and reports every window, the budget and the alert state', () => {
    const evaluator = new SloEvaluator({ set });
    feed(evaluator, 120, (s) => s >= 100);
    evaluator.ingest('gateway', 121_000, parsePrometheusText(metrics(0, 50_000)));
    const status = evaluator.statusOf('catalog-requests', 120_000);
    expect(status.evaluable).toBe(true);
    expect(status.plan.periodMs).toBe(3_600_000);
    // The last 20 s failed: the 4 s and 5 s windows are all errors, burning 100× a 1 % budget.
    expect(status.budget?.windows[0]).toMatchObject({ windowMs: 4000, ratio: 1, burnRate: 100 });
    expect(status.budget?.firing).toEqual({ page: true, ticket: true });
    // 2 000 failed in two minutes of a one-hour (compressed) period: at 100 req/s the hour holds
    // 360 000 requests, so they spent 2 000 / (360 000 × 1 %) = 0.56 of the budget.
    expect(status.budget?.consumed).toBeCloseTo(2000 / (360_000 * 0.01), 10);
  });

  it('says a custom PromQL SLI is for Prometheus only, and lists the services it needs to scrape', () => {
    const evaluator = new SloEvaluator({ set });
    expect(evaluator.statusOf('gateway-custom', 0)).toMatchObject({ evaluable: false, reason: expect.stringMatching(/custom PromQL SLI/) });
    expect(evaluator.services()).toEqual(['catalog']);
  });

  it('attributes the burn to the fault window that caused it', () => {
    const evaluator = new SloEvaluator({ set });
    feed(evaluator, 120, (s) => s >= 60 && s < 70);
    const attribution = evaluator.attribute('catalog-requests', [{ label: 'outage', startMs: 60_000, endMs: 70_000 }], 120_000);
    expect(attribution.intervals[0]?.attributed).toBeCloseTo(attribution.total, 10);
    expect(attribution.outside).toBeCloseTo(0, 10);
  });

  it('flags traffic so low that one failure alone would page', () => {
    const evaluator = new SloEvaluator({ set });
    // One request a second: the 4 s window holds 4 events, so one failure burns 1 / (4 × 1 %) = 25×.
    for (let s = 0; s <= 10; s += 1) evaluator.ingest('catalog', s * 1000, parsePrometheusText(metrics(s, 0)));
    expect(evaluator.statusOf('catalog-requests', 10_000).lowTraffic).toMatchObject({ windowMs: 4000, events: 4, oneFailureBurn: 25 });
    const busy = new SloEvaluator({ set });
    feed(busy, 10);
    expect(busy.statusOf('catalog-requests', 10_000).lowTraffic).toBeUndefined();
  });

  it('refuses an SLO it does not know, naming the known ones', () => {
    expect(() => new SloEvaluator({ set }).statusOf('nope', 0)).toThrow(/unknown SLO "nope"; known: catalog-requests, gateway-custom/);
  });
});

describe('faultline_slo_* series', () => {
  it('carry Sloth labels, leave out windows without traffic, and report alert state per severity', async () => {
    const evaluator = new SloEvaluator({ set });
    feed(evaluator, 30, (s) => s >= 20);
    const registry = new Registry();
    registerSloMetrics(registry, evaluator, { now: () => 30_000, scrapes: () => ({ ok: 7, error: 1 }) });
    const text = await registry.metrics();
    const id = 'sloth_id="catalog-requests",sloth_service="catalog",sloth_slo="requests"';
    expect(text).toContain(`faultline_slo_sli_error_ratio{${id},sloth_window="4s"} 1`);
    expect(text).toContain(`faultline_slo_burn_rate{${id},sloth_window="4s"} 100`);
    expect(text).toContain(`faultline_slo_objective_ratio{${id}} 0.99`);
    expect(text).toContain(`faultline_slo_alert_firing{${id},sloth_severity="page"} 1`);
    expect(text).toContain(`faultline_slo_scrapes_total{outcome="error"} 1`);
    // 1 000 failed in 30 s at 100 req/s: 1 000 / (360 000 × 1 %) = 0.28 of the hour's budget spent.
    expect(text).toMatch(new RegExp(`faultline_slo_error_budget_remaining_ratio\\{${id}\\} 0\\.72`));
    // A custom SLI has its objective, and nothing the evaluator cannot compute.
    expect(text).toContain('faultline_slo_objective_ratio{sloth_id="gateway-custom"');
    expect(text).not.toMatch(/faultline_slo_(sli_error_ratio|error_budget_remaining_ratio)\{sloth_id="gateway-custom"/);
    expect(text).not.toMatch(/NaN/);
  });

  it('have no SLI sample before any traffic, rather than NaN', async () => {
    const evaluator = new SloEvaluator({ set });
    const registry = new Registry();
    registerSloMetrics(registry, evaluator, { now: () => 0 });
    const text = await registry.metrics();
    expect(text).not.toMatch(/faultline_slo_sli_error_ratio\{/);
    expect(text).toContain('faultline_slo_error_budget_remaining_ratio{sloth_id="catalog-requests",sloth_service="catalog",sloth_slo="requests"} 1');
  });
});

describe('the evaluator’s scrape loop', () => {
  it('scrapes every target each interval under one timestamp, and goes on past a failing target', async () => {
    const clock = new ManualClock();
    const evaluator = new SloEvaluator({ set });
    let served = 0;
    const fetched: string[] = [];
    const fetchText: FetchText = async (url) => {
      fetched.push(url);
      if (url.includes('down')) throw new Error('connection refused');
      served += 100;
      return metrics(served, 0);
    };
    const errors: string[] = [];
    const scraper = new SliScraper({
      evaluator,
      clock,
      intervalMs: 1000,
      fetchText,
      targets: () => [
        { service: 'catalog', url: 'http://127.0.0.1:1/metrics' },
        { service: 'catalog', url: 'http://127.0.0.1:2/down' },
      ],
      onScrapeError: (target, error) => errors.push(`${target.url}: ${error.message}`),
    });
    scraper.start();
    for (let i = 0; i < 3; i += 1) {
      await new Promise((resolve) => setImmediate(resolve));
      clock.advance(1000);
    }
    await scraper.stop();
    expect(fetched.filter((u) => u.endsWith('/metrics'))).toHaveLength(4);
    expect(scraper.counts).toEqual({ ok: 4, error: 4 });
    expect(errors[0]).toBe('http://127.0.0.1:2/down: connection refused');
    const status = evaluator.statusOf('catalog-requests', clock.now());
    // Four scrapes one second apart, each 100 requests after the previous one.
    expect(status.budget?.period).toMatchObject({ coveredMs: 3000, ratio: 0 });
  });

  it('refuses a scrape interval that is not positive', () => {
    expect(() => new SliScraper({ evaluator: new SloEvaluator({ set }), clock: new ManualClock(), intervalMs: 0, targets: () => [] })).toThrow(/positive/);
  });
});
