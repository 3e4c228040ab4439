import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../core/clock.js';
import type { AlertLog } from '../harness/alert-log.js';
import { startHarness, type RunningHarness } from '../harness/harness.js';
import { SloEvaluator } from '../slo/evaluator/evaluator.js';
import { SliScraper } from '../slo/evaluator/scraper.js';
import type { SloSet } from '../slo/model.js';
import { defaultScrapeIntervalMs } from '../slo/windows.js';
import { withEphemeralPorts, type Topology } from '../topology/model.js';
import { httpControlApis, type ControlApis } from './control-apis.js';
import type { RunMode } from './journal/events.js';
import { findServiceHost, supervisorProcessControl } from './process-control.js';
import { followRemoteAlerts } from './remote-alerts.js';

/**
 * Where a run's system comes from. If one is already up (`faultline up` in another terminal, or
 * a docker-compose stack given with --toxiproxy-url), the run drives it; otherwise it starts the
 * embedded system on free ports for the run and stops it afterwards. Either way the runner gets the
 * same things: the control APIs, the entry point, and an SLI evaluator it can call.
 */
export interface RunEnvironment {
  mode: RunMode;
  apis: ControlApis;
  gatewayUrl: string;
  harnessUrl?: string;
  prometheusUrl?: string;
  evaluator: SloEvaluator;
  /** Alertmanager's alerts as the system's harness received them (embedded, `faultline up`, or the compose stack's harness). */
  alerts?: AlertLog;
  /** The embedded system's harness. */
  harness?: RunningHarness;
  close(): Promise<void>;
}

export interface EnvironmentOptions {
  topology: Topology;
  slos: SloSet;
  timeScale: number;
  seed: number;
  clock: Clock;
  /** Drive the Toxiproxy API at this URL (and the topology's services) instead of looking for a running system. */
  toxiproxyUrl?: string;
  /**
   * The supervisor (harness) API of a running system, when it is not at the topology's declared
   * address (e.g. `faultline up --ephemeral-ports`, or a test's system on free ports). Implies a
   * running system; it must answer.
   */
  supervisorUrl?: string;
  /** A Prometheus that watches this system (e.g. the compose stack's): recorded in the journal, checked by preflight. */
  prometheusUrl?: string;
  prometheus?: 'on' | 'auto' | 'off';
  onNotice?(message: string): void;
}

export async function openEnvironment(options: EnvironmentOptions): Promise<RunEnvironment> {
  const proxyApi = options.toxiproxyUrl ?? `http://${options.topology.proxyApi}`;
  const external = options.toxiproxyUrl !== undefined || options.supervisorUrl !== undefined || (await answers(`${proxyApi}/version`));
  return external ? openExternal(options, proxyApi) : openEmbedded(options);
}

async function openEmbedded(options: EnvironmentOptions): Promise<RunEnvironment> {
  const dataDir = mkdtempSync(join(tmpdir(), 'faultline-run-'));
  let harness: RunningHarness;
  try {
    harness = await startHarness({
      // Free ports: a run never collides with a system someone else started on the declared ones.
      topology: withEphemeralPorts(options.topology),
      slos: options.slos,
      timeScale: options.timeScale,
      seed: options.seed,
      dataDir,
      clock: options.clock,
      prometheus: options.prometheus ?? 'off',
      ...(options.onNotice ? { onNotice: options.onNotice } : {}),
    });
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const services = new Map(harness.system.supervisor.list().map((s) => [s.name as string, s.url]));
  return {
    mode: 'embedded',
    apis: httpControlApis({ toxiproxyUrl: harness.endpoints.proxyApi, processes: supervisorProcessControl(harness.endpoints.supervisorApi), serviceUrl: (name) => services.get(name) }),
    gatewayUrl: harness.endpoints.gateway,
    harnessUrl: harness.endpoints.supervisorApi,
    ...(harness.endpoints.prometheus ? { prometheusUrl: harness.endpoints.prometheus } : {}),
    evaluator: harness.evaluator,
    alerts: harness.alerts,
    harness,
    close: async () => {
      await harness.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A system someone else runs: its supervisor (if it has one) says where the services listen;
 * otherwise the topology's declared addresses are used. The run keeps its own evaluator, scraping
 * the services from now on, so its budgets cover the run. A harness at the supervisor's address
 * (`faultline up`'s, or the compose stack's `harness` service) hands on Alertmanager's alerts.
 */
async function openExternal(options: EnvironmentOptions, toxiproxyUrl: string): Promise<RunEnvironment> {
  const supervisorUrl = options.supervisorUrl ?? `http://${options.topology.supervisorAdmin}`;
  // Process faults: the supervisor when there is one, else a Docker engine running the services
  // (a docker-compose stack), chosen by what answers (the rule `faultline panic` uses too).
  const { processes, supervised: listed } = await findServiceHost(options.topology, supervisorUrl);
  if (!listed && options.supervisorUrl !== undefined) throw new Error(`the supervisor API at ${supervisorUrl} does not answer GET /services`);
  const declared = options.topology.services.map((s) => ({ name: s.name as string, url: `http://${s.host}:${s.port}`, public: s.public }));
  const services = listed ?? declared;
  const urls = new Map(services.map((s) => [s.name, s.url]));
  const gateway = services.find((s) => s.public)?.url ?? services[services.length - 1]?.url ?? '';
  const scrapeIntervalMs = defaultScrapeIntervalMs(options.timeScale);
  const evaluator = new SloEvaluator({ set: options.slos, timeScale: options.timeScale, scrapeIntervalMs });
  const needed = new Set(evaluator.services());
  const scraper = new SliScraper({
    evaluator,
    clock: options.clock,
    intervalMs: scrapeIntervalMs,
    targets: () => services.filter((s) => needed.has(s.name)).map((s) => ({ service: s.name, url: `${s.url}/metrics` })),
  });
  if (processes?.kind === 'docker') options.onNotice?.(`process faults go through ${processes.where}`);
  const feed = await followRemoteAlerts(supervisorUrl, options.clock);
  if (feed && !listed) options.onNotice?.(`Alertmanager's alerts come from the harness at ${supervisorUrl}`);
  scraper.start();
  return {
    mode: 'external',
    ...(options.prometheusUrl ? { prometheusUrl: options.prometheusUrl } : {}),
    apis: httpControlApis({ toxiproxyUrl, ...(processes ? { processes } : {}), serviceUrl: (name) => urls.get(name) }),
    gatewayUrl: gateway,
    ...(listed || feed ? { harnessUrl: supervisorUrl } : {}),
    evaluator,
    ...(feed ? { alerts: feed.alerts } : {}),
    close: async () => {
      await feed?.stop();
      await scraper.stop();
    },
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}
