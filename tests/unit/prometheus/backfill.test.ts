import { describe, expect, it } from 'vitest';
import { HttpMetricNames } from '../../../src/core/conventions.js';
import { backfillSpanMs, buildBackfill, DEFAULT_BASELINE_REQUESTS_PER_SECOND, type BackfillOptions } from '../../../src/prometheus/backfill.js';
import type { SloSet } from '../../../src/slo/model.js';
import { sliQueries, withWindow } from '../../../src/slo/sli-queries.js';
import { load, shippedSlos, sloFile } from '../slo/helpers.js';

const T0 = 1_700_000_000_000;
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const server = HttpMetricNames.serverDuration;
const client = HttpMetricNames.clientDuration;

const targets = {
  gateway: { job: 'gateway', instance: '127.0.0.1:9100' },
  orders: { job: 'orders', instance: '127.0.0.1:9102' },
};

const slo = (body: string) => load(sloFile(body, 'timeScale: 60\n'));
const oneRoute = slo('  - service: gateway\n    name: catalogue\n    objective: 99.9\n    sli:\n      availability: { method: GET, routes: [/products] }\n');

/** Three samples, one second apart, from T0. */
const threeSamples = (slos: SloSet, extra: Partial<BackfillOptions> = {}) => buildBackfill({ slos, targets, startMs: T0, endMs: T0 + 2 * SECOND, ...extra });

interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  seconds: number;
}

function parse(text: string): ParsedSample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^(\w+)\{(.*)\} (\S+) (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries([...(match[2] as string).matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
      return { name: match[1] as string, labels, value: Number(match[3]), seconds: Number(match[4]) };
    });
}

const key = (s: ParsedSample) => `${s.name}${JSON.stringify(s.labels)}`;
const lastOf = (samples: ParsedSample[]) => new Map(samples.map((s) => [key(s), s]));

describe('the backfilled baseline of one availability SLO', () => {
  const backfill = threeSamples(oneRoute);
  const labels = { instance: '127.0.0.1:9100', job: 'gateway', method: 'GET', route: '/products', service: 'gateway' };

  it('is an OpenMetrics histogram family with the series the SLI reads, labelled as the scrape will label them', () => {
    const good = 'instance="127.0.0.1:9100",job="gateway",method="GET",route="/products",service="gateway",status_code="200"';
    const bad = good.replace('"200"', '"500"');
    expect(backfill.text).toBe(
      [
        `# HELP ${server} Healthy baseline written by Faultline before Prometheus started.`,
        `# TYPE ${server} histogram`,
        ...[`${server}_bucket{${good.replace('method=', 'le="0.005",method=')}}`, `${server}_bucket{${good.replace('method=', 'le="+Inf",method=')}}`].flatMap((series) => [
          `${series} 0 1700000000`,
          `${series} 5 1700000001`,
          `${series} 10 1700000002`,
        ]),
        `${server}_sum{${good}} 0 1700000000`,
        `${server}_sum{${good}} 0.025 1700000001`,
        `${server}_sum{${good}} 0.05 1700000002`,
        `${server}_count{${good}} 0 1700000000`,
        `${server}_count{${good}} 5 1700000001`,
        `${server}_count{${good}} 10 1700000002`,
        ...[`${server}_bucket{${bad.replace('method=', 'le="0.005",method=')}}`, `${server}_bucket{${bad.replace('method=', 'le="+Inf",method=')}}`, `${server}_sum{${bad}}`, `${server}_count{${bad}}`].flatMap(
          (series) => [`${series} 0 1700000000`, `${series} 0 1700000001`, `${series} 0 1700000002`],
        ),
        '# EOF',
        '',
      ].join('\n'),
    );
  });

  it('reports what it wrote', () => {
    expect(backfill).toMatchObject({ firstMs: T0, lastMs: T0 + 2 * SECOND, stepMs: SECOND, series: 8, samples: 24, warnings: [] });
  });

  it(`grows at ${DEFAULT_BASELINE_REQUESTS_PER_SECOND} requests/s by default, or at the rate asked for`, () => {
    const fast = parse(threeSamples(oneRoute, { requestsPerSecond: () => 40 }).text);
    expect(fast.filter((s) => s.name === `${server}_count` && s.labels.status_code === '200').map((s) => s.value)).toEqual([0, 40, 80]);
    expect(() => threeSamples(oneRoute, { requestsPerSecond: () => 0 })).toThrow(/must be positive/);
  });

  it('keeps the 5xx series at 0, so the error ratio is 0 rather than absent', () => {
    const errors = parse(backfill.text).filter((s) => s.labels.status_code === '500');
    expect(errors.length).toBeGreaterThan(0);
    expect(new Set(errors.map((s) => s.value))).toEqual(new Set([0]));
    expect(errors.every((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))).toBe(true);
  });
});

