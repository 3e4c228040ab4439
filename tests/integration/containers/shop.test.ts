import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULTLINE_IMAGE, PROMETHEUS_IMAGE, freePorts, optionalDocker, topologyYaml } from './docker.js';
import { GenericContainer, Wait, getContainerRuntimeClient, type StartedTestContainer } from 'testcontainers';
import { packageFile } from '../../../src/core/package-root.js';
import { scrapeJobs } from '../../../src/dashboards/stack.js';
import { renderToxiproxyConfig, serviceRuntimeConfig } from '../../../src/deploy/runtime-config.js';
import { renderPrometheusConfig } from '../../../src/prometheus/prometheus-config.js';
import { loadExperiment } from '../../../src/runner/experiment/load.js';
import { speedUp } from '../../../src/runner/experiment/speed.js';
import type { JsonValue } from '../../../src/runner/journal/events.js';
import { readJournal } from '../../../src/runner/journal/reader.js';
import { summariseJournal } from '../../../src/runner/journal/summary.js';
import { runExperiment } from '../../../src/runner/run.js';
import { TOXIPROXY_SERVICE, type ContainerNetwork } from '../../../src/topology/container-network.js';
import type { Topology } from '../../../src/topology/model.js';
import { eventually } from '../../helpers/system.js';

/**
 * The shop as containers of the image users deploy (faultline:local, built by .ci/docker-setup),
 * a Faultline proxy container standing in for Toxiproxy, the compose file's `harness` service and
 * Prometheus: a catalogue experiment run end to end against them through the Toxiproxy API alone
 * (no supervisor, so the runner's external mode), and container-level process faults (pause,
 * SIGKILL, start) through the Docker API.
 *
 * The containers are wired as the shipped docker-compose.yml wires them — each finds the others by
 * compose service name (`toxiproxy:<port>`, `payments:<port>`) — but with host networking, the only
 * kind our machines run: every name resolves to 127.0.0.1 through the container's /etc/hosts, and
 * every container binds 127.0.0.1 on ports picked free here.
 */
const docker = optionalDocker([FAULTLINE_IMAGE, PROMETHEUS_IMAGE]);
const EXPERIMENT = 'payments-latency-beyond-timeout';
const SPEED = 5;

/** The compose addressing, bound to loopback: host networking has no container of its own to bind 0.0.0.0 in. */
const NETWORK: ContainerNetwork = { listenHost: '127.0.0.1' };
const HARNESS = 'harness';

const started: StartedTestContainer[] = [];
const byService = new Map<string, StartedTestContainer>();
let topology: Topology;
let proxyApiUrl: string;
let prometheusUrl: string;
let harnessUrl: string;
const runsDir = mkdtempSync(join(tmpdir(), 'faultline-containers-'));

const probeOk = (url: string): ['CMD', ...string[]] => ['CMD', 'node', '-e', `fetch('${url}').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`];
const healthCheck = (url: string) => ({ test: probeOk(url), interval: 250, timeout: 2_000, retries: 120, startPeriod: 0 });
const get = async (url: string) => {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    return { status: 0, body: (error as Error).message };
  }
};

async function start(container: GenericContainer, name: string): Promise<StartedTestContainer> {
  const names = [TOXIPROXY_SERVICE, HARNESS, ...topology.services.map((s) => s.name as string)];
  const running = await container
    .withNetworkMode('host')
    .withExtraHosts(names.map((host) => ({ host, ipAddress: '127.0.0.1' })))
    .withLabels({ 'dev.faultline.test': 'containers', 'dev.faultline.role': name })
    .start();
  started.push(running);
  return running;
}


