import { describe, expect, it } from 'vitest';
import { attributeBudget, type Interval } from '../../../../src/slo/evaluator/attribution.js';
import { evaluateBudget } from '../../../../src/slo/evaluator/budget.js';
import { planWindows } from '../../../../src/slo/windows.js';
import { D, H, S, oneMinuteOutage, steadyTraffic } from './scenarios.js';

// One-hour compressed period, objective 99 %: the period's budget is 1 % of 36 000 requests = 360
// bad requests, so every bad request is 1/360 of the budget.
const objective = 99;
const perBad = 1 / 360;
const interval = (label: string, fromSeconds: number, toSeconds: number): Interval => ({ label, startMs: fromSeconds * S, endMs: toSeconds * S });

describe('budget burned inside fault windows (one-minute 100 % outage from 30:00 to 31:00, 10 req/s)', () => {
  it.each<[string, Interval[], number[], number[], number]>([
    ['one window covering the outage takes all of it', [interval('latency', 1700, 1900)], [600], [600], 0],
    ['an outage spanning two adjacent windows is split at their edge', [interval('first', 1790, 1830), interval('second', 1830, 1900)], [300, 300], [300, 300], 0],
    ['a window covering half the outage leaves the other half outside', [interval('late', 1830, 1900)], [300], [300], 300],
    ['overlapping windows each count the overlap, and split it when attributing', [interval('a', 1800, 1840), interval('b', 1820, 1860)], [400, 400], [300, 300], 0],
    ['an edge between two scrapes takes a proportional share (linear interpolation)', [interval('edge', 1800, 1830.5)], [305], [305], 295],
    ['a window with no errors in it', [interval('quiet', 100, 200)], [0], [0], 600],
    ['a window outside the period counts nothing', [interval('before', -7200, -3600)], [0], [0], 600],
    ['no windows: everything is outside', [], [], [], 600],
  ])('%s', (_, intervals, consumedBad, attributedBad, outsideBad) => {
    const result = attributeBudget(oneMinuteOutage(), objective, H, H, intervals);
    expect(result.intervals.map((i) => i.errors)).toEqual(consumedBad);
    result.intervals.forEach((burn, index) => {
      expect(burn.consumed).toBeCloseTo((consumedBad[index] as number) * perBad, 12);
      expect(burn.attributed).toBeCloseTo((attributedBad[index] as number) * perBad, 12);
    });
    expect(result.outside).toBeCloseTo(outsideBad * perBad, 12);
    expect(result.total).toBeCloseTo(600 * perBad, 12);
    const parts = result.intervals.reduce((sum, burn) => sum + burn.attributed, result.outside);
    expect(parts).toBeCloseTo(result.total, 12);
  });

  it('adds up to the budget consumed of the budget report', () => {
    const history = oneMinuteOutage();
    const result = attributeBudget(history, objective, H, H, [interval('fault', 1750, 1845)]);
    const report = evaluateBudget(history, objective, planWindows(30 * D, { timeScale: 720 }), H);
    expect(result.total).toBeCloseTo(report.consumed, 12);
    expect(result.intervals[0]?.attributed).toBeCloseTo(450 * perBad, 12);
    expect(result.outside).toBeCloseTo(150 * perBad, 12);
  });

  it('keeps the labels and the original edges of the windows', () => {
    const [burn] = attributeBudget(oneMinuteOutage(), objective, H, H, [interval('fault', 1750, 1845)]).intervals;
    expect(burn).toMatchObject({ label: 'fault', startMs: 1750 * S, endMs: 1845 * S });
  });

  it('with no traffic nothing is consumed anywhere (0, not NaN)', () => {
    const result = attributeBudget(steadyTraffic(3600, 0), objective, H, H, [interval('fault', 1800, 1860)]);
    expect(result).toEqual({ intervals: [{ label: 'fault', startMs: 1800 * S, endMs: 1860 * S, errors: 0, consumed: 0, attributed: 0 }], outside: 0, total: 0 });
  });
});
