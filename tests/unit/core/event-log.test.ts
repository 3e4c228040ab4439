import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { EventLog } from '../../../src/core/event-log.js';

describe('EventLog', () => {
  it('numbers events, stamps them with millisecond UTC time, and pages by cursor', () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 26, 23, 41, 7, 123));
    const log = new EventLog<'a' | 'b'>(clock);
    log.record('a', { proxy: 'db' });
    clock.advance(5);
    log.record('b', { service: 'orders', detail: { signal: 'SIGSTOP' } });
    expect(log.since(0)).toEqual({
      events: [
        { id: 1, time: '2026-11-26T23:41:07.123Z', type: 'a', proxy: 'db' },
        { id: 2, time: '2026-11-26T23:41:07.128Z', type: 'b', service: 'orders', detail: { signal: 'SIGSTOP' } },
      ],
      next: 2,
      truncated: false,
    });
    expect(log.since(2)).toEqual({ events: [], next: 2, truncated: false });
  });

  it('keeps a bounded ring and tells a reader that fell behind', () => {
    const log = new EventLog(new ManualClock(), 3);
    for (let i = 0; i < 5; i++) log.record('x');
    const page = log.since(0);
    expect(page.events.map((e) => e.id)).toEqual([3, 4, 5]);
    expect(page.truncated).toBe(true);
  });

  it('wakes a waiting reader when an event arrives, or at its timeout', async () => {
    const clock = new ManualClock();
    const log = new EventLog(clock);
    let woke = false;
    const waiting = log.wait(0, 1000).then(() => (woke = true));
    await Promise.resolve();
    expect(woke).toBe(false);
    log.record('x');
    await waiting;
    expect(woke).toBe(true);
    const timedOut = log.wait(1, 50);
    clock.advance(50);
    await timedOut;
  });
});
