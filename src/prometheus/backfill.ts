import { HttpMetricLabels as L, HttpMetricNames as M, LATENCY_BUCKETS_SECONDS, type ClientOutcome } from '../core/conventions.js';
import type { Slo, SloSet } from '../slo/model.js';
import type { SloWarning } from '../slo/rules.js';
import { alertWindowsMs, defaultScrapeIntervalMs, MIN_SCRAPES_PER_WINDOW, planWindows } from '../slo/windows.js';
import type { ScrapeIdentity } from './prometheus-config.js';

/**
 * A healthy history for a Prometheus that starts empty. Without it a 72-minute (3d ÷ 60) window
 * holds only the minutes since start, so a handful of early errors reads as a whole window's burn
 * and tickets fire at once (reference §6.3 item 2: +1 min instead of never). The history is written
 * as OpenMetrics for `promtool tsdb create-blocks-from openmetrics` and holds exactly the series the
 * SLI queries of src/slo/sli-queries.ts select, labelled as the first scrape will label them, so a
 * service's live counters continue the same series (Prometheus reads the drop to a fresh process'
 * small count as the counter reset it is). Pure: times come in, text comes out.
 */

export const DEFAULT_BASELINE_REQUESTS_PER_SECOND = 5;

export interface BackfillOptions {
  slos: SloSet;
  /** The K the rules were compiled with (default: the file's `timeScale`, as the compiler does). */
  timeScale?: number;
  /** The interval the rules were compiled for (default: the compiler's, 1 s compressed, 30 s otherwise). */
  scrapeIntervalMs?: number;
  /** The `job` and `instance` Prometheus will give each service's series (see scrapeIdentities()). */
  targets: Readonly<Record<string, ScrapeIdentity>>;
  /** Requests per second an SLO sees when healthy; default its declared `expectedRate`, else 5. */
  requestsPerSecond?: (slo: Slo) => number;
  /** Last sample time, epoch milliseconds (the moment before Prometheus starts). */
  endMs: number;
  /** First sample time; default `endMs − backfillSpanMs()`. */
  startMs?: number;
  /** Time between samples; default the scrape interval, so rate() sees what it will see live. */
  stepMs?: number;
}

export interface Backfill {
  /** OpenMetrics text, ending in `# EOF`. */
  text: string;
  /** Times of the first and last sample (aligned to the step), epoch milliseconds. */
  firstMs: number;
  lastMs: number;
  stepMs: number;
  series: number;
  samples: number;
  /** SLOs left out (custom PromQL, a service nobody scrapes), in words a trainee can act on. */
  warnings: SloWarning[];
}

/** One counter of the baseline: its full name, its labels, and how fast it grows. */
export interface BaselineSeries {
  name: string;
  labels: Readonly<Record<string, string>>;
  perSecond: number;
}

/** Every baseline request answers within the smallest bucket, so it is fast for every threshold. */
const BASELINE_LATENCY_SECONDS = LATENCY_BUCKETS_SECONDS[0];
/** A status the availability SLI counts as good, and one it counts as bad (SERVER_ERROR_STATUS_PATTERN). */
const GOOD_STATUS = '200';
const BAD_STATUS = '500';
const GOOD_OUTCOME: ClientOutcome = 'success';
const BAD_OUTCOME: ClientOutcome = 'error';
/** Request filters without a method or route select every request; the baseline needs some value. */
const ANY_METHOD = 'GET';
const ANY_ROUTE = '/';

/**
 * How far back the baseline reaches: the longest alert window of any SLO it covers (the ticket's
 * 3d ÷ K), plus a tenth (at least four scrapes) so the window is still full while Prometheus starts.
 * Longer is waste: the period window (30d ÷ K) is a ratio and needs no full history.
 */
export function backfillSpanMs(set: SloSet, options: { timeScale?: number; scrapeIntervalMs?: number } = {}): number {
  const timeScale = options.timeScale ?? set.timeScale;
  const scrapeIntervalMs = options.scrapeIntervalMs ?? defaultScrapeIntervalMs(timeScale);
  const longest = Math.max(0, ...set.slos.filter((slo) => slo.sli.kind !== 'custom').map((slo) => Math.max(...alertWindowsMs(planWindows(slo.periodMs, { timeScale, scrapeIntervalMs })))));
  if (longest === 0) return 0;
  return longest + Math.max(Math.ceil(longest / 10), MIN_SCRAPES_PER_WINDOW * scrapeIntervalMs);
}

