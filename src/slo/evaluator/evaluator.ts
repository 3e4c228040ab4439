import type { MetricSample } from '../../core/prometheus-text.js';
import type { Slo, SloSet } from '../model.js';
import { errorBudgetRatio } from '../rules.js';
import { pairTraffic } from '../traffic.js';
import { planSlice, planWindows, type WindowPlan } from '../windows.js';
import { attributeBudget, type Attribution, type Interval } from './attribution.js';
import { evaluateBudget, type BudgetReport, type SliceBudgeting } from './budget.js';
import { seriesValues, sliCounts, sliSelection, type SliSelection } from './counts.js';
import { SliHistory, type WindowRatio } from './history.js';
import { SeriesHistory } from './series-window.js';

/**
 * The embedded SLI evaluator: Prometheus' job for the one-command mode. It keeps a history of
 * every SLO's counts, fed one scrape of one service at a time, and answers with the same numbers
 * the compiled rules give (same windows, same compression, same budget maths). No I/O and no clock:
 * the scraper (scraper.ts) feeds it, the harness's /metrics and the runner read it.
 *
 * Several readers ask for the same moment (each runner second: the snapshot, the progress line and
 * the checks), so an SLO's status is kept until the time asked or its data changes; the statuses
 * handed out are shared between those readers and must not be modified.
 */

export interface EvaluatorOptions {
  set: SloSet;
  /** Overrides the set's timeScale, as `faultline slo compile --time-scale` does. */
  timeScale?: number;
  /** How often the services are scraped (default: 1 s compressed, 30 s in real time, as the rules). */
  scrapeIntervalMs?: number;
}

/** What the evaluator knows of one SLO at one moment; shared by every reader of that moment, so read-only. */
export interface SloStatus {
  id: string;
  service: string;
  name: string;
  objective: number;
  plan: WindowPlan;
  /** False for a custom PromQL SLI, which only Prometheus can evaluate. */
  evaluable: boolean;
  reason?: string;
  budget?: BudgetReport;
  /**
   * Set when one failed event alone would fire a page at the traffic the windows saw (the Workbook's
   * low-traffic problem, reference §1.4): the fastest such page pair's long window (which decides,
   * since a pair fires only when both windows burn above its factor), its events, the burn rate one
   * failure causes there, 1 ÷ (events × budget), and the pair's factor, which that burn exceeds.
   */
  lowTraffic?: { windowMs: number; events: number; oneFailureBurn: number; factor: number };
}

interface Tracked {
  slo: Slo;
  plan: WindowPlan;
  /** Summed counts over the whole period: the period's budget, timeslices and attribution. */
  history: SliHistory;
  /** Series by series over the alert windows, so each window is what rate() says (series-window.ts). */
  series?: { selection: SliSelection; total: SeriesHistory; errorTerms: Array<{ sign: 1 | -1; keep: SliSelection['total']; history: SeriesHistory }> };
  timeslices?: SliceBudgeting;
  /** Bumped by every scrape this SLO records: a status computed at the same time and revision is still right. */
  revision: number;
  memo?: { nowMs: number; revision: number; status: SloStatus };
}

export class SloEvaluator {
  readonly #tracked: Tracked[];

