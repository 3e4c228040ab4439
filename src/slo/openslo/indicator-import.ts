import type { RawSli } from '../spec.js';
import { Annotations } from './annotations.js';
import type { OpenSloIndex } from './documents.js';
import { ratioQueries } from './indicator-export.js';
import { counterSelector, countOverTimeSubquery, sumOverTimeSubquery, sumRate, sumRateSubquery } from './promql.js';
import { probeSlo, recogniseSli } from './recognise.js';
import type { At, Diagnostics } from './source.js';

/**
 * An OpenSLO indicator (SLI spec) → a Faultline SLI. Faultline's own queries come back as their
 * native kind; other Prometheus queries become a `custom` SLI (an error query and a total query with
 * `{{.window}}`, Sloth's events SLI), built so that it measures what the OpenSLO says, and a warning
 * says where the meaning shifts (docs/OPENSLO.md, "Import").
 */

export interface IndicatorContext {
  service: string;
  /** The SLO's metadata.annotations. */
  annotations: At;
  /** The SLO's objective (op and value belong to a thresholdMetric). */
  objective: At;
  index: OpenSloIndex;
  diag: Diagnostics;
}

/** What a `bad` comparison is for each objective operator: `lte 0.3` is good at or below 0.3, so bad is `> 0.3`. */
const BREACH = { lte: '>', lt: '>=', gte: '<', gt: '<=' } as const;

export function importIndicator(spec: At, ctx: IndicatorContext): RawSli | undefined {
  const ratio = spec.get('ratioMetric');
  const threshold = spec.get('thresholdMetric');
  if (ratio.present === threshold.present) {
    ctx.diag.invalid(spec, 'an SLI has exactly one of ratioMetric and thresholdMetric');
    return undefined;
  }
  if (threshold.present) return thresholdSli(threshold, ctx);
  for (const field of ['op', 'value']) {
    const at = ctx.objective.get(field);
    if (at.present) ctx.diag.warn(at, `${field} applies to a thresholdMetric only; a ratioMetric objective ignores it`);
  }
  if (!ctx.diag.record(ratio, true)) return undefined;
  return ratio.get('raw').present ? rawRatioSli(ratio, ctx) : eventRatioSli(ratio, ctx);
}

function eventRatioSli(ratio: At, ctx: IndicatorContext): RawSli | undefined {
  const { diag } = ctx;
  const good = ratio.get('good');
  const bad = ratio.get('bad');
  if (good.present === bad.present) {
    diag.invalid(ratio, 'a ratioMetric has exactly one of good and bad, with total (or raw with rawType)');
    return undefined;
  }
  const numerator = bad.present ? 'bad' : 'good';
  const numeratorQuery = query(bad.present ? bad : good, ctx);
  const totalQuery = query(ratio.get('total'), ctx);
  const counter = ratio.get('counter');
  if (typeof counter.value !== 'boolean') {
    if (counter.present) diag.invalid(counter, `must be true (the queries are monotonic counters) or false (gauges), not ${JSON.stringify(counter.value)}`);
    else diag.invalid(counter, 'missing required field "counter": true when the queries are monotonic counters (e.g. *_total, *_count), false for gauges');
    return undefined;
  }
  if (numeratorQuery === undefined || totalQuery === undefined) return undefined;

  const restored = fromAnnotations(ctx, { counter: counter.value, numerator, numeratorQuery, totalQuery });
  if (restored) return restored;
  if (counter.value) {
    const native = recogniseSli(ctx.service, { numerator, numeratorQuery, totalQuery });
    if (native) return native;
  }
  const convert = counter.value ? rateOfCounter : (q: string) => sumOverTimeSubquery(q);
  if (!counter.value) {
    diag.warn(ratio.get('counter'), 'counter: false: each query\'s values are summed over the window (one value per evaluation step), so the ratio weighs every step the same; exact when each value counts one step\'s events');
  }
  const total = convert(totalQuery);
  const errorQuery = numerator === 'bad' ? convert(numeratorQuery) : `${total} - ${convert(numeratorQuery)}`;
  return { custom: { errorQuery, totalQuery: total } };
}

/** A counter as a per-second rate: `sum(rate(SEL[{{.window}}]))` for a plain selector, a subquery for anything else. */
function rateOfCounter(query: string): string {
  const selector = counterSelector(query);
  return selector !== undefined ? sumRate(selector) : sumRateSubquery(query);
}