describe('sample times', () => {
  it.each([
    { what: 'align to the step, inside [start, end]', startMs: T0 - 1500, endMs: T0 + 2500, stepMs: SECOND, seconds: [1699999999, 1700000000, 1700000001, 1700000002] },
    { what: 'keep milliseconds as fractional seconds', startMs: T0, endMs: T0 + 1000, stepMs: 500, seconds: [1700000000, 1700000000.5, 1700000001] },
    { what: 'are none when the range holds no step', startMs: T0 + 100, endMs: T0 + 900, stepMs: SECOND, seconds: [] },
  ])('$what', ({ startMs, endMs, stepMs, seconds }) => {
    const backfill = buildBackfill({ slos: oneRoute, targets, startMs, endMs, stepMs });
    const times = [...new Set(parse(backfill.text).map((s) => s.seconds))];
    expect(times).toEqual(seconds);
    expect(backfill.text.endsWith('# EOF\n')).toBe(true);
  });

  it('default to the scrape interval the rules were compiled for', () => {
    expect(buildBackfill({ slos: oneRoute, targets, startMs: T0, endMs: T0 + 60 * SECOND, scrapeIntervalMs: 15 * SECOND }).stepMs).toBe(15 * SECOND);
    // 60× compressed: Faultline's default 1 s; real time: 30 s.
    expect(buildBackfill({ slos: oneRoute, targets, startMs: T0, endMs: T0 }).stepMs).toBe(SECOND);
    expect(buildBackfill({ slos: oneRoute, targets, startMs: T0, endMs: T0, timeScale: 1 }).stepMs).toBe(30 * SECOND);
  });
});

describe('the backfill span', () => {
  const shop = load(shippedSlos);

  it.each([
    { what: '60× compressed at 1 s: 3d ÷ 60 = 72 min, plus a tenth', timeScale: 60, scrapeIntervalMs: SECOND, spanMs: 72 * MINUTE * 1.1 },
    { what: 'real time at 30 s: 3 days, plus a tenth', timeScale: 1, scrapeIntervalMs: 30 * SECOND, spanMs: 3 * 24 * 60 * MINUTE * 1.1 },
    // 3d ÷ 720 = 6 min; a tenth (36 s) is less than four scrapes at 15 s.
    { what: '720× compressed at 15 s: 6 min, plus four scrapes', timeScale: 720, scrapeIntervalMs: 15 * SECOND, spanMs: 6 * MINUTE + 60 * SECOND },
  ])('is the longest alert window, $what', ({ timeScale, scrapeIntervalMs, spanMs }) => {
    expect(backfillSpanMs(shop, { timeScale, scrapeIntervalMs })).toBe(spanMs);
  });

  it('sets the first sample when no start is given', () => {
    const backfill = buildBackfill({ slos: shop, targets, endMs: T0, timeScale: 60, scrapeIntervalMs: SECOND });
    expect(backfill.firstMs).toBe(T0 - 72 * MINUTE * 1.1);
    expect(backfill.lastMs).toBe(T0);
    expect(backfill.samples).toBe(backfill.series * (72 * 66 + 1));
  });

  it('is zero when only custom SLOs are declared', () => {
    const custom = slo('  - service: gateway\n    name: custom\n    objective: 99\n    sli:\n      custom: { errorQuery: \'sum(rate(x{a="b"}[{{.window}}]))\', totalQuery: \'sum(rate(x[{{.window}}]))\' }\n');
    expect(backfillSpanMs(custom)).toBe(0);
  });
});