export function buildBackfill(options: BackfillOptions): Backfill {
  const timeScale = options.timeScale ?? options.slos.timeScale;
  const scrapeIntervalMs = options.scrapeIntervalMs ?? defaultScrapeIntervalMs(timeScale);
  const stepMs = options.stepMs ?? scrapeIntervalMs;
  if (!Number.isFinite(stepMs) || stepMs <= 0) throw new RangeError(`backfill step must be positive, not ${stepMs} ms`);
  const startMs = options.startMs ?? options.endMs - backfillSpanMs(options.slos, { timeScale, scrapeIntervalMs });
  // Aligned to the step, so whole-second steps give whole-second timestamps (exact in OpenMetrics' float seconds).
  const firstMs = Math.ceil(startMs / stepMs) * stepMs;
  const lastMs = Math.floor(options.endMs / stepMs) * stepMs;
  const { series, warnings } = baselineSeries(options.slos, options.targets, options.requestsPerSecond ?? defaultRate);
  const steps = lastMs >= firstMs ? Math.floor((lastMs - firstMs) / stepMs) + 1 : 0;
  const live = steps > 0 ? series : [];
  return { text: renderOpenMetrics(live, firstMs, stepMs, steps), firstMs, lastMs, stepMs, series: live.length, samples: live.length * steps, warnings };
}

function defaultRate(slo: Slo): number {
  return slo.expectedRate ?? DEFAULT_BASELINE_REQUESTS_PER_SECOND;
}

interface ServerStream {
  service: string;
  method: string;
  route: string;
  perSecond: number;
  thresholds: Set<number>;
  /** An availability SLO reads it: also write a 5xx series that stays at 0, so its SLI is 0, not absent. */
  withErrors: boolean;
}

interface ClientStream {
  service: string;
  peer: string;
  perSecond: number;
}

/**
 * The counters the SLOs read, as a healthy service would export them. Requests two SLOs share (the
 * availability and latency SLOs of one journey) are one stream at the higher of the two rates, so a
 * latency SLO's bucket can never fall behind the count it is divided by.
 */
export function baselineSeries(set: SloSet, targets: Readonly<Record<string, ScrapeIdentity>>, rateOf: (slo: Slo) => number): { series: BaselineSeries[]; warnings: SloWarning[] } {
  const warnings: SloWarning[] = [];
  const servers = new Map<string, ServerStream>();
  const clients = new Map<string, ClientStream>();
  for (const slo of set.slos) {
    const { sli } = slo;
    if (sli.kind === 'custom') {
      warnings.push({ slo: slo.id, message: 'custom PromQL SLIs cannot be backfilled (Faultline cannot tell which series they read): its long windows start empty, so its ticket may fire early' });
      continue;
    }
    if (!targets[slo.service]) {
      warnings.push({ slo: slo.id, message: `no scrape job for service ${slo.service}: its SLI has no baseline, so its long windows start empty` });
      continue;
    }
    const rate = rateOf(slo);
    if (!Number.isFinite(rate) || rate <= 0) throw new RangeError(`${slo.id}: a baseline request rate must be positive, not ${rate}`);
    if (sli.kind === 'clientAvailability') {
      const key = `${slo.service}\0${sli.peer}`;
      const stream = clients.get(key) ?? { service: slo.service, peer: sli.peer, perSecond: 0 };
      stream.perSecond = Math.max(stream.perSecond, rate);
      clients.set(key, stream);
      continue;
    }
    // The SLO's rate spread over its routes: the SLI sums them, so the SLO sees `rate` in all.
    const routes = sli.filter.routes.length > 0 ? sli.filter.routes : [ANY_ROUTE];
    for (const route of routes) {
      const method = sli.filter.method ?? ANY_METHOD;
      const key = `${slo.service}\0${method}\0${route}`;
      const stream = servers.get(key) ?? { service: slo.service, method, route, perSecond: 0, thresholds: new Set<number>(), withErrors: false };
      stream.perSecond = Math.max(stream.perSecond, rate / routes.length);
      if (sli.kind === 'latency') stream.thresholds.add(sli.thresholdSeconds);
      else stream.withErrors = true;
      servers.set(key, stream);
    }
  }

  const series: BaselineSeries[] = [];
  for (const stream of sortedValues(servers)) {
    const target = targets[stream.service] as ScrapeIdentity;
    const statuses = stream.withErrors ? [GOOD_STATUS, BAD_STATUS] : [GOOD_STATUS];
    for (const status of statuses) {
      const labels = { instance: target.instance, job: target.job, [L.method]: stream.method, [L.route]: stream.route, [L.service]: stream.service, [L.statusCode]: status };
      series.push(...histogram(M.serverDuration, labels, status === GOOD_STATUS ? stream.perSecond : 0, [...stream.thresholds]));
    }
  }
  for (const stream of sortedValues(clients)) {
    const target = targets[stream.service] as ScrapeIdentity;
    for (const outcome of [GOOD_OUTCOME, BAD_OUTCOME]) {
      const labels = { instance: target.instance, job: target.job, [L.outcome]: outcome, [L.peer]: stream.peer, [L.service]: stream.service };
      series.push(...histogram(M.clientDuration, labels, outcome === GOOD_OUTCOME ? stream.perSecond : 0, []));
    }
  }
  return { series, warnings };
}