function rawRatioSli(ratio: At, ctx: IndicatorContext): RawSli | undefined {
  const { diag } = ctx;
  for (const field of ['good', 'bad', 'total']) {
    if (ratio.get(field).present) diag.invalid(ratio.get(field), `a ratioMetric with raw has no ${field}`);
  }
  const rawType = ratio.get('rawType');
  if (rawType.value !== 'success' && rawType.value !== 'failure') {
    diag.invalid(rawType, rawType.present ? `must be success or failure, not ${JSON.stringify(rawType.value)}` : 'missing required field "rawType" (success or failure) for a raw ratio');
    return undefined;
  }
  const raw = query(ratio.get('raw'), ctx);
  if (raw === undefined) return undefined;
  diag.warn(
    ratio.get('raw'),
    'a precomputed ratio has no events to count: the custom SLI averages its values over each window (every evaluation step weighs the same, as RatioTimeslices would), not a ratio of events',
  );
  const error = rawType.value === 'success' ? `1 - (${raw})` : raw;
  return { custom: { errorQuery: sumOverTimeSubquery(error), totalQuery: countOverTimeSubquery(raw) } };
}

function thresholdSli(threshold: At, ctx: IndicatorContext): RawSli | undefined {
  const { diag, objective } = ctx;
  const q = query(threshold, ctx);
  const op = objective.get('op');
  const breach = BREACH[op.value as keyof typeof BREACH] as string | undefined;
  if (breach === undefined) {
    diag.invalid(op, op.present ? `must be one of lte, lt, gte, gt, not ${JSON.stringify(op.value)}` : 'missing required field "op" (lte, lt, gte or gt): a thresholdMetric objective compares the metric with value');
  }
  const value = diag.number(objective.get('value'), true);
  if (q === undefined || breach === undefined || value === undefined) return undefined;
  diag.warn(
    threshold,
    `a thresholdMetric becomes a custom SLI counting the evaluation steps where the query is ${breach} ${value} (bad) among all steps with a value: the objective is a share of time, not of requests`,
  );
  return { custom: { errorQuery: sumOverTimeSubquery(`(${q}) ${breach} bool ${value}`), totalQuery: countOverTimeSubquery(q) } };
}

/** A custom SLI's original queries from the annotations export writes, if they still describe this ratioMetric. */
function fromAnnotations(ctx: IndicatorContext, found: { counter: boolean; numerator: 'bad' | 'good'; numeratorQuery: string; totalQuery: string }): RawSli | undefined {
  const errorAt = ctx.annotations.get(Annotations.errorQuery);
  const totalAt = ctx.annotations.get(Annotations.totalQuery);
  if (!errorAt.present && !totalAt.present) return undefined;
  const errorQuery = errorAt.value;
  const totalQuery = totalAt.value;
  if (typeof errorQuery === 'string' && typeof totalQuery === 'string') {
    const expected = ratioQueries(probeSlo(ctx.service, { kind: 'custom', errorQuery, totalQuery }));
    const same = expected.counter === found.counter && expected.numerator === found.numerator && expected.numeratorQuery === found.numeratorQuery && expected.totalQuery === found.totalQuery;
    if (same) return { custom: { errorQuery, totalQuery } };
  }
  ctx.diag.warn(
    errorAt.present ? errorAt : totalAt,
    `the ${Annotations.errorQuery} and ${Annotations.totalQuery} annotations do not describe this ratioMetric (edited after export?): importing the ratioMetric's queries instead`,
  );
  return undefined;
}

/** The Prometheus query of a metric (ratioMetric.good/bad/total/raw, or thresholdMetric). */
function query(metric: At, ctx: IndicatorContext): string | undefined {
  const { diag, index } = ctx;
  if (!diag.record(metric, true)) return undefined;
  const source = metric.get('metricSource');
  if (!diag.record(source, true)) return undefined;
  let type = source.get('type').value;
  const ref = source.get('metricSourceRef');
  if (type === undefined) {
    if (!ref.present) {
      diag.invalid(source, 'a metricSource needs a type (Prometheus) or a metricSourceRef naming a DataSource');
      return undefined;
    }
    const dataSource = index.resolve('DataSource', ref, diag);
    if (!dataSource) return undefined;
    type = dataSource.get('spec').get('type').value;
  } else if (ref.present) {
    const dataSource = index.all('DataSource').find((d) => d.get('metadata').get('name').value === ref.value);
    if (dataSource) index.markUsed(dataSource);
  }
  if (typeof type !== 'string' || type.toLowerCase() !== 'prometheus') {
    diag.unsupported(source.get('type').present ? source.get('type') : source, `metric source type ${JSON.stringify(type)} is not supported: Faultline's SLIs are PromQL, read from Prometheus`);
    return undefined;
  }
  const text = diag.string(source.get('spec').get('query'), true);
  return text?.trim();
}