  constructor(options: EvaluatorOptions) {
    const timeScale = options.timeScale ?? options.set.timeScale;
    this.#tracked = options.set.slos.map((slo) => {
      const plan = planWindows(slo.periodMs, { timeScale, ...(options.scrapeIntervalMs !== undefined ? { scrapeIntervalMs: options.scrapeIntervalMs } : {}) });
      const timeslices = slo.budgeting.method === 'timeslices' ? { sliceMs: planSlice(slo.budgeting.sliceMs, plan).sliceMs, sliceObjective: slo.budgeting.sliceObjective } : undefined;
      // Keep one scrape interval beyond the period (and the longest window), so a full-length window still has its left edge.
      const history = new SliHistory({ retentionMs: plan.periodMs + plan.scrapeIntervalMs });
      const selection = sliSelection(slo);
      const windowRetentionMs = Math.max(...plan.pairs.map((pair) => pair.longMs)) + 2 * plan.scrapeIntervalMs;
      const series = selection
        ? { selection, total: new SeriesHistory(windowRetentionMs), errorTerms: selection.errorTerms.map((term) => ({ ...term, history: new SeriesHistory(windowRetentionMs) })) }
        : undefined;
      return { slo, plan, history, ...(series ? { series } : {}), ...(timeslices ? { timeslices } : {}), revision: 0 };
    });
  }

  /** The SLOs evaluated, in file order. */
  slos(): readonly Slo[] {
    return this.#tracked.map((t) => t.slo);
  }

  /** The services whose /metrics the evaluator needs. */
  services(): string[] {
    return [...new Set(this.#tracked.filter((t) => t.slo.sli.kind !== 'custom').map((t) => t.slo.service))];
  }

  /**
   * One scrape of one service's /metrics, taken at `atMs`. Only that service's SLOs record it, so a
   * service that could not be scraped leaves a gap (interpolated over) instead of counts of zero,
   * which would read as a restart.
   */
  ingest(service: string, atMs: number, samples: readonly MetricSample[]): void {
    for (const tracked of this.#tracked) {
      if (tracked.slo.service !== service) continue;
      tracked.revision += 1;
      const counts = sliCounts(tracked.slo, samples);
      if (counts.evaluable) tracked.history.record(atMs, counts.counts);
      const { series } = tracked;
      if (!series) continue;
      series.total.record(atMs, seriesValues(samples, series.selection.total));
      for (const term of series.errorTerms) term.history.record(atMs, seriesValues(samples, term.keep));
    }
  }

  /** Every SLO's status at `nowMs`, in file order (computed once per time and scrape, then shared). */
  status(nowMs: number): SloStatus[] {
    return this.#tracked.map((tracked) => this.#memoised(tracked, nowMs));
  }

  statusOf(id: string, nowMs: number): SloStatus {
    return this.#memoised(this.#find(id), nowMs);
  }

  /** How much of the period's budget burned inside each interval (the runner's fault windows) and outside them all. */
  attribute(id: string, intervals: readonly Interval[], nowMs: number): Attribution {
    const tracked = this.#find(id);
    return attributeBudget(tracked.history, tracked.slo.objective, tracked.plan.periodMs, nowMs, intervals);
  }

  #memoised(tracked: Tracked, nowMs: number): SloStatus {
    const { memo, revision } = tracked;
    if (memo && memo.nowMs === nowMs && memo.revision === revision) return memo.status;
    const status = this.#statusOf(tracked, nowMs);
    tracked.memo = { nowMs, revision, status };
    return status;
  }

  #statusOf(tracked: Tracked, nowMs: number): SloStatus {
    const { slo, plan } = tracked;
    const base = { id: slo.id, service: slo.service, name: slo.name, objective: slo.objective, plan };
    if (slo.sli.kind === 'custom') return { ...base, evaluable: false, reason: `${slo.id} has a custom PromQL SLI, which only Prometheus can evaluate` };
    const budget = evaluateBudget(tracked.history, slo.objective, plan, nowMs, tracked.timeslices, (windowMs, at) => readWindow(tracked, windowMs, at));
    const lowTraffic = lowTrafficOf(budget, slo.objective);
    return { ...base, evaluable: true, budget, ...(lowTraffic ? { lowTraffic } : {}) };
  }

  #find(id: string): Tracked {
    const tracked = this.#tracked.find((t) => t.slo.id === id);
    if (!tracked) throw new RangeError(`unknown SLO "${id}"; known: ${this.#tracked.map((t) => t.slo.id).join(', ')}`);
    return tracked;
  }
}

/** An alert window as the rules compute it: Σ rate() of the error series over Σ rate() of all, series by series. */
function readWindow(tracked: Tracked, windowMs: number, nowMs: number): WindowRatio {
  const coveredMs = tracked.history.coveredMs(windowMs, nowMs);
  const { series } = tracked;
  if (!series) return { windowMs, coveredMs, errors: 0, total: 0, ratio: undefined };
  const total = series.total.increase(windowMs, nowMs);
  const errors = Math.max(0, series.errorTerms.reduce((sum, term) => sum + term.sign * term.history.increase(windowMs, nowMs), 0));
  return { windowMs, coveredMs, errors, total, ratio: total > 0 ? errors / total : undefined };
}

/**
 * One failure among N events burns 1 / (N × budget). A pair fires only when both its windows burn
 * above its factor, so one failure pages when that burn exceeds the factor in the long window (which
 * holds more events than the short one): traffic.ts's arithmetic, fed the events the windows saw.
 * Reports the first such page pair, fastest first, passing over a pair whose long window saw no
 * traffic (that is no traffic, not low traffic).
 */
function lowTrafficOf(budget: BudgetReport, objective: number): SloStatus['lowTraffic'] {
  const ratio = errorBudgetRatio(objective);
  for (const alert of budget.alerts) {
    if (alert.severity !== 'page' || alert.long.total <= 0) continue;
    const traffic = pairTraffic(alert.factor, ratio, { short: alert.short.total, long: alert.long.total });
    if (traffic.failuresToFire === 1) return { windowMs: alert.long.windowMs, events: alert.long.total, oneFailureBurn: traffic.oneFailureBurn.long, factor: alert.factor };
  }
  return undefined;
}