describe.skipIf(docker.skip)('Faultline in containers (host networking, images built locally)', () => {
  beforeAll(async () => {
    const loaded = await loadExperiment(packageFile(`experiments/${EXPERIMENT}.yaml`), { catalogue: true });
    // The shipped topology on free ports: the declared ones may be in use on a developer's machine.
    const ports = await freePorts(3 + loaded.topology.services.length + loaded.topology.services.reduce((n, s) => n + s.dependencies.length, 0));
    const next = () => ports.shift() as number;
    topology = {
      ...loaded.topology,
      proxyApi: `127.0.0.1:${next()}`,
      // The compose `harness` service stands where `faultline up`'s supervisor would: the runner finds its alerts there.
      supervisorAdmin: `127.0.0.1:${next()}`,
      services: loaded.topology.services.map((s) => ({ ...s, host: '127.0.0.1', port: next(), dependencies: s.dependencies.map((d) => ({ ...d, proxy: { ...d.proxy, listen: `127.0.0.1:${next()}` } })) })),
    };
    const prometheusPort = next();
    proxyApiUrl = `http://${topology.proxyApi}`;
    prometheusUrl = `http://127.0.0.1:${prometheusPort}`;
    harnessUrl = `http://${topology.supervisorAdmin}`;

    const proxyPort = topology.proxyApi.split(':')[1] as string;
    const proxy = new GenericContainer(FAULTLINE_IMAGE)
      .withCommand(['proxy', '--host', '127.0.0.1', '--port', proxyPort, '--config', '/tmp/proxies.json'])
      .withCopyContentToContainer([{ content: renderToxiproxyConfig(topology, { network: NETWORK }), target: '/tmp/proxies.json', mode: 0o644 }])
      .withHealthCheck(healthCheck(`${proxyApiUrl}/version`))
      .withWaitStrategy(Wait.forHealthCheck());
    const services = topology.services.map((service) =>
      new GenericContainer(FAULTLINE_IMAGE)
        .withCommand(['service', service.name])
        // The label the runner's Docker process control finds a service's container by.
        .withLabels({ 'dev.faultline.service': service.name })
        .withEnvironment({ FAULTLINE_SERVICE_CONFIG: JSON.stringify(serviceRuntimeConfig(topology, service.name, { seed: 1, logLevel: 'warn', network: NETWORK })) })
        .withHealthCheck(healthCheck(`http://127.0.0.1:${service.port}/healthz`))
        .withWaitStrategy(Wait.forHealthCheck()),
    );
    // As docker-compose.yml runs it, on the topology written for these ports, 720× compressed (1 s scrapes).
    const harness = new GenericContainer(FAULTLINE_IMAGE)
      .withCommand(['harness', '--container-network', '--topology', '/tmp/topology.yaml', '--time-scale', '720', '--listen', topology.supervisorAdmin, '--toxiproxy-url', `http://${TOXIPROXY_SERVICE}:${proxyPort}`])
      .withCopyContentToContainer([{ content: topologyYaml(topology), target: '/tmp/topology.yaml', mode: 0o644 }])
      .withHealthCheck(healthCheck(`${harnessUrl}/healthz`))
      .withWaitStrategy(Wait.forHealthCheck());
    // The scrape jobs of dashboards/prometheus/prometheus.yml, by name; no rules (those are tested with promtool).
    const prometheusConfig = renderPrometheusConfig({ jobs: scrapeJobs(topology, NETWORK), intervalMs: 1000, ruleFiles: [], alertmanager: 'alertmanager:9093' });
    const prometheus = new GenericContainer(PROMETHEUS_IMAGE)
      .withCommand(['--config.file=/tmp/prometheus.yml', `--web.listen-address=127.0.0.1:${prometheusPort}`, '--storage.tsdb.path=/tmp/data'])
      .withCopyContentToContainer([{ content: prometheusConfig, target: '/tmp/prometheus.yml', mode: 0o644 }])
      .withWaitStrategy(Wait.forLogMessage('Server is ready to receive web requests.'));

    // Independent containers start together; callers cope with a dependency that is not up yet.
    const all = await Promise.all([start(proxy, 'proxy'), start(prometheus, 'prometheus'), start(harness, HARNESS), ...services.map((s, i) => start(s, topology.services[i]?.name ?? 'service'))]);
    topology.services.forEach((s, i) => byService.set(s.name, all[3 + i] as StartedTestContainer));
  }, 120_000);

  afterAll(async () => {
    const client = await getContainerRuntimeClient().catch(() => undefined);
    await Promise.all(
      started.map(async (container) => {
        // A paused container left by a failed test must not stall its removal.
        await client?.container.getById(container.getId()).unpause().catch(() => undefined);
        await container.stop({ timeout: 1_000 }).catch(() => undefined);
      }),
    );
    rmSync(runsDir, { recursive: true, force: true });
  }, 60_000);

  it(`runs the catalogue's ${EXPERIMENT} against the containers through the Toxiproxy API, rolls back, and Prometheus saw it`, async () => {
    const loaded = await loadExperiment(packageFile(`experiments/${EXPERIMENT}.yaml`), { catalogue: true });
    const { experiment, slos } = speedUp(loaded.experiment, loaded.slos, SPEED);
    const lines: string[] = [];
    // Alertmanager's delivery to the harness, as the compose stack's would arrive once the fault burns budget.
    let delivered: Promise<Response> | undefined;
    // The harness's /metrics while the fault is in place: its mirror of the Toxiproxy API.
    let mirrored: Promise<string> | undefined;
    const page = { status: 'firing', labels: { alertname: 'OrdersPaymentsAvailabilityBudgetBurn', sloth_id: 'orders-payments-availability', sloth_severity: 'page' }, startsAt: new Date().toISOString(), fingerprint: 'containers-test' };
    const outcome = await runExperiment({
      experiment,
      topology,
      slos,
      document: loaded.raw as unknown as JsonValue,
      seed: experiment.seed ?? 1,
      runsDir,
      toxiproxyUrl: proxyApiUrl,
      prometheusUrl,
      prometheus: 'off',
      reporter: {
        line: (text) => {
          lines.push(text);
          if (!text.startsWith('injected ')) return;
          mirrored = fetch(`${harnessUrl}/metrics`).then((r) => r.text());
          delivered = fetch(`${harnessUrl}/alerts/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ version: '4', status: 'firing', alerts: [page] }) });
        },
      },
    });
    expect((await delivered)?.status).toBe(200);
    // What the experiments dashboard draws over the official image: the fault, read from the Toxiproxy API.
    expect(await mirrored).toMatch(/^faultline_proxy_active_toxics\{proxy="orders_payments",type="latency",stream="downstream"\} 1$/m);
    const journal = readJournal(outcome.journalPath);
    const summary = summariseJournal(journal.events);
    // As `faultline run --toxiproxy-url … --prometheus-url …` against a compose stack: checked at preflight, journalled.
    expect(journal.events[0]).toMatchObject({ prometheusUrl });

    expect(outcome.result, [...outcome.reasons, ...lines].join('\n')).not.toBe('error');
    expect(journal.events[0]).toMatchObject({ type: 'run_started', mode: 'external', toxiproxyUrl: proxyApiUrl, harnessUrl });
    // The harness container handed on the delivered page, journalled as Alertmanager's.
    expect(journal.events.filter((e) => e.type === 'alert' && e.source === 'alertmanager')).toEqual([expect.objectContaining({ status: 'firing', slo: 'orders-payments-availability', severity: 'page' })]);
    expect(journal.events.filter((e) => e.type === 'fault_injected')).toHaveLength(1);
    expect(summary.faultsLeftBehind).toEqual([]);
    const live = (await (await fetch(`${proxyApiUrl}/proxies`)).json()) as Record<string, { toxics: unknown[] }>;
    expect(Object.values(live).flatMap((p) => p.toxics)).toEqual([]);

    // Prometheus, in its own container, scraped every service and saw orders' calls to payments time out.
    const query = async (promql: string) => {
      const body = (await (await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`)).json()) as { data: { result: Array<{ value: [number, string] }> } };
      return body.data.result.map((r) => Number(r.value[1]));
    };
    // Every service, the proxy API and the harness, each scraped by its compose name.
    await eventually(async () => (await query('sum(up)'))[0] === topology.services.length + 2, 10_000, 250);
    // (Each read in `eventually`: on a loaded machine one scrape may time out, and its series go stale until the next.)
    const timeouts = 'sum(http_client_request_duration_seconds_count{service="orders",peer="payments",outcome="timeout"})';
    await eventually(async () => ((await query(timeouts))[0] ?? 0) > 0, 10_000, 250);
    // Prometheus reads the harness (the mirror's series and the SLOs it judged from its own scrapes).
    await eventually(async () => (await query('faultline_harness_toxiproxy_up{job="faultline-harness"}'))[0] === 1, 10_000, 250);
    await eventually(async () => (await query('count(faultline_slo_error_budget_remaining_ratio{job="faultline-harness"})'))[0] === slos.slos.length, 10_000, 250);
    const budgets = (await (await fetch(`${harnessUrl}/slo`)).json()) as { slos: Array<{ id: string }> };
    expect(budgets.slos.map((s) => s.id)).toEqual(expect.arrayContaining(slos.slos.map((s) => s.id)));
  }, 90_000);

  it("runs the catalogue's paused-process experiment with its process fault injected through the Docker API, and unpauses on rollback", async () => {
    const loaded = await loadExperiment(packageFile('experiments/paused-process.yaml'), { catalogue: true });
    const { experiment, slos } = speedUp(loaded.experiment, loaded.slos, SPEED);
    // The previous test's fault may have left orders' breaker open for a few seconds: the experiment's
    // gate (orders succeed) needs a settled system, or it rightly injects nothing.
    const gateway = `http://127.0.0.1:${topology.services.find((s) => s.public)?.port}`;
    const order = () => fetch(`${gateway}/orders`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': `settle-${Math.random()}` }, body: JSON.stringify({ productId: 'p-01', quantity: 1 }) }).then((r) => r.status, () => 0);
    await eventually(async () => (await order()) === 201 && (await order()) === 201 && (await order()) === 201, 20_000, 250);
    const lines: string[] = [];
    const outcome = await runExperiment({ experiment, topology, slos, document: loaded.raw as unknown as JsonValue, seed: experiment.seed ?? 1, runsDir, toxiproxyUrl: proxyApiUrl, prometheus: 'off', reporter: { line: (text) => lines.push(text) } });
    const journal = readJournal(outcome.journalPath);
    expect(outcome.result, [...outcome.reasons, ...lines].join('\n')).not.toBe('error');
    expect(lines).toContainEqual(expect.stringMatching(/^process faults go through Docker containers/));
    const injected = journal.events.filter((e) => e.type === 'fault_injected');
    expect(injected).toEqual([expect.objectContaining({ kind: 'process', action: 'pause' })]);
    expect(injected[0]).not.toHaveProperty('lease');
    expect(summariseJournal(journal.events).faultsLeftBehind).toEqual([]);
    const client = await getContainerRuntimeClient();
    const states = await Promise.all(started.map(async (c) => (await client.container.getById(c.getId()).inspect()).State.Status));
    expect(states.every((status) => status === 'running')).toBe(true);
  }, 90_000);

  it("refuses an unknown service name in the image's entrypoint, listing the ones it holds", () => {
    const result = spawnSync('docker', ['run', '--rm', '--network', 'host', FAULTLINE_IMAGE, 'service', 'nope'], { encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(64);
    expect(result.stderr.trim()).toBe('usage: service <name>, one of: catalog gateway inventory orders payments');
  }, 60_000);

  it('pauses and kills a service container through the Docker API: its caller stops being ready, and recovers when it is back', async () => {
    const client = await getContainerRuntimeClient();
    const payments = client.container.getById((byService.get('payments') as StartedTestContainer).getId());
    const orders = topology.services.find((s) => s.name === 'orders');
    const paymentsPort = topology.services.find((s) => s.name === 'payments')?.port;
    const ordersReady = `http://127.0.0.1:${orders?.port}/readyz`;
    await eventually(async () => (await get(ordersReady)).status === 200, 10_000, 100);

    await payments.pause();
    try {
      expect((await payments.inspect()).State.Paused).toBe(true);
      // Frozen, not gone: the port still accepts, nothing answers, so the check times out.
      await eventually(async () => (await get(ordersReady)).status === 503, 10_000, 100);
      expect((await get(ordersReady)).body).toContain('payments');
    } finally {
      await payments.unpause();
    }
    await eventually(async () => (await get(ordersReady)).status === 200, 10_000, 100);

    await payments.kill({ signal: 'SIGKILL' });
    const killed = await payments.inspect();
    expect(killed.State).toMatchObject({ Running: false, ExitCode: 137 });
    await eventually(async () => (await get(ordersReady)).status === 503, 10_000, 100);

    await payments.start();
    await eventually(async () => (await get(`http://127.0.0.1:${paymentsPort}/healthz`)).status === 200, 15_000, 100);
    await eventually(async () => (await get(ordersReady)).status === 200, 10_000, 100);
  }, 60_000);
});
