import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { seededRng, uniformInt } from '../../../src/core/random.js';

describe('ManualClock', () => {
  it('fires timers in due order only when time is advanced past them', () => {
    const clock = new ManualClock();
    const fired: string[] = [];
    clock.setTimer(() => fired.push('b@20'), 20);
    clock.setTimer(() => fired.push('a@10'), 10);
    const cancelled = clock.setTimer(() => fired.push('never'), 15);
    cancelled.cancel();
    clock.advance(9);
    expect(fired).toEqual([]);
    clock.advance(11);
    expect(fired).toEqual(['a@10', 'b@20']);
    expect(clock.monotonic()).toBe(20);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('runs timers scheduled by timers within the same advance', () => {
    const clock = new ManualClock();
    const fired: number[] = [];
    clock.setTimer(() => {
      fired.push(clock.monotonic());
      clock.setTimer(() => fired.push(clock.monotonic()), 5);
    }, 5);
    clock.advance(10);
    expect(fired).toEqual([5, 10]);
  });

  it('reports wall time from its start epoch', () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 26));
    clock.advance(1500);
    expect(new Date(clock.now()).toISOString()).toBe('2026-11-26T00:00:01.500Z');
  });
});

describe('seededRng', () => {
  it('replays the same sequence for the same seed', () => {
    const a = seededRng(7);
    const b = seededRng(7);
    const first = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('draws uniform integers in [min, max)', () => {
    const rng = seededRng(1);
    const draws = Array.from({ length: 2000 }, () => uniformInt(rng, -3, 3));
    expect(Math.min(...draws)).toBe(-3);
    expect(Math.max(...draws)).toBe(2);
  });
});
