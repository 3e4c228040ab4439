import Fastify from 'fastify';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { systemClock, type Clock } from '../core/clock.js';
import { FaultlineError } from '../core/errors.js';
import { SloEvaluator } from '../slo/evaluator/evaluator.js';
import { registerSloMetrics } from '../slo/evaluator/metrics.js';
import { SliScraper } from '../slo/evaluator/scraper.js';
import type { SloSet } from '../slo/model.js';
import { defaultScrapeIntervalMs } from '../slo/windows.js';
import { serviceReach, type ContainerNetwork } from '../topology/container-network.js';
import { joinAddress, splitAddress } from '../topology/host-port.js';
import type { Topology } from '../topology/model.js';
import { AlertLog } from './alert-log.js';
import { registerHarnessRoutes } from './harness-api.js';
import { registerProxyStateMetrics } from './proxy-state-metrics.js';

/**
 * The harness without a system: for a stack someone else runs (the compose file's `harness`
 * service), the same judge `faultline up` embeds — the SLI evaluator scraping every service, its
 * faultline_slo_* series, live budgets on /slo, Alertmanager's webhook and the alert timeline on
 * /alerts — plus the proxies' fault state read from the Toxiproxy API. It supervises nothing, so
 * it has no /services: a runner that finds it knows process faults must go elsewhere (Docker).
 */

export interface StackHarnessOptions {
  topology: Topology;
  slos: SloSet;
  /** Overrides the SLO file's timeScale. */
  timeScale?: number;
  /** host:port the harness API binds (the topology's supervisor admin address by default). */
  listen?: string;
  /** The Toxiproxy API whose proxies are mirrored as gauges. */
  toxiproxyUrl: string;
  /** Reach the services by compose service name (the harness runs on the stack's network). */
  network?: ContainerNetwork;
  clock?: Clock;
}

export interface RunningStackHarness {
  /** Base URL of the harness API. */
  url: string;
  evaluator: SloEvaluator;
  scraper: SliScraper;
  alerts: AlertLog;
  timeScale: number;
  close(): Promise<void>;
}

export async function startStackHarness(options: StackHarnessOptions): Promise<RunningStackHarness> {
  const clock = options.clock ?? systemClock;
  const timeScale = options.timeScale ?? options.slos.timeScale;
  const scrapeIntervalMs = defaultScrapeIntervalMs(timeScale);
  const evaluator = new SloEvaluator({ set: options.slos, timeScale, scrapeIntervalMs });
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const alerts = new AlertLog(clock);
  const needed = new Set(evaluator.services());
  const targets = options.topology.services.filter((s) => needed.has(s.name)).map((s) => ({ service: s.name as string, url: `http://${serviceReach(s, options.network)}/metrics` }));
  const scraper = new SliScraper({ evaluator, intervalMs: scrapeIntervalMs, clock, targets: () => targets });
  registerSloMetrics(registry, evaluator, { now: () => clock.now(), scrapes: () => scraper.counts });
  registerProxyStateMetrics(registry, options.toxiproxyUrl.replace(/\/$/, ''));

  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.get('/healthz', async () => ({ status: 'ok' }));
  registerHarnessRoutes(app, { registry, evaluator, alerts, now: () => clock.now() });
  const listen = options.listen ?? options.topology.supervisorAdmin;
  const bind = splitAddress(listen);
  try {
    await app.listen({ host: bind.host, port: bind.port });
  } catch (error) {
    await app.close();
    throw new FaultlineError('FAULTLINE_HARNESS_LISTEN', `the harness cannot listen on ${listen}: ${(error as Error).message}`);
  }
  scraper.start();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : bind.port;
  // Bound to every interface: this machine reaches it on loopback.
  const host = bind.host === '0.0.0.0' ? '127.0.0.1' : bind.host === '::' ? '::1' : bind.host;
  return {
    url: `http://${joinAddress(host, port)}`,
    evaluator,
    scraper,
    alerts,
    timeScale,
    close: async () => {
      await scraper.stop();
      await app.close();
    },
  };
}
