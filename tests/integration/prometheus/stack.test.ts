import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpMetricNames } from '../../../src/core/conventions.js';
import { FaultlineError } from '../../../src/core/errors.js';
import { findBinary, locatePrometheusBinaries } from '../../../src/prometheus/binaries.js';
import { startPrometheusStack, type RunningPrometheusStack } from '../../../src/prometheus/stack.js';
import { compileSloFile } from '../../../src/slo/compile.js';
import { optionalBinary } from '../../helpers/binaries.js';
import { pollUntil } from '../../helpers/http.js';
import { load, shippedSlos, sloFile } from '../../unit/slo/helpers.js';
import { apiData, isAlive, query, startGatewayTarget, startStaticTarget, startWebhook, type TestServer } from './helpers.js';

/**
 * The real Prometheus 2.42 and Alertmanager 0.25 (Debian's), started as `faultline up --prometheus`
 * will start them. Skipped without the binaries on a laptop, mandatory in CI.
 */
const install = 'apt-get install prometheus prometheus-alertmanager';
// Alertmanager is `prometheus-alertmanager` on Debian, `alertmanager` elsewhere: ask the product which.
const skip = [findBinary('alertmanager') ?? 'prometheus-alertmanager', 'prometheus', 'promtool'].map((name) => optionalBinary(name, install)).some((binary) => binary.skip);

const SECOND = 1000;
const count = `${HttpMetricNames.serverDuration}_count`;

/** What a freshly started gateway exports after three quick catalogue requests. */
const liveGateway = [
  `# TYPE ${HttpMetricNames.serverDuration} histogram`,
  `${HttpMetricNames.serverDuration}_bucket{le="0.005",service="gateway",method="GET",route="/products",status_code="200"} 3`,
  `${HttpMetricNames.serverDuration}_bucket{le="+Inf",service="gateway",method="GET",route="/products",status_code="200"} 3`,
  `${HttpMetricNames.serverDuration}_sum{service="gateway",method="GET",route="/products",status_code="200"} 0.01`,
  `${count}{service="gateway",method="GET",route="/products",status_code="200"} 3`,
  '',
].join('\n');

/** One availability SLO on the live route, 60× compressed: its longest window is 3d ÷ 60 = 72 min. */
const catalogueSlo = load(sloFile('  - service: gateway\n    name: catalogue\n    objective: 99.9\n    sli:\n      availability: { method: GET, routes: [/products] }\n', 'timeScale: 60\n'));

const alwaysFiring = ['groups:', '  - name: smoke', '    interval: 1s', '    rules:', '      - alert: FaultlineSmoke', '        expr: vector(1)', '        labels: { severity: page }', ''].join('\n');

