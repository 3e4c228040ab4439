import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageFile } from '../../../src/core/package-root.js';
import { FaultlineError } from '../../../src/core/errors.js';
import type { SloStatusJson } from '../../../src/harness/slo-json.js';
import { startStackHarness, type RunningStackHarness } from '../../../src/harness/stack-harness.js';
import type { Topology } from '../../../src/topology/model.js';
import { load } from '../../unit/slo/helpers.js';
import { eventually, sample, startTestSystem } from '../../helpers/system.js';

/**
 * `startStackHarness`, the judge of a stack it does not run (the compose file's `harness` service):
 * a real shop on free ports, and beside it a stack harness given only the shop's addresses and its
 * proxy API. It must scrape every service, publish faultline_slo_* and the proxies' fault state on
 * its /metrics, live budgets on /slo, take Alertmanager's webhook, have no /services, and refuse an
 * address it cannot bind with FAULTLINE_HARNESS_LISTEN. The fault is the gateway→catalog proxy disabled.
 */

const SHIPPED_SLOS = ['gateway-browse-availability', 'gateway-browse-latency', 'gateway-order-availability', 'gateway-order-latency', 'orders-payments-availability'];

let system: Awaited<ReturnType<typeof startTestSystem>>;
let harness: RunningStackHarness;
let browsing = true;
let traffic: Promise<void> | undefined;

/** The system's topology with every service at the address it actually bound (its declaration says port 0). */
function runningTopology(): Topology {
  const urls = new Map(system.endpoints.services.map((s) => [s.name as string, new URL(s.url)]));
  return {
    ...system.topology,
    services: system.topology.services.map((service) => {
      const url = urls.get(service.name);
      if (!url) throw new Error(`the system reports no address for ${service.name}`);
      return { ...service, host: url.hostname, port: Number(url.port) };
    }),
  };
}

const get = (path: string) => fetch(`${harness.url}${path}`);
const budgets = async () => ((await (await get('/slo')).json()) as { slos: SloStatusJson[] }).slos;
const browse = async () => (await budgets()).find((s) => s.id === 'gateway-browse-availability') as SloStatusJson;
const metrics = async () => (await get('/metrics')).text();
const setCatalogProxy = (enabled: boolean) =>
  fetch(`${system.endpoints.proxyApi}/proxies/gateway_catalog`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enabled }) });
