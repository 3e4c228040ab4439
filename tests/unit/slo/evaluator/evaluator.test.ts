import { Registry } from 'prom-client';
import { describe, expect, it, vi } from 'vitest';
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
    // One request a second. The fast page pair (14.4×) is 4 s / 5 s: it fires only when both windows
    // burn above 14.4×, so its long window decides: 5 events, one failure burns 1 / (5 × 1 %) = 20×.
    for (let s = 0; s <= 10; s += 1) evaluator.ingest('catalog', s * 1000, parsePrometheusText(metrics(s, 0)));
    expect(evaluator.statusOf('catalog-requests', 10_000).lowTraffic).toEqual({ windowMs: 5000, events: 5, oneFailureBurn: 20, factor: 14.4 });
    const busy = new SloEvaluator({ set });
    feed(busy, 10);
    expect(busy.statusOf('catalog-requests', 10_000).lowTraffic).toBeUndefined();
  });

  // At 60× a 30-day SLO has page pairs 5 s / 60 s (14.4×) and 30 s / 360 s (6×), ticket pairs 2 m / 24 m
  // and 6 m / 72 m; the budget is 1 %. Each scenario then lets one request fail, to show what the flag claims.
  describe('judges low traffic by the long window of each page pair, which decides whether it fires', () => {
    /** `rate(s)` good requests in the second ending at s + 1 s, from t = 0 to `seconds`, then one more scrape with one failure. */
    const scenario = (seconds: number, rate: (s: number) => number) => {
      const evaluator = new SloEvaluator({ set, timeScale: 60 });
      let ok = 0;
      evaluator.ingest('catalog', 0, parsePrometheusText(metrics(0, 0)));
      for (let s = 0; s < seconds; s += 1) {
        ok += rate(s);
        evaluator.ingest('catalog', (s + 1) * 1000, parsePrometheusText(metrics(ok, 0)));
      }
      const before = evaluator.statusOf('catalog-requests', seconds * 1000);
      evaluator.ingest('catalog', (seconds + 1) * 1000, parsePrometheusText(metrics(ok, 1)));
      return { before, after: evaluator.statusOf('catalog-requests', (seconds + 1) * 1000) };
    };

    it('a quiet short window inside a busy long one is not low traffic: one failure does not page', () => {
      // 10 req/s, then 1 req/s for the last 5 s: the 5 s window holds 5 events (one failure would burn
      // 20× there, above 14.4×), but the 60 s window holds 555, where it burns 0.18×.
      const { before, after } = scenario(360, (s) => (s < 355 ? 10 : 1));
      const windows = before.budget?.windows ?? [];
      expect(windows.find((w) => w.windowMs === 5000)?.total).toBe(5);
      expect(windows.find((w) => w.windowMs === 60_000)?.total).toBe(555);
      expect(before.lowTraffic).toBeUndefined();
      // And indeed: the failure fires the short window of the fast pair, but not its long one.
      const fast = after.budget?.alerts[0];
      expect(fast).toMatchObject({ severity: 'page', factor: 14.4, firing: false });
      expect(fast?.short.burnRate).toBeGreaterThan(14.4);
      expect(fast?.long.burnRate).toBeLessThan(1);
      expect(after.budget?.firing.page).toBe(false);
    });

    it('a long window with few events is low traffic even when the shortest window holds enough: one failure pages', () => {
      // Silence, then 2 req/s for the last 7 s: the 5 s window holds 10 events (a failure burns 10× there,
      // under 14.4×), but the slow page pair's 360 s window holds only 14, where it burns 7.1×, above 6×.
      const { before, after } = scenario(360, (s) => (s >= 353 ? 2 : 0));
      expect(before.budget?.windows.find((w) => w.windowMs === 5000)?.total).toBe(10);
      expect(before.lowTraffic).toEqual({ windowMs: 360_000, events: 14, oneFailureBurn: 1 / (14 * 0.01), factor: 6 });
      // And indeed: one failure fires the slow page (1 in 15 is 6.7× in both its windows).
      expect(after.budget?.alerts[1]).toMatchObject({ severity: 'page', factor: 6, firing: true });
      expect(after.budget?.firing.page).toBe(true);
    });

    it('says nothing while a page pair’s long window saw no traffic', () => {
      expect(scenario(30, () => 0).before.lowTraffic).toBeUndefined();
    });
  });

  it('computes a status once per time and scrape, and shares it between the readers of that moment', () => {
    const evaluator = new SloEvaluator({ set });
    feed(evaluator, 30, (s) => s >= 20);
    const [first] = evaluator.status(30_000);
    // The runner's snapshot, progress line and checks, and /metrics, all read the same evaluation.
    expect(evaluator.status(30_000)[0]).toBe(first);
    expect(evaluator.statusOf('catalog-requests', 30_000)).toBe(first);
    // It is the evaluation a fresh evaluator gives.
    const fresh = new SloEvaluator({ set });
    feed(fresh, 30, (s) => s >= 20);
    expect(fresh.status(30_000)[0]).toEqual(first);
    // Another time is another evaluation.
    expect(evaluator.statusOf('catalog-requests', 30_500)).not.toBe(first);
    expect(evaluator.statusOf('catalog-requests', 30_500).budget?.windows[0]?.coveredMs).toBe(3000);
    // A scrape of another service leaves it be; a scrape of its own service replaces it.
    const again = evaluator.statusOf('catalog-requests', 30_000);
    evaluator.ingest('gateway', 31_000, parsePrometheusText(metrics(0, 0)));
    expect(evaluator.statusOf('catalog-requests', 30_000)).toBe(again);
    evaluator.ingest('catalog', 31_000, parsePrometheusText(metrics(2000, 1100)));
    const rescraped = evaluator.statusOf('catalog-requests', 31_000);
    expect(rescraped).not.toBe(again);
    expect(rescraped.budget?.windows[0]).toMatchObject({ windowMs: 4000, ratio: 1, total: 400 });
    // Even for the earlier time it is computed again (the scrape came after it, so it reads the same).
    const sameTime = evaluator.statusOf('catalog-requests', 30_000);
    expect(sameTime).not.toBe(again);
    expect(sameTime).toEqual(again);
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

  it('read the clock once per /metrics scrape, so every gauge reports the same instant', async () => {
    const evaluator = new SloEvaluator({ set });
    feed(evaluator, 30, (s) => s >= 20);
    const registry = new Registry();
    // A clock that moves on by 1 ms each time it is read, as a busy harness' would between gauges.
    let nowMs = 30_000;
    const now = vi.fn(() => nowMs++);
    registerSloMetrics(registry, evaluator, { now });
    const text = await registry.metrics();
    expect(now).toHaveBeenCalledTimes(1);
    expect(text).toContain('faultline_slo_window_events{sloth_id="catalog-requests",sloth_service="catalog",sloth_slo="requests",sloth_window="4s"} 400');
    await new Promise((resolve) => setImmediate(resolve));
    await registry.metrics();
    expect(now).toHaveBeenCalledTimes(2);
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
