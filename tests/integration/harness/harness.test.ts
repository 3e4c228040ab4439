import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SloStatusJson } from '../../../src/harness/slo-json.js';
import { eventually, sample, startTestHarness } from '../../helpers/system.js';

/**
 * The harness as `faultline up` starts it: the shop, its SLOs evaluated live 720× compressed (a
 * one-hour month, 4-second windows), faultline_slo_* on the harness's /metrics and budgets on /slo.
 * Traffic is a steady trickle of browse requests; the fault is the gateway→catalog proxy disabled.
 */
let harness: Awaited<ReturnType<typeof startTestHarness>>;
let browsing = true;
let traffic: Promise<void>;

const budgets = async () => ((await (await fetch(harness.endpoints.slo)).json()) as { slos: SloStatusJson[] }).slos;
const browse = async () => (await budgets()).find((s) => s.id === 'gateway-browse-availability') as SloStatusJson;
const proxy = (enabled: boolean) =>
  fetch(`${harness.endpoints.proxyApi}/proxies/gateway_catalog`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enabled }) });

beforeAll(async () => {
  harness = await startTestHarness({ timeScale: 720 });
  // ~50 browse requests a second, one after another, until the file is done.
  traffic = (async () => {
    while (browsing) {
      await fetch(`${harness.endpoints.gateway}/products`).then((r) => r.arrayBuffer(), () => undefined);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
}, 60_000);

afterAll(async () => {
  browsing = false;
  await traffic;
  await proxy(true).catch(() => undefined);
  await harness?.close();
});

describe('the live SLO evaluator of a running system', () => {
  it('scrapes the services and reports every SLO of the shop, the compressed windows included', async () => {
    await eventually(async () => ((await browse()).budget?.windows[0]?.total ?? 0) > 0, 15_000);
    const slos = await budgets();
    expect(slos.map((s) => s.id)).toEqual(['gateway-browse-availability', 'gateway-browse-latency', 'gateway-order-availability', 'gateway-order-latency', 'orders-payments-availability']);
    const status = await browse();
    expect(status).toMatchObject({ timeScale: 720, period: '1h', evaluable: true, method: 'events', budget: { firing: { page: false, ticket: false } } });
    expect(status.budget?.windows.map((w) => w.window)).toEqual(['4s', '5s', '10s', '30s', '2m', '6m']);
    expect(status.budget?.windows[0]?.errorRatio).toBe(0);
    expect(harness.scraper.counts.ok).toBeGreaterThan(0);
  }, 30_000);

  it('pages when browsing fails, exposes it as faultline_slo_* series, and stops paging once it recovers', async () => {
    expect((await proxy(false)).status).toBe(200);
    await eventually(async () => (await browse()).budget?.firing.page === true, 20_000);
    const metrics = await (await fetch(harness.endpoints.harnessMetrics)).text();
    const id = { sloth_id: 'gateway-browse-availability' };
    expect(sample(metrics, 'faultline_slo_alert_firing', { ...id, sloth_severity: 'page' })).toBe(1);
    expect(sample(metrics, 'faultline_slo_burn_rate', { ...id, sloth_window: '4s' })).toBeGreaterThan(14.4);
    expect(sample(metrics, 'faultline_slo_error_budget_consumed_ratio', id)).toBeGreaterThan(0);
    // The in-process evaluator (what the runner will call) says the same as the API.
    expect(harness.evaluator.statusOf('gateway-browse-availability', Date.now()).budget?.firing.page).toBe(true);

    expect((await proxy(true)).status).toBe(200);
    await eventually(async () => (await browse()).budget?.firing.page === false, 30_000);
    expect((await browse()).budget?.remaining).toBeLessThan(1);
  }, 60_000);

  it('answers 404 for an SLO it does not know, naming the known ones', async () => {
    const response = await fetch(`${harness.endpoints.slo}/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: expect.stringMatching(/^unknown SLO "nope"; known: gateway-browse-availability, /) });
  });
});