describe.skipIf(skip)('the Prometheus stack, with a scrape target, a backfilled SLO and an alert that always fires', () => {
  let target: TestServer;
  let webhook: Awaited<ReturnType<typeof startWebhook>>;
  let stack: RunningPrometheusStack;
  const lines: string[] = [];

  beforeAll(async () => {
    target = await startStaticTarget(liveGateway);
    webhook = await startWebhook();
    const compiled = compileSloFile(catalogueSlo, { name: 'catalogue', source: 'test', scrapeIntervalMs: SECOND });
    stack = await startPrometheusStack({
      jobs: [{ job: 'gateway', targets: [target.address] }],
      intervalMs: SECOND,
      rules: [
        { name: compiled.rulesFile, text: compiled.rules },
        { name: 'smoke.rules.yml', text: alwaysFiring },
      ],
      webhookUrl: webhook.url,
      backfill: { slos: catalogueSlo },
      onLog: (source, line) => lines.push(`${source}: ${line}`),
    });
  }, 30_000);

  afterAll(async () => {
    await stack?.close();
    await target?.close();
    await webhook?.close();
  });

  it('listens on loopback and hands the children’s log lines to the caller', () => {
    expect(stack.prometheusUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(stack.alertmanagerUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines.some((line) => line.startsWith('prometheus: ') && line.includes('Server is ready to receive web requests'))).toBe(true);
    expect(lines.some((line) => line.startsWith('alertmanager: '))).toBe(true);
  });

  it('scrapes the target under its job name', async () => {
    const up = await pollUntil(async () => {
      const samples = await query(stack.prometheusUrl, 'up');
      return samples.length > 0 ? samples : undefined;
    }, 15_000, 'the first scrape', 200);
    expect(up).toEqual([{ metric: { __name__: 'up', job: 'gateway', instance: target.address }, value: 1 }]);
  });

  it('holds a healthy baseline over the longest window, continued by the live scrape as one series', async () => {
    expect(stack.backfill?.series).toBeGreaterThan(0);
    expect(stack.backfill!.lastMs - stack.backfill!.firstMs).toBeGreaterThanOrEqual(72 * 60 * SECOND);
    // The live counter (3) is the newest sample of the very series the baseline wrote.
    await pollUntil(async () => ((await query(stack.prometheusUrl, `last_over_time(${count}{route="/products",status_code="200"}[5s])`))[0]?.value === 3 ? true : undefined), 15_000, 'a live sample', 200);
    const series = await query(stack.prometheusUrl, `${count}{route="/products",status_code="200"}`);
    expect(series.map((s) => s.metric)).toEqual([{ __name__: count, instance: target.address, job: 'gateway', method: 'GET', route: '/products', service: 'gateway', status_code: '200' }]);
    const [increase] = await query(stack.prometheusUrl, `increase(${count}{service="gateway"}[1h12m])`);
    // 5 requests/s for 72 minutes (give or take the edges of the window).
    expect(increase?.value).toBeGreaterThan(5 * 70 * 60);
  });

  it('evaluates the SLO on the baseline: its 72-minute error ratio is 0, not absent', async () => {
    const ratio = await pollUntil(async () => (await query(stack.prometheusUrl, 'slo:sli_error:ratio_rate1h12m{sloth_id="gateway-catalogue"}'))[0], 15_000, 'the SLI rule', 200);
    expect(ratio.value).toBe(0);
  });

  it('sends the alert that always fires through Alertmanager to the webhook, as firing', async () => {
    const notification = await pollUntil(async () => webhook.received.find((n) => n.alerts.some((a) => a.labels.alertname === 'FaultlineSmoke')), 15_000, 'the webhook notification', 100);
    expect(notification.status).toBe('firing');
    expect(notification.alerts[0]).toMatchObject({ status: 'firing', labels: { alertname: 'FaultlineSmoke', severity: 'page' } });
    // Links in notifications point at the real loopback addresses, not at port 0 or the host name.
    expect(notification.externalURL).toBe(stack.alertmanagerUrl);
    expect(notification.alerts[0]?.generatorURL.startsWith(`${stack.prometheusUrl}/`)).toBe(true);
    // The SLO's own alerts stay quiet on a healthy baseline.
    expect(webhook.received.flatMap((n) => n.alerts).filter((a) => a.labels.alertname !== 'FaultlineSmoke')).toEqual([]);
  });

  it('close() stops both children and removes the temporary folder', async () => {
    const pids = Object.values(stack.pids) as number[];
    expect(pids).toHaveLength(2);
    expect(pids.every(isAlive)).toBe(true);
    await stack.close();
    expect(pids.filter(isAlive)).toEqual([]);
    expect(existsSync(stack.dataDir)).toBe(false);
    // A second close is harmless.
    await stack.close();
  });
});

/**
 * The shipped shop SLOs, 60× compressed, just after `up`: the gateway serves 500 requests/s with
 * 0.2 % server errors, a 2× burn of browse-availability's 0.1 % budget. The slow ticket (1× over
 * 6 min and 72 min) is meant to catch that after a compressed half hour or more; on a fresh Prometheus
 * the 72-minute window holds only seconds of data and the ticket fires at once (reference §6.3 item 2).
 * The baseline (500 requests/s, as the gateway serves) gives that window its history back.
 */
describe.skipIf(skip)('the shipped shop SLOs at start-up, with a gateway slowly burning its budget', () => {
  const slos = load(shippedSlos);
  const compiled = compileSloFile(slos, { name: 'shop', source: 'slo/shop.yaml', timeScale: 60, scrapeIntervalMs: SECOND });
  type Alert = { labels: Record<string, string>; state: string };

  async function startShop(backfill: boolean) {
    const gateway = await startGatewayTarget(500, 0.002);
    const webhook = await startWebhook();
    const stack = await startPrometheusStack({
      // orders is not running here: its series only get the baseline.
      jobs: [
        { job: 'gateway', targets: [gateway.address] },
        { job: 'orders', targets: ['127.0.0.1:1'] },
      ],
      intervalMs: SECOND,
      timeScale: 60,
      rules: [{ name: compiled.rulesFile, text: compiled.rules }],
      webhookUrl: webhook.url,
      ...(backfill ? { backfill: { slos, requestsPerSecond: () => 500 } } : {}),
    });
    return {
      stack,
      webhook,
      alerts: async () => (await apiData<{ alerts: Alert[] }>(stack.prometheusUrl, '/api/v1/alerts')).alerts,
      close: async () => {
        await stack.close();
        await gateway.close();
        await webhook.close();
      },
    };
  }

  it.concurrent('with the healthy baseline, every rule group evaluates several times on live data and nothing fires', async () => {
    const shop = await startShop(true);
    try {
      expect(shop.stack.warnings).toEqual([]);
      const sli = (window: string) => query(shop.stack.prometheusUrl, `slo:sli_error:ratio_rate${window}{sloth_id="gateway-browse-availability"}`);
      // The live burn shows in the shortest window (5 s): twice the budget...
      await pollUntil(async () => ((await sli('5s'))[0]?.value ?? 0) > 0.001 ? true : undefined, 15_000, 'the live burn in the 5-second window', 200);
      const startedAt = Date.now();
      type Groups = { groups: Array<{ name: string; lastEvaluation: string }> };
      // ...and three more rounds of evaluation pass in each of Sloth's three groups per SLO.
      await pollUntil(async () => {
        const { groups } = await apiData<Groups>(shop.stack.prometheusUrl, '/api/v1/rules');
        return groups.length === 3 * slos.slos.length && groups.every((g) => Date.parse(g.lastEvaluation) >= startedAt + 3 * SECOND) ? true : undefined;
      }, 15_000, 'three rounds of rule evaluation', 200);
      // ...but the ticket's windows (6 and 72 minutes) hold minutes of healthy history, as they
      // would on a Prometheus that had been running all along, so the ticket stays quiet.
      for (const window of ['6m', '1h12m']) expect((await sli(window))[0]?.value).toBeLessThan(0.001);
      const longWindows = await query(shop.stack.prometheusUrl, 'slo:sli_error:ratio_rate1h12m');
      expect(longWindows.map((r) => r.metric.sloth_id).sort()).toEqual(slos.slos.map((slo) => slo.id).sort());
      expect(await shop.alerts()).toEqual([]);
      expect(shop.webhook.received).toEqual([]);
    } finally {
      await shop.close();
    }
  }, 30_000);

  it.concurrent('without it, the ticket fires within seconds of the first scrapes', async () => {
    const shop = await startShop(false);
    try {
      const firing = await pollUntil(async () => {
        const alerts = (await shop.alerts()).filter((a) => a.state === 'firing');
        return alerts.length > 0 ? alerts : undefined;
      }, 20_000, 'the early ticket', 200);
      expect(firing.map((a) => [a.labels.sloth_id, a.labels.sloth_severity])).toEqual([['gateway-browse-availability', 'ticket']]);
    } finally {
      await shop.close();
    }
  }, 30_000);
});

describe.skipIf(skip)('a stack that cannot start', () => {
  const root = mkdtempSync(join(tmpdir(), 'faultline-stack-failures-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const base = { jobs: [{ job: 'gateway', targets: ['127.0.0.1:1'] }], intervalMs: SECOND, webhookUrl: 'http://127.0.0.1:1/alerts', tempRoot: root };

  async function failure(start: () => Promise<unknown>): Promise<FaultlineError> {
    const error = await start().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(FaultlineError);
    // Whatever failed, nothing is left behind: no temporary folder (and so no child writing to it).
    expect(readdirSync(root)).toEqual([]);
    return error as FaultlineError;
  }

  it('reports a rule file Prometheus refuses in Prometheus’ own words', async () => {
    const error = await failure(() => startPrometheusStack({ ...base, rules: [{ name: 'bad.rules.yml', text: 'groups:\n  - name: bad\n    rules:\n      - record: x\n        expr: sum(\n' }] }));
    expect(error.code).toBe('FAULTLINE_PROMETHEUS_START');
    expect(error.message).toMatch(/^prometheus exited before it was ready \(exit code 1\); its last lines:/);
    expect(error.message).toMatch(/bad\.rules\.yml/);
  });

  it('reports a fixed port another program holds', async () => {
    const connections = new Set<Socket>();
    const holder = createServer((socket) => connections.add(socket));
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      const error = await failure(() => startPrometheusStack({ ...base, ports: { alertmanager: port } }));
      expect(error.code).toBe('FAULTLINE_PROMETHEUS_START');
      // Alertmanager 0.25 logs the error first and exits only later: the stack does not wait for that.
      expect(error.message).toMatch(new RegExp(`^alertmanager cannot serve http://127\\.0\\.0\\.1:${port}`));
      expect(error.message).toMatch(/address already in use/);
    } finally {
      for (const socket of connections) socket.destroy();
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('reports a failed backfill with promtool’s output', async () => {
    const binaries = { ...locatePrometheusBinaries(), promtool: '/bin/false' };
    const error = await failure(() => startPrometheusStack({ ...base, binaries, backfill: { slos: catalogueSlo } }));
    expect(error.code).toBe('FAULTLINE_PROMETHEUS_BACKFILL');
  });
});
