import { systemClock } from '../core/clock.js';
import { prometheusAvailable } from '../prometheus/binaries.js';
import type { RunningPrometheusStack, StackProcess } from '../prometheus/stack.js';
import type { SloEvaluator } from '../slo/evaluator/evaluator.js';
import type { SliScraper } from '../slo/evaluator/scraper.js';
import type { SloSet } from '../slo/model.js';
import { startSystem, type Endpoints, type RunningSystem, type SystemOptions } from '../topology/system.js';
import type { AlertLog } from './alert-log.js';
import { createJudge } from './judge.js';
import { startSystemPrometheus } from './prometheus.js';

/**
 * The harness: the system under test (startSystem) plus what judges it — the embedded SLI
 * evaluator scraping every service, its faultline_slo_* series and the live budgets on the harness
 * API. `faultline up`, `faultline start` and the experiment runner all start it through here.
 */

export interface HarnessOptions extends Omit<SystemOptions, 'extendApi'> {
  slos: SloSet;
  /** Overrides the SLO file's timeScale. */
  timeScale?: number;
  /** Evaluator scrape interval (default: 1 s when compressed, 30 s in real time, as the compiled rules assume). */
  scrapeIntervalMs?: number;
  /**
   * Run a real Prometheus and Alertmanager beside the system (`on`), only when they are installed
   * (`auto`), or not (`off`, the default).
   */
  prometheus?: 'on' | 'auto' | 'off';
  onPrometheusLog?(source: StackProcess, line: string, stream: 'stdout' | 'stderr'): void;
}

export interface HarnessEndpoints extends Endpoints {
  /** The harness's /metrics (faultline_slo_*), for Prometheus. */
  harnessMetrics: string;
  /** Live budgets as JSON. */
  slo: string;
  /** With Prometheus: its UI and API, and Alertmanager's. */
  prometheus?: string;
  alertmanager?: string;
}

export interface RunningHarness {
  system: RunningSystem;
  evaluator: SloEvaluator;
  scraper: SliScraper;
  /** Alerts Alertmanager delivered to the harness's webhook (with `--prometheus`). */
  alerts: AlertLog;
  prometheus?: RunningPrometheusStack;
  endpoints: HarnessEndpoints;
  timeScale: number;
  scrapeIntervalMs: number;
  close(): Promise<void>;
}

/** The set as the evaluator runs it: Prometheus must compile it at the same time scale. */
function evaluatorSet(set: SloSet, timeScale: number): SloSet {
  return { ...set, timeScale };
}

export async function startHarness(options: HarnessOptions): Promise<RunningHarness> {
  const clock = options.clock ?? systemClock;
  // Targets are read at scrape time, once the system below is up.
  const judge = createJudge({
    slos: options.slos,
    ...(options.timeScale !== undefined ? { timeScale: options.timeScale } : {}),
    ...(options.scrapeIntervalMs !== undefined ? { scrapeIntervalMs: options.scrapeIntervalMs } : {}),
    clock,
    targets: () => system.supervisor.list().map((s) => ({ service: s.name, url: `${s.url}/metrics` })),
  });
  const { evaluator, scraper, alerts, timeScale, scrapeIntervalMs } = judge;
  const system = await startSystem({ ...options, clock, extendApi: (app) => judge.registerRoutes(app) });
  scraper.start();
  let prometheus: RunningPrometheusStack | undefined;
  const close = async () => {
    await prometheus?.close();
    await scraper.stop();
    await system.close();
  };
  const wanted = options.prometheus ?? 'off';
  if (wanted === 'on' || (wanted === 'auto' && prometheusAvailable())) {
    try {
      prometheus = await startSystemPrometheus({ system, slos: evaluatorSet(options.slos, timeScale), timeScale, intervalMs: scrapeIntervalMs, clock, ...(options.onPrometheusLog ? { onLog: options.onPrometheusLog } : {}) });
    } catch (error) {
      await close();
      throw error;
    }
  }
  return {
    system,
    evaluator,
    scraper,
    alerts,
    ...(prometheus ? { prometheus } : {}),
    timeScale,
    scrapeIntervalMs,
    endpoints: {
      ...system.endpoints,
      harnessMetrics: `${system.endpoints.supervisorApi}/metrics`,
      slo: `${system.endpoints.supervisorApi}/slo`,
      ...(prometheus ? { prometheus: prometheus.prometheusUrl, alertmanager: prometheus.alertmanagerUrl } : {}),
    },
    close,
  };
}
