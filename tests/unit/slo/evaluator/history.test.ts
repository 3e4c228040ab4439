import { describe, expect, it } from 'vitest';
import { SliHistory, type HistoryPoint } from '../../../../src/slo/evaluator/history.js';
import { H, M, S, oneMinuteOutage, steadyTraffic } from './scenarios.js';

/** Scrapes given as [seconds, cumulative errors, cumulative total]. */
function historyOf(scrapes: ReadonlyArray<readonly [number, number, number]>, retentionMs = H): SliHistory {
  const history = new SliHistory({ retentionMs });
  for (const [seconds, errors, total] of scrapes) history.record(seconds * S, { errors, total });
  return history;
}

describe('the error ratio over a window', () => {
  it.each<[string, SliHistory, number, number, { errors: number; total: number; ratio: number | undefined; coveredMs: number }]>([
    ['steady good traffic has ratio 0', steadyTraffic(600, 10), 5 * M, 600 * S, { errors: 0, total: 3000, ratio: 0, coveredMs: 5 * M }],
    ['a window inside a 100 % outage has ratio 1', oneMinuteOutage(), 30 * S, 1860 * S, { errors: 300, total: 300, ratio: 1, coveredMs: 30 * S }],
    ['a window half over the outage', oneMinuteOutage(), 2 * M, 1860 * S, { errors: 600, total: 1200, ratio: 0.5, coveredMs: 2 * M }],
    ['a window after the outage ended is clean again', oneMinuteOutage(), 30 * S, 1900 * S, { errors: 0, total: 300, ratio: 0, coveredMs: 30 * S }],
    // Scrapes at 3, 4 and 5 s inside [3 s, 5.5 s]: 10 errors of 20 requests, extrapolated by 2.5/2 to the window's end as rate() does.
    ['a window reads the scrapes inside it and extrapolates to its edges, as rate() does', steadyTraffic(10, 10, (s) => (s === 4 ? 10 : 0)), 2500, 5500, { errors: 12.5, total: 25, ratio: 0.5, coveredMs: 2 * S }],
    ['a window holding a single scrape has no ratio', steadyTraffic(10, 10), 1 * S, 5500, { errors: 0, total: 0, ratio: undefined, coveredMs: 0 }],
    // The history starts 50 min into the window: extrapolated by half a scrape interval only.
    ['a window longer than the history reports its actual coverage', steadyTraffic(600, 10, (s) => (s < 60 ? 1 : 0)), H, 600 * S, { errors: 60 * (600.5 / 600), total: 6000 * (600.5 / 600), ratio: 0.01, coveredMs: 10 * M }],
    ['no traffic: undefined ratio, never NaN', steadyTraffic(600, 0), 5 * M, 600 * S, { errors: 0, total: 0, ratio: undefined, coveredMs: 5 * M }],
    ['an empty history: undefined ratio and no coverage', new SliHistory({ retentionMs: H }), 5 * M, 600 * S, { errors: 0, total: 0, ratio: undefined, coveredMs: 0 }],
  ])('%s', (_, history, windowMs, nowMs, expected) => {
    expect(history.errorRatioOver(windowMs, nowMs)).toEqual({ windowMs, ...expected });
    expect(history.coveredMs(windowMs, nowMs)).toBe(expected.coveredMs);
  });

  /** The reading by its definition, scanning every point (what errorRatioOver did before it searched). */
  function byDefinition(points: readonly HistoryPoint[], windowMs: number, nowMs: number) {
    const fromMs = nowMs - windowMs;
    const inside = points.filter((p) => p.atMs >= fromMs && p.atMs <= nowMs);
    const first = inside[0];
    const last = inside[inside.length - 1];
    if (!first || !last || inside.length < 2) return { windowMs, coveredMs: 0, errors: 0, total: 0, ratio: undefined };
    const sampledMs = last.atMs - first.atMs;
    const averageMs = sampledMs / (inside.length - 1);
    const threshold = averageMs * 1.1;
    const toStart = first.atMs - fromMs;
    const toEnd = nowMs - last.atMs;
    const scale = (sampledMs + (toStart < threshold ? toStart : averageMs / 2) + (toEnd < threshold ? toEnd : averageMs / 2)) / sampledMs;
    const errors = last.errors - first.errors;
    const total = last.total - first.total;
    return { windowMs, coveredMs: sampledMs, errors: errors * scale, total: total * scale, ratio: total > 0 ? errors / total : undefined };
  }

  it('finds the window by binary search with exactly the result of scanning every point', () => {
    // Irregular scrapes (gaps, missed scrapes, a restart) and windows on and off the scrape times.
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const history = new SliHistory({ retentionMs: 10 * M });
    let atMs = 0;
    let errors = 0;
    let total = 0;
    for (let i = 0; i < 400; i += 1) {
      atMs += random() < 0.1 ? 1 + Math.floor(random() * 5000) : 1000;
      total += Math.floor(random() * 50);
      errors += Math.floor(random() * 3);
      if (i === 200) [errors, total] = [0, 5];
      history.record(atMs, { errors, total });
    }
    const last = atMs;
    for (let i = 0; i < 500; i += 1) {
      const windowMs = i % 7 === 0 ? 1000 * Math.floor(random() * 60) : Math.floor(random() * 12 * M);
      const nowMs = i % 5 === 0 ? last : Math.floor(last - random() * 12 * M + random() * 2 * M);
      const expected = byDefinition(history.points(), windowMs, nowMs);
      expect(history.errorRatioOver(windowMs, nowMs)).toEqual(expected);
      expect(history.coveredMs(windowMs, nowMs)).toBe(expected.coveredMs);
    }
  });
});

