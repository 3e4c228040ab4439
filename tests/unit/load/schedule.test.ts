import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../../src/core/errors.js';
import { ArrivalCursor, arrivalOffsets, arrivalsPerSecond, arrivalsPerStage, constantRate, expectedArrivals, lowestRate, rateAt, scheduleDurationMs, type RateSchedule } from '../../../src/load/schedule.js';

/** Arrival k of a ramp from 0 starting at `startMs`: where N(t) = slope·t²/2 reaches k + ½. */
const rampFromZero = (startMs: number, slopePerSecond: number, k: number) => startMs + 1000 * Math.sqrt((2 * (k + 0.5)) / slopePerSecond);

function expectOffsets(schedule: RateSchedule, expected: number[]): void {
  const offsets = arrivalOffsets(schedule);
  expect(offsets).toHaveLength(expected.length);
  offsets.forEach((offset, i) => expect(offset).toBeCloseTo(expected[i] as number, 9));
}

describe('the arrival schedule (open model, exact integral of a piecewise-linear rate)', () => {
  it('starts a constant rate in the middle of each request\'s share of time', () => {
    expect(arrivalOffsets(constantRate(4, 1000))).toEqual([125, 375, 625, 875]);
    expect(arrivalOffsets(constantRate(2.5, 1000))).toEqual([200, 600]);
    const fifty = arrivalOffsets(constantRate(50, 10_000));
    expect(fifty).toHaveLength(500);
    expect([fifty[0], fifty[1], fifty[499]]).toEqual([10, 30, 9990]);
  });

  it('ramps up from the start rate: N(t) = 5t² for 0 → 10/s over a second', () => {
    const up: RateSchedule = { stages: [{ durationMs: 1000, targetRate: 10 }] };
    expectOffsets(up, [0, 1, 2, 3, 4].map((k) => rampFromZero(0, 10, k)));
    expect(arrivalOffsets(up).map((t) => Math.round(t * 1000) / 1000)).toEqual([316.228, 547.723, 707.107, 836.66, 948.683]);
  });

  it('ramps down as the mirror image of the ramp up', () => {
    const down: RateSchedule = { startRate: 10, stages: [{ durationMs: 1000, targetRate: 0 }] };
    const up = arrivalOffsets({ stages: [{ durationMs: 1000, targetRate: 10 }] });
    expectOffsets(down, up.map((t) => 1000 - t).reverse());
  });

  it('chains stages: ramp up, hold, ramp down', () => {
    const schedule: RateSchedule = {
      stages: [
        { durationMs: 1000, targetRate: 10 },
        { durationMs: 1000, targetRate: 10 },
        { durationMs: 1000, targetRate: 0 },
      ],
    };
    const offsets = arrivalOffsets(schedule);
    expect(offsets).toHaveLength(20);
    expect(offsets.slice(5, 15)).toEqual([1050, 1150, 1250, 1350, 1450, 1550, 1650, 1750, 1850, 1950]);
    expect(arrivalsPerSecond(schedule)).toEqual([5, 10, 5]);
    expect(scheduleDurationMs(schedule)).toBe(3000);
  });

  it('starts nothing during a zero-rate stage, and 0-ms stages are steps', () => {
    const pause: RateSchedule = {
      startRate: 10,
      stages: [
        { durationMs: 1000, targetRate: 10 },
        { durationMs: 0, targetRate: 0 },
        { durationMs: 1000, targetRate: 0 },
        { durationMs: 0, targetRate: 20 },
        { durationMs: 500, targetRate: 20 },
      ],
    };
    expect(arrivalsPerSecond(pause)).toEqual([10, 0, 10]);
    const offsets = arrivalOffsets(pause);
    expect(offsets.slice(8, 12)).toEqual([850, 950, 2025, 2075]);
    expect(offsets.at(-1)).toBe(2475);
    expect(arrivalOffsets(constantRate(0, 5000))).toEqual([]);
  });

  it('counts the integral rounded, second by second', () => {
    // 0 → 100/s over 2 s: N(1 s) = 25, N(2 s) = 100.
    expect(arrivalsPerSecond({ stages: [{ durationMs: 2000, targetRate: 100 }] })).toEqual([25, 75]);
    expect(arrivalsPerSecond(constantRate(5000, 3000))).toEqual([5000, 5000, 5000]);
  });

  it('answers the rate and the expected count at any instant', () => {
    const schedule: RateSchedule = { stages: [{ durationMs: 2000, targetRate: 100 }, { durationMs: 0, targetRate: 10 }, { durationMs: 1000, targetRate: 10 }] };
    expect([rateAt(schedule, 0), rateAt(schedule, 500), rateAt(schedule, 2000), rateAt(schedule, 9999)]).toEqual([0, 25, 10, 10]);
    expect([expectedArrivals(schedule, 1000), expectedArrivals(schedule, 2000), expectedArrivals(schedule, 2500), expectedArrivals(schedule, 5000)]).toEqual([25, 100, 105, 110]);
  });

  it('counts the arrivals of each stage, a request at a boundary in the later stage', () => {
    // 0 → 5/s over 3.1 s: N = 7.75, so 8 starts (k + ½ ≤ 7.75 for k = 0..7), not the 7 of rounding down.
    expect(arrivalsPerStage({ stages: [{ durationMs: 3100, targetRate: 5 }] })).toEqual([8]);
    // 5 → 20/s over 5 s has N = 62.5: request 62 starts at exactly 5 s, so it is the hold's.
    const everything: RateSchedule = { startRate: 5, stages: [{ durationMs: 5000, targetRate: 20 }, { durationMs: 20_000, targetRate: 20 }, { durationMs: 10_000, targetRate: 10 }] };
    expect(arrivalOffsets(everything)[62]).toBe(5000);
    expect(arrivalsPerStage(everything)).toEqual([62, 400, 150]);
    const steps: RateSchedule = { startRate: 10, stages: [{ durationMs: 1000, targetRate: 10 }, { durationMs: 0, targetRate: 0 }, { durationMs: 1000, targetRate: 0 }, { durationMs: 0, targetRate: 20 }, { durationMs: 500, targetRate: 20 }] };
    expect(arrivalsPerStage(steps)).toEqual([10, 0, 0, 0, 10]);
    for (const schedule of [everything, steps, { startRate: 0.7, stages: [{ durationMs: 4321, targetRate: 12.34 }, { durationMs: 1234, targetRate: 0.5 }] }]) {
      expect(arrivalsPerStage(schedule).reduce((sum, n) => sum + n, 0)).toBe(arrivalOffsets(schedule).length);
    }
  });

  it('finds the lowest rate between two moments, on either side of a step', () => {
    const schedule: RateSchedule = { startRate: 10, stages: [{ durationMs: 1000, targetRate: 4 }, { durationMs: 0, targetRate: 20 }, { durationMs: 1000, targetRate: 2 }, { durationMs: 0, targetRate: 1 }, { durationMs: 1000, targetRate: 6 }] };
    expect(lowestRate(schedule, 0, 500)).toBe(7);
    expect(lowestRate(schedule, 0, 1500)).toBe(4);
    expect(lowestRate(schedule, 1000, 1500)).toBe(11);
    expect(lowestRate(schedule, 1500, 2000)).toBe(1);
    expect(lowestRate(schedule, 2000, 3000)).toBe(1);
    expect(lowestRate(schedule, 2500, 3000)).toBe(3.5);
  });

  it('streams arrivals one by one, without building the whole list', () => {
    const cursor = new ArrivalCursor(constantRate(1000, 3_600_000));
    let last = 0;
    for (let i = 0; i < 1_000_000; i++) last = cursor.next();
    expect(last).toBe(999_999.5);
    expect(cursor.count).toBe(1_000_000);
  });

  it.each([
    ['a negative rate', { stages: [{ durationMs: 1000, targetRate: -1 }] }, 'stages[0].targetRate'],
    ['a NaN duration', { stages: [{ durationMs: Number.NaN, targetRate: 1 }] }, 'stages[0].durationMs'],
    ['an infinite start rate', { startRate: Infinity, stages: [{ durationMs: 1000, targetRate: 1 }] }, 'startRate'],
    ['no stages', { stages: [] }, 'at least one stage'],
    ['no time at all', { stages: [{ durationMs: 0, targetRate: 5 }] }, 'lasts 0 ms'],
  ])('refuses %s', (_, schedule, message) => {
    expect(() => arrivalOffsets(schedule as RateSchedule)).toThrow(FaultlineError);
    expect(() => arrivalOffsets(schedule as RateSchedule)).toThrow(message);
    try {
      arrivalOffsets(schedule as RateSchedule);
    } catch (error) {
      expect((error as FaultlineError).code).toBe('FAULTLINE_LOAD_BAD_OPTIONS');
    }
  });
});