describe('the baseline of the shipped shop SLOs, 60× compressed', () => {
  const shop = load(shippedSlos);
  const backfill = threeSamples(shop, { timeScale: 60 });
  const samples = parse(backfill.text);
  const last = lastOf(samples);

  it('covers every SLO, without warnings', () => {
    expect(backfill.warnings).toEqual([]);
  });

  it('writes each series once, even where two SLOs read it (availability and latency of one journey)', () => {
    const keys = samples.filter((s) => s.seconds === T0 / 1000).map(key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(backfill.series);
  });

  it('has two families, both histograms, each series with +Inf, _sum and _count', () => {
    expect(backfill.text.match(/^# TYPE .*$/gm)).toEqual([`# TYPE ${server} histogram`, `# TYPE ${client} histogram`]);
    const counts = samples.filter((s) => s.name.endsWith('_count') && s.seconds === T0 / 1000);
    for (const count of counts) {
      const family = count.name.replace(/_count$/, '');
      expect(samples.some((s) => s.name === `${family}_bucket` && s.labels.le === '+Inf' && JSON.stringify({ ...s.labels, le: undefined }) === JSON.stringify({ ...count.labels, le: undefined }))).toBe(true);
      expect(samples.some((s) => s.name === `${family}_sum` && JSON.stringify(s.labels) === JSON.stringify(count.labels))).toBe(true);
    }
  });

  it('spreads an SLO’s declared rate over its routes (browse: two routes at 22.5/s make 45/s)', () => {
    const browse = samples.filter((s) => s.name === `${server}_count` && s.labels.method === 'GET' && s.labels.status_code === '200' && s.seconds === T0 / 1000 + 2);
    expect(browse.map((s) => [s.labels.route, s.value])).toEqual([
      ['/products', 45],
      ['/products/:id', 45],
    ]);
  });

  it('labels the client series of orders → payments with the caller’s job and instance', () => {
    const calls = samples.filter((s) => s.name === `${client}_count` && s.seconds === T0 / 1000 + 2);
    expect(calls.map((s) => s.labels)).toEqual([
      { instance: '127.0.0.1:9102', job: 'orders', outcome: 'success', peer: 'payments', service: 'orders' },
      { instance: '127.0.0.1:9102', job: 'orders', outcome: 'error', peer: 'payments', service: 'orders' },
    ]);
    expect(calls.map((s) => s.value)).toEqual([10, 0]);
  });

  // The point of it all: each SLO's own queries, run over the baseline, find traffic and no errors.
  it.each(shop.slos.map((s) => ({ id: s.id, slo: s })))('gives $id traffic and an error count of exactly 0 (not absent) through its own SLI queries', ({ slo: one }) => {
    const { errorQuery, totalQuery } = sliQueries(one);
    const total = sumOfSelectors(withWindow(totalQuery, '5m'), last);
    expect(total.sum).toBeGreaterThan(0);
    const terms = withWindow(errorQuery, '5m')
      .split(' - ')
      .map((term) => sumOfSelectors(term, last));
    expect(terms.map((t) => t.sum).reduce((a, b) => a - b)).toBe(0);
    expect(terms[0]?.series).toBeGreaterThan(0);
  });

  it('does not depend on the order the SLOs are declared in', () => {
    const reversed = { ...shop, slos: [...shop.slos].reverse() };
    expect(threeSamples(reversed, { timeScale: 60 }).text).toBe(backfill.text);
    expect(threeSamples(shop, { timeScale: 60 }).text).toBe(backfill.text);
  });
});

describe('SLOs left out of the baseline', () => {
  it('warns about custom PromQL and writes nothing for it', () => {
    const custom = slo('  - service: gateway\n    name: custom\n    objective: 99\n    sli:\n      custom: { errorQuery: \'sum(rate(x{a="b"}[{{.window}}]))\', totalQuery: \'sum(rate(x[{{.window}}]))\' }\n');
    const backfill = threeSamples(custom);
    expect(backfill.warnings).toEqual([{ slo: 'gateway-custom', message: expect.stringMatching(/custom PromQL SLIs cannot be backfilled/) }]);
    expect(backfill.text).toBe('# EOF\n');
    expect(backfill.series).toBe(0);
  });

  it('warns about a service no scrape job covers', () => {
    const backfill = buildBackfill({ slos: oneRoute, targets: { orders: targets.orders }, startMs: T0, endMs: T0 });
    expect(backfill.warnings).toEqual([{ slo: 'gateway-catalogue', message: expect.stringMatching(/no scrape job for service gateway/) }]);
    expect(backfill.series).toBe(0);
  });
});

/**
 * The sum over every `metric{matchers}` selector in a PromQL expression of the matching series'
 * values (the queries here are sums of rates of one selector, so this is the same sum over counts),
 * and how many series matched.
 */
function sumOfSelectors(expr: string, series: Map<string, ParsedSample>): { sum: number; series: number } {
  let sum = 0;
  let matched = 0;
  for (const [, name, body] of expr.matchAll(/(\w+)\{([^}]*)\}/g)) {
    const matchers = [...(body as string).matchAll(/(\w+)(=~|!=|=)"((?:[^"\\]|\\.)*)"/g)].map(([, label, op, raw]) => ({ label: label as string, op, value: (raw as string).replace(/\\(.)/g, '$1') }));
    for (const sample of series.values()) {
      if (sample.name !== name) continue;
      const ok = matchers.every(({ label, op, value }) => {
        const actual = sample.labels[label] ?? '';
        if (op === '=') return actual === value;
        if (op === '!=') return actual !== value;
        return new RegExp(`^(?:${value})$`).test(actual);
      });
      if (!ok) continue;
      sum += sample.value;
      matched++;
    }
  }
  return { sum, series: matched };
}
