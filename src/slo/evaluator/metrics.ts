import { Counter, Gauge, type Registry } from 'prom-client';
import { SloLabels as SL, SloMetricNames as N } from '../../core/conventions.js';
import { promDuration } from '../windows.js';
import type { SloEvaluator, SloStatus } from './evaluator.js';
import type { ScrapeCounts } from './scraper.js';

/**
 * The evaluator's numbers as `faultline_slo_*` series on the harness's /metrics. Gauges are
 * recomputed from the evaluator at scrape time (nothing is stored twice), with Sloth's SLO labels.
 * A window without traffic has no sample (never NaN), and neither has a custom SLI, which only
 * Prometheus evaluates.
 */
export function registerSloMetrics(registry: Registry, evaluator: SloEvaluator, options: { now: () => number; scrapes?: () => ScrapeCounts }): void {
  const identity = (status: SloStatus) => ({ [SL.id]: status.id, [SL.service]: status.service, [SL.slo]: status.name });
  // Every gauge of one /metrics scrape reads the same instant, so the same evaluation (the evaluator
  // memoises it per time and scrape). The clock would move between the collectors, which the
  // registry runs one after another with only microtasks between them: read it once, and forget it
  // on the next macrotask.
  let scrapeAtMs: number | undefined;
  const evaluate = (): SloStatus[] => {
    if (scrapeAtMs === undefined) {
      scrapeAtMs = options.now();
      setImmediate(() => {
        scrapeAtMs = undefined;
      });
    }
    return evaluator.status(scrapeAtMs);
  };

  const gauge = (name: string, help: string, labelNames: string[], fill: (gauge: Gauge, status: SloStatus) => void) =>
    new Gauge({
      name,
      help,
      labelNames: [SL.id, SL.service, SL.slo, ...labelNames],
      registers: [registry],
      collect() {
        this.reset();
        for (const status of evaluate()) fill(this, status);
      },
    });

  const perWindow = (name: string, help: string, value: (w: NonNullable<SloStatus['budget']>['windows'][number]) => number | undefined) =>
    gauge(name, help, [SL.window], (g, status) => {
      const budget = status.budget;
      if (!budget) return;
      for (const window of [...budget.windows, budget.period]) {
        const v = value(window);
        if (v !== undefined) g.set({ ...identity(status), [SL.window]: promDuration(window.windowMs) }, v);
      }
    });

  perWindow(N.sliErrorRatio, 'Error ratio of the SLI over each alert window and the (compressed) period, from the embedded evaluator.', (w) => w.ratio);
  perWindow(N.burnRate, 'Burn rate (error ratio divided by the error budget) over each window.', (w) => w.burnRate);
  perWindow(N.windowEvents, 'Events the SLI counted over each window.', (w) => w.total);
  gauge(N.objective, 'The SLO objective as a ratio (99.9 % = 0.999).', [], (g, status) => g.set(identity(status), status.objective / 100));
  gauge(N.budgetRemaining, "Share of the period's error budget left (negative once overspent).", [], (g, status) => {
    if (status.budget) g.set(identity(status), status.budget.remaining);
  });
  gauge(N.budgetConsumed, "Share of the period's error budget spent.", [], (g, status) => {
    if (status.budget) g.set(identity(status), status.budget.consumed);
  });
  gauge(N.alertFiring, '1 while the multi-window multi-burn-rate alert of the severity would fire.', [SL.severity], (g, status) => {
    if (!status.budget) return;
    for (const severity of ['page', 'ticket'] as const) g.set({ ...identity(status), [SL.severity]: severity }, status.budget.firing[severity] ? 1 : 0);
  });

  const scrapes = options.scrapes;
  if (scrapes) {
    new Counter({
      name: N.scrapes,
      help: "Scrapes of the services' /metrics by the embedded evaluator, by outcome.",
      labelNames: ['outcome'],
      registers: [registry],
      collect() {
        this.reset();
        const counts = scrapes();
        this.inc({ outcome: 'ok' }, counts.ok);
        this.inc({ outcome: 'error' }, counts.error);
      },
    });
  }
}
