import { describe, expect, it } from 'vitest';
import { extrapolatedIncrease, firstAfter, firstAtOrAfter, SeriesHistory } from '../../../../src/slo/evaluator/series-window.js';

const samples = (points: ReadonlyArray<readonly [number, number]>) => points.map(([atMs, value]) => ({ atMs, value }));

describe("rate()'s extrapolated increase of one counter", () => {
  it.each([
    // Samples on both edges of [0, 4 s]: nothing to extrapolate.
    ['samples on both edges', [[0, 10], [1000, 20], [2000, 30], [3000, 40], [4000, 50]], 0, 4000, 40],
    // Edges half a second away (under 1.1 intervals): extrapolated all the way, 30 × 4/3.
    ['gaps under 1.1 intervals', [[500, 10], [1500, 20], [2500, 30], [3500, 40]], 0, 4000, 40],
    // The counter would have been zero 1 s before its first sample: no further back than that.
    ['never back past zero', [[2000, 10], [3000, 20], [4000, 30]], 0, 4000, 30],
    // A start gap of 3.3 average intervals (750 ms): only half an interval is added there.
    ['a far edge gets half an interval', [[2500, 100], [3500, 110], [4000, 115]], 0, 4000, 15 * (1875 / 1500)],
    // The counter reset between 1 s and 2 s: the new value counts as increase.
    ['a reset counts the new value', [[0, 50], [1000, 60], [2000, 5], [3000, 15]], 0, 3000, 25],
    ['one sample is no rate', [[1000, 10]], 0, 4000, 0],
  ] as const)('%s', (_, points, start, end, expected) => {
    expect(extrapolatedIncrease(samples(points), start, end)).toBeCloseTo(expected, 10);
  });

  /** extrapolatedRate by its definition, scanning every sample (what extrapolatedIncrease did before it searched). */
  function byDefinition(all: ReadonlyArray<{ atMs: number; value: number }>, startMs: number, endMs: number): number {
    const inside = all.filter((s) => s.atMs >= startMs && s.atMs <= endMs);
    const first = inside[0];
    const last = inside[inside.length - 1];
    if (!first || !last || inside.length < 2) return 0;
    let increase = 0;
    for (let i = 1; i < inside.length; i += 1) {
      const [a, b] = [(inside[i - 1] as { value: number }).value, (inside[i] as { value: number }).value];
      increase += b >= a ? b - a : b;
    }
    const sampledMs = last.atMs - first.atMs;
    const averageMs = sampledMs / (inside.length - 1);
    let toStartMs = first.atMs - startMs;
    if (increase > 0 && first.value >= 0) toStartMs = Math.min(toStartMs, sampledMs * (first.value / increase));
    const toEndMs = endMs - last.atMs;
    const threshold = averageMs * 1.1;
    return increase * ((sampledMs + (toStartMs < threshold ? toStartMs : averageMs / 2) + (toEndMs < threshold ? toEndMs : averageMs / 2)) / sampledMs);
  }

  it('finds the range by binary search with exactly the result of scanning every sample', () => {
    let seed = 11;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const all: Array<{ atMs: number; value: number }> = [];
    let atMs = 0;
    let value = 0;
    for (let i = 0; i < 300; i += 1) {
      atMs += random() < 0.1 ? 1 + Math.floor(random() * 4000) : 1000;
      value = random() < 0.02 ? Math.floor(random() * 10) : value + Math.floor(random() * 20);
      all.push({ atMs, value });
    }
    for (let i = 0; i < 500; i += 1) {
      const endMs = Math.floor(random() * (atMs + 5000));
      const startMs = i % 6 === 0 ? endMs - 1000 * Math.floor(random() * 10) : Math.floor(endMs - random() * 200_000);
      expect(extrapolatedIncrease(all, startMs, endMs)).toBe(byDefinition(all, startMs, endMs));
    }
  });
});

describe('the binary searches over time-sorted samples', () => {
  const at = [1000, 2000, 2000.5, 4000].map((atMs) => ({ atMs }));
  it.each([
    [0, 0, 0],
    [1000, 0, 1],
    [1500, 1, 1],
    [2000, 1, 2],
    [2000.5, 2, 3],
    [4000, 3, 4],
    [5000, 4, 4],
  ])('at %d ms: first at or after is #%d, first after is #%d', (ms, atOrAfter, after) => {
    expect(firstAtOrAfter(at, ms)).toBe(atOrAfter);
    expect(firstAfter(at, ms)).toBe(after);
  });

  it('answer 0 for no samples', () => {
    expect([firstAtOrAfter([], 5), firstAfter([], 5)]).toEqual([0, 0]);
  });
});

describe('per-series histories', () => {
  it('sum each series extrapolated on its own: a series starting at zero is not stretched back, another is', () => {
    const history = new SeriesHistory(60_000);
    // "ok" runs 10/s all along; "error" exists from 0 at 1.5 s and climbs 5/s. Window [0.5 s, 4.5 s].
    for (const t of [1500, 2500, 3500, 4500]) history.record(t, new Map([['ok', t / 100], ['error', ((t - 1500) / 1000) * 5]]));
    // ok: 30 over 3 s, start gap 1 s < 1.1 → 40; error: 15, but zero was at 1.5 s → 15.
    expect(history.increase(4000, 4500)).toBeCloseTo(55, 10);
  });

  it('forgets samples older than its retention and series that stopped', () => {
    const history = new SeriesHistory(2000);
    history.record(0, new Map([['gone', 1]]));
    history.record(1000, new Map([['kept', 1]]));
    history.record(5000, new Map([['kept', 5]]));
    expect(history.increase(10_000, 5000)).toBe(0);
    history.record(6000, new Map([['kept', 6]]));
    expect(history.increase(1000, 6000)).toBeCloseTo(1, 10);
  });
});