const postWebhook = (body: unknown) => fetch(`${harness.url}/alerts/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(async () => {
  system = await startTestSystem();
  harness = await startStackHarness({
    topology: runningTopology(),
    slos: load(readFileSync(packageFile('slo/shop.yaml'), 'utf8')),
    timeScale: 720,
    listen: '127.0.0.1:0',
    toxiproxyUrl: system.endpoints.proxyApi,
  });
  // A steady trickle of browse requests (~50 a second) until the file is done.
  traffic = (async () => {
    while (browsing) {
      await fetch(`${system.endpoints.gateway}/products`).then((r) => r.arrayBuffer(), () => undefined);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
}, 60_000);

afterAll(async () => {
  browsing = false;
  await traffic;
  if (system) await setCatalogProxy(true).catch(() => undefined);
  await harness?.close();
  await system?.close();
});

describe('startStackHarness beside a running shop', () => {
  it('binds the requested address on a free port and answers /healthz', async () => {
    expect(harness.url).toMatch(/^http:\/\/127\.0\.0\.1:(?!0$)\d+$/);
    expect(harness.timeScale).toBe(720);
    const response = await get('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('scrapes the services and reports every shipped SLO on /slo and faultline_slo_* on /metrics', async () => {
    await eventually(async () => ((await browse()).budget?.windows[0]?.total ?? 0) > 0, 15_000);
    const slos = await budgets();
    expect(slos.map((s) => s.id)).toEqual(SHIPPED_SLOS);
    expect(await browse()).toMatchObject({ timeScale: 720, period: '1h', evaluable: true, budget: { firing: { page: false, ticket: false } } });
    expect((await browse()).budget?.windows[0]?.errorRatio).toBe(0);
    expect(harness.scraper.counts.ok).toBeGreaterThan(0);

    const text = await metrics();
    expect(text).toMatch(/^faultline_slo_\w+\{[^}]*sloth_id="gateway-browse-availability"/m);
    for (const id of SHIPPED_SLOS) expect(text, id).toContain(`sloth_id="${id}"`);
    // The proxy mirror answers too: the shop's five proxies, all enabled and free of toxics.
    expect(sample(text, 'faultline_harness_toxiproxy_up')).toBe(1);
    for (const proxy of ['catalog_inventory', 'orders_inventory', 'orders_payments', 'gateway_catalog', 'gateway_orders']) {
      expect(text, proxy).toMatch(new RegExp(`^faultline_proxy_enabled\\{proxy="${proxy}"\\} 1$`, 'm'));
    }
    expect(text).not.toMatch(/^faultline_proxy_active_toxics\{/m);
  }, 30_000);

  it('answers /slo/:id for a shipped SLO and 404 naming the known ones for another', async () => {
    const one = await get('/slo/orders-payments-availability');
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({ id: 'orders-payments-availability', service: 'orders', timeScale: 720 });
    const unknown = await get('/slo/nope');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: `unknown SLO "nope"; known: ${SHIPPED_SLOS.join(', ')}` });
  });

  it('shows the gateway→catalog outage as proxy state on /metrics and as errors in the browse SLO', async () => {
    expect((await setCatalogProxy(false)).status).toBe(200);
    await eventually(async () => /^faultline_proxy_enabled\{proxy="gateway_catalog"\} 0$/m.test(await metrics()), 10_000);
    expect(await metrics()).toMatch(/^faultline_proxy_enabled\{proxy="gateway_orders"\} 1$/m);

    await eventually(async () => ((await browse()).budget?.windows[0]?.errorRatio ?? 0) > 0, 20_000);
    const window = (await browse()).budget?.windows[0];
    expect(window?.errors).toBeGreaterThan(0);
    expect(window?.errorRatio).toBeGreaterThan(0);
    expect(window?.errorRatio).toBeLessThanOrEqual(1);

    expect((await setCatalogProxy(true)).status).toBe(200);
    await eventually(async () => /^faultline_proxy_enabled\{proxy="gateway_catalog"\} 1$/m.test(await metrics()), 10_000);
  }, 60_000);

  it('records an Alertmanager v4 delivery and shows it on GET /alerts', async () => {
    const before = ((await (await get('/alerts')).json()) as { next: number }).next;
    const delivery = {
      version: '4',
      status: 'firing',
      receiver: 'faultline',
      groupKey: '{}:{alertname="GatewayBrowseAvailabilityBudgetBurn"}',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'GatewayBrowseAvailabilityBudgetBurn', sloth_id: 'gateway-browse-availability', sloth_severity: 'page' },
          annotations: { summary: 'browse is burning its budget' },
          startsAt: '2026-01-01T00:00:05Z',
          endsAt: '0001-01-01T00:00:00Z',
          fingerprint: 'stack-1',
        },
      ],
    };
    const response = await postWebhook(delivery);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ recorded: 1 });
    // Alertmanager repeats a group; the repeat is not a new transition.
    expect(await (await postWebhook(delivery)).json()).toEqual({ recorded: 0 });

    const page = (await (await get(`/alerts?since=${before}`)).json()) as { events: Array<{ type: string; detail: Record<string, unknown> }>; next: number };
    expect(page.events).toHaveLength(1);
    expect(page.events[0]).toMatchObject({
      type: 'alert_firing',
      detail: { alertname: 'GatewayBrowseAvailabilityBudgetBurn', severity: 'page', slo: 'gateway-browse-availability', fingerprint: 'stack-1', startsAt: '2026-01-01T00:00:05Z' },
    });
    expect(page.next).toBeGreaterThan(before);
  });

  it('answers a malformed webhook body with 400 naming the field', async () => {
    const noAlerts = await postWebhook({ version: '4' });
    expect(noAlerts.status).toBe(400);
    expect(((await noAlerts.json()) as { error: string }).error).toContain('"alerts" array');

    const badStatus = await postWebhook({ alerts: [{ status: 'firing', labels: {}, startsAt: '2026-01-01T00:00:00Z' }, { status: 'exploded', labels: {}, startsAt: '2026-01-01T00:00:00Z' }] });
    expect(badStatus.status).toBe(400);
    expect(await badStatus.json()).toEqual({ error: 'alerts[1].status must be "firing" or "resolved"' });

    const noStart = await postWebhook({ alerts: [{ status: 'firing', labels: { alertname: 'X' } }] });
    expect(noStart.status).toBe(400);
    expect(((await noStart.json()) as { error: string }).error).toMatch(/^alerts\[0\]\.startsAt /);
  });

  it('has no /services, so a runner never takes it for a supervisor', async () => {
    expect((await get('/services')).status).toBe(404);
    expect((await get('/services/payments/pause')).status).toBe(404);
    // The system's own supervisor does have it: the 404 above is the stack harness's, not the address's.
    expect((await fetch(`${system.endpoints.supervisorApi}/services`)).status).toBe(200);
  });

  it('rejects an address already in use with FAULTLINE_HARNESS_LISTEN', async () => {
    const taken = harness.url.replace(/^http:\/\//, '');
    const attempt = startStackHarness({
      topology: runningTopology(),
      slos: load(readFileSync(packageFile('slo/shop.yaml'), 'utf8')),
      listen: taken,
      toxiproxyUrl: system.endpoints.proxyApi,
    });
    await expect(attempt).rejects.toBeInstanceOf(FaultlineError);
    await expect(attempt).rejects.toMatchObject({ code: 'FAULTLINE_HARNESS_LISTEN', message: expect.stringContaining(`cannot listen on ${taken}`) });
    // The harness that holds the port is unharmed.
    expect((await get('/healthz')).status).toBe(200);
  });
});
