import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Clock } from '../core/clock.js';
import { SloEvaluator } from '../slo/evaluator/evaluator.js';
import { registerSloMetrics } from '../slo/evaluator/metrics.js';
import { SliScraper, type ScrapeTarget } from '../slo/evaluator/scraper.js';
import type { SloSet } from '../slo/model.js';
import { defaultScrapeIntervalMs } from '../slo/windows.js';
import { AlertLog } from './alert-log.js';
import { registerHarnessRoutes } from './harness-api.js';

/**
 * What judges a system, wherever it runs: the SLI evaluator and its scrape loop, the registry its
 * faultline_slo_* series live in, and the alert log Alertmanager's webhook fills. `faultline up`
 * (startHarness) and `faultline harness` (startStackHarness) both build theirs here and differ only
 * in where the services are and what else they serve.
 */
export interface Judge {
  evaluator: SloEvaluator;
  scraper: SliScraper;
  registry: Registry;
  alerts: AlertLog;
  timeScale: number;
  scrapeIntervalMs: number;
  /** The harness routes (/metrics, /slo, /alerts, the webhook) on an API server. */
  registerRoutes(app: FastifyInstance): void;
}

export interface JudgeOptions {
  slos: SloSet;
  /** Overrides the SLO file's timeScale. */
  timeScale?: number;
  /** Default: 1 s when compressed, 30 s in real time, as the compiled rules assume. */
  scrapeIntervalMs?: number;
  clock: Clock;
  /** Every service's /metrics, read at each scrape (services may move); only those the SLOs need are scraped. */
  targets(): readonly ScrapeTarget[];
}

/** Build the judge; its scraper is started by the caller once the services can answer. */
export function createJudge(options: JudgeOptions): Judge {
  const { clock } = options;
  const timeScale = options.timeScale ?? options.slos.timeScale;
  const scrapeIntervalMs = options.scrapeIntervalMs ?? defaultScrapeIntervalMs(timeScale);
  const evaluator = new SloEvaluator({ set: options.slos, timeScale, scrapeIntervalMs });
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const alerts = new AlertLog(clock);
  const needed = new Set(evaluator.services());
  const scraper = new SliScraper({ evaluator, intervalMs: scrapeIntervalMs, clock, targets: () => options.targets().filter((t) => needed.has(t.service)) });
  registerSloMetrics(registry, evaluator, { now: () => clock.now(), scrapes: () => scraper.counts });
  return {
    evaluator,
    scraper,
    registry,
    alerts,
    timeScale,
    scrapeIntervalMs,
    registerRoutes: (app) => registerHarnessRoutes(app, { registry, evaluator, alerts, now: () => clock.now() }),
  };
}