/**
 * One label set of a classic histogram, as prom-client exports it: buckets (every request in the
 * first, so each threshold bucket equals the count and `histogram_quantile` stays in the first
 * bucket instead of interpolating up to a threshold), `+Inf`, `_sum` and `_count`. Only the buckets
 * the SLIs read are written: a bucket between two written ones would hold the same count anyway.
 */
function histogram(family: string, labels: Record<string, string>, perSecond: number, thresholds: readonly number[]): BaselineSeries[] {
  const bounds = [...new Set([BASELINE_LATENCY_SECONDS, ...thresholds])].sort((a, b) => a - b);
  return [
    // prom-client writes `le` with JavaScript's number formatting (0.3, 1), which the rules match.
    ...bounds.map((bound) => ({ name: `${family}_bucket`, labels: { ...labels, le: String(bound) }, perSecond })),
    { name: `${family}_bucket`, labels: { ...labels, le: '+Inf' }, perSecond },
    { name: `${family}_sum`, labels, perSecond: perSecond * BASELINE_LATENCY_SECONDS },
    { name: `${family}_count`, labels, perSecond },
  ];
}

/**
 * OpenMetrics text promtool 2.42 accepts: one `histogram` family per metric, each series' samples
 * in time order with timestamps in seconds, counters starting at 0 on the first sample, `# EOF` last.
 */
export function renderOpenMetrics(series: readonly BaselineSeries[], firstMs: number, stepMs: number, steps: number): string {
  const out: string[] = [];
  let family: string | undefined;
  for (const one of series) {
    const name = familyOf(one.name);
    if (name !== family) {
      family = name;
      out.push(`# HELP ${name} Healthy baseline written by Faultline before Prometheus started.`, `# TYPE ${name} histogram`);
    }
    const prefix = `${one.name}{${Object.keys(one.labels)
      .sort()
      .map((key) => `${key}="${escapeLabel(one.labels[key] as string)}"`)
      .join(',')}} `;
    const perStep = (one.perSecond * stepMs) / 1000;
    for (let i = 0; i < steps; i++) out.push(`${prefix}${formatNumber(i * perStep)} ${formatNumber((firstMs + i * stepMs) / 1000)}`);
  }
  out.push('# EOF');
  return `${out.join('\n')}\n`;
}

function familyOf(name: string): string {
  return name.replace(/_(bucket|sum|count)$/, '');
}

/** Fifteen significant digits: drops float noise (0.1 × 3 = 0.30000000000000004) and stays exact for counts. */
function formatNumber(value: number): string {
  // Most values are whole (whole-second timestamps, whole counts): skip the slow path for them.
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15)));
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function sortedValues<T>(map: Map<string, T>): T[] {
  return [...map.keys()].sort().map((key) => map.get(key) as T);
}
