import Fastify from 'fastify';
import { systemClock, type Clock } from '../core/clock.js';
import { FaultlineError } from '../core/errors.js';
import type { SloEvaluator } from '../slo/evaluator/evaluator.js';
import type { SliScraper } from '../slo/evaluator/scraper.js';
import type { SloSet } from '../slo/model.js';
import { serviceReach, type ContainerNetwork } from '../topology/container-network.js';
import { joinAddress, splitAddress } from '../topology/host-port.js';
import type { Topology } from '../topology/model.js';
import type { AlertLog } from './alert-log.js';
import { createJudge } from './judge.js';
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
  const targets = options.topology.services.map((s) => ({ service: s.name as string, url: `http://${serviceReach(s, options.network)}/metrics` }));
  const judge = createJudge({ slos: options.slos, ...(options.timeScale !== undefined ? { timeScale: options.timeScale } : {}), clock: options.clock ?? systemClock, targets: () => targets });
  const { evaluator, scraper, alerts, timeScale } = judge;
  registerProxyStateMetrics(judge.registry, options.toxiproxyUrl.replace(/\/$/, ''));

  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.get('/healthz', async () => ({ status: 'ok' }));
  judge.registerRoutes(app);
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
