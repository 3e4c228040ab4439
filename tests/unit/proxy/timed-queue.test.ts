import { describe, it, expect } from 'vitest';
import { ManualClock, type Clock } from '../../../src/core/clock.js';
import { TimedQueue } from '../../../src/proxy/stream/timed-queue.js';
import { LateClock } from '../../helpers/data-plane.js';

/** A queue of strings that records each release with the clock's time. */
function recordingQueue(clock: Clock = new ManualClock()) {
  const released: Array<{ item: string; at: number }> = [];
  const queue = new TimedQueue<string>(clock, (item) => released.push({ item, at: clock.monotonic() }));
  return { queue, released, items: () => released.map((r) => r.item) };
}

/** Items are released at their due time, or up to the queue's half-millisecond margin before it. */
function expectReleasedAt(at: number | undefined, due: number): void {
  expect(at).toBeDefined();
  expect(at).toBeGreaterThanOrEqual(due - 0.5);
  expect(at).toBeLessThanOrEqual(due);
}

describe('TimedQueue', () => {
  it('releases an item that is already due synchronously, inside push', () => {
    const clock = new ManualClock();
    const { queue, items } = recordingQueue(clock);
    queue.push(0, 'now');
    queue.push(-5, 'past');
    expect(items()).toEqual(['now', 'past']);
    expect(queue.size).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('holds an item until its due time and not a millisecond less than the margin', () => {
    const clock = new ManualClock();
    const { queue, released } = recordingQueue(clock);
    queue.push(100, 'a');
    clock.advance(99);
    expect(released).toEqual([]);
    expect(queue.size).toBe(1);
    clock.advance(1);
    expect(released.map((r) => r.item)).toEqual(['a']);
    expectReleasedAt(released[0]?.at, 100);
    expect(queue.size).toBe(0);
  });

  it('releases in push order, each at its own due time', () => {
    const clock = new ManualClock();
    const { queue, released } = recordingQueue(clock);
    queue.push(10, 'a');
    queue.push(20, 'b');
    queue.push(30, 'c');
    expect(queue.tailDue).toBe(30);
    clock.advance(15);
    expect(released.map((r) => r.item)).toEqual(['a']);
    clock.advance(100);
    expect(released.map((r) => r.item)).toEqual(['a', 'b', 'c']);
    expectReleasedAt(released[0]?.at, 10);
    expectReleasedAt(released[1]?.at, 20);
    expectReleasedAt(released[2]?.at, 30);
  });

  it('never lets an item overtake an earlier one that is due later', () => {
    const clock = new ManualClock();
    const { queue, released } = recordingQueue(clock);
    queue.push(100, 'slow');
    queue.push(10, 'fast');
    queue.push(50, 'middle');
    expect(queue.tailDue).toBe(100);
    clock.advance(60);
    expect(released).toEqual([]);
    clock.advance(40);
    expect(released.map((r) => r.item)).toEqual(['slow', 'fast', 'middle']);
    for (const r of released) expectReleasedAt(r.at, 100);
  });

  it('an item pushed behind a held one waits for it even when it is due already', () => {
    const clock = new ManualClock();
    const { queue, items } = recordingQueue(clock);
    queue.push(50, 'held');
    queue.push(0, 'due-now');
    expect(items()).toEqual([]);
    clock.advance(50);
    expect(items()).toEqual(['held', 'due-now']);
  });

  it('flush releases everything at once, in order, and cancels the timer', () => {
    const clock = new ManualClock();
    const { queue, released } = recordingQueue(clock);
    queue.push(100, 'a');
    queue.push(200, 'b');
    queue.push(300, 'c');
    clock.advance(10);
    expect(clock.pendingTimers()).toBe(1);
    queue.flush();
    expect(released).toEqual([
      { item: 'a', at: 10 },
      { item: 'b', at: 10 },
      { item: 'c', at: 10 },
    ]);
    expect(queue.size).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(1000);
    expect(released).toHaveLength(3);
  });

  it('clear drops everything and cancels the timer', () => {
    const clock = new ManualClock();
    const { queue, released } = recordingQueue(clock);
    queue.push(100, 'a');
    queue.push(200, 'b');
    queue.clear();
    expect(queue.size).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(1000);
    expect(released).toEqual([]);
  });

  it('keeps working after a clear: a new item is scheduled afresh', () => {
    const clock = new ManualClock();
    const { queue, released } = recordingQueue(clock);
    queue.push(100, 'dropped');
    queue.clear();
    clock.advance(10);
    queue.push(150, 'kept');
    clock.advance(139);
    expect(released).toEqual([]);
    clock.advance(1);
    expect(released.map((r) => r.item)).toEqual(['kept']);
    expectReleasedAt(released[0]?.at, 150);
  });

  it('a release that clears the queue stops the release loop', () => {
    const clock = new ManualClock();
    const released: string[] = [];
    const queue: TimedQueue<string> = new TimedQueue<string>(clock, (item) => {
      released.push(item);
      if (item === 'closer') queue.clear();
    });
    queue.push(10, 'first');
    queue.push(10, 'closer');
    queue.push(10, 'never');
    clock.advance(20);
    expect(released).toEqual(['first', 'closer']);
    expect(queue.size).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('keeps an absolute schedule: late timers do not push later items further back', () => {
    // Every timer fires 3 ms late. A relative schedule would drift 3, 6, 9 ms; an absolute one stays 3 ms late.
    const clock = new LateClock(3);
    const { queue, released } = recordingQueue(clock);
    queue.push(10, 'a');
    queue.push(20, 'b');
    queue.push(30, 'c');
    clock.advance(100);
    expect(released.map((r) => r.item)).toEqual(['a', 'b', 'c']);
    const lateness = released.map((r, i) => (r.at ?? 0) - (i + 1) * 10);
    for (const late of lateness) {
      expect(late).toBeGreaterThanOrEqual(2.5);
      expect(late).toBeLessThanOrEqual(3);
    }
  });

  it('releases every item that fell due while the timer was late, in one go', () => {
    const clock = new LateClock(25);
    const { queue, released } = recordingQueue(clock);
    queue.push(10, 'a');
    queue.push(15, 'b');
    queue.push(20, 'c');
    queue.push(60, 'd');
    clock.advance(36);
    // The first timer fires at ≈35 (10 due + 25 late): a, b and c are all due by then.
    expect(released.map((r) => r.item)).toEqual(['a', 'b', 'c']);
    expect(new Set(released.map((r) => r.at)).size).toBe(1);
    clock.advance(100);
    expect(released.map((r) => r.item)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('stays exact over thousands of items (the internal array is compacted without losing any)', () => {
    const clock = new ManualClock();
    const { queue, items } = recordingQueue(clock);
    const expected: string[] = [];
    for (let i = 0; i < 5000; i++) {
      queue.push(1 + i, `item${i}`);
      expected.push(`item${i}`);
    }
    clock.advance(2500);
    expect(items()).toEqual(expected.slice(0, 2500));
    queue.push(10_000, 'late');
    clock.advance(2500);
    expect(items()).toEqual(expected);
    expect(queue.size).toBe(1);
    queue.flush();
    expect(items()).toEqual([...expected, 'late']);
  });
});