describe('counter resets', () => {
  // The service restarts between 2 s and 3 s: its counters start again from zero.
  const restarted = historyOf([
    [0, 0, 0],
    [1, 10, 100],
    [2, 20, 200],
    [3, 5, 50],
    [4, 10, 150],
  ]);

  it('treats counts going down as a restart, adding the new values as increase() does', () => {
    expect(restarted.points().map((p) => [p.atMs, p.errors, p.total])).toEqual([
      [0, 0, 0],
      [1000, 10, 100],
      [2000, 20, 200],
      [3000, 25, 250],
      [4000, 30, 350],
    ]);
  });

  it.each([
    [4 * S, 30 / 350],
    [2 * S, 10 / 150],
    [1 * S, 5 / 100],
  ])('gives the right ratio over a %i ms window across the reset', (windowMs, ratio) => {
    expect(restarted.errorRatioOver(windowMs, 4 * S).ratio).toBe(ratio);
  });

  it('sees a reset when only the error counter goes down', () => {
    const history = historyOf([
      [0, 5, 100],
      [1, 2, 120],
    ]);
    expect(history.increase(0, S)).toEqual({ errors: 2, total: 120 });
  });
});

describe('the bounded history', () => {
  it('ignores a scrape not later than the last one', () => {
    const history = historyOf([[10, 0, 100]]);
    expect(history.record(10 * S, { errors: 5, total: 200 })).toBe(false);
    expect(history.record(9 * S, { errors: 5, total: 200 })).toBe(false);
    expect(history.points()).toEqual([{ atMs: 10 * S, errors: 0, total: 100 }]);
  });

  it('keeps the retention and one sample at its start, so a full-length window still has its left edge', () => {
    const history = steadyTraffic(20, 10, () => 0, 5 * S);
    expect(history.points().map((p) => p.atMs)).toEqual([15, 16, 17, 18, 19, 20].map((s) => s * S));
    expect(history.errorRatioOver(5 * S, 20 * S)).toMatchObject({ total: 50, coveredMs: 5 * S });
  });

  it('refuses a retention that is not positive', () => {
    expect(() => new SliHistory({ retentionMs: 0 })).toThrow(RangeError);
  });
});
