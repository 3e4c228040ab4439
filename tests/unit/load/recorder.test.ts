import { describe, expect, it } from 'vitest';
import { failedCount, outcomeOfStatus, type OutcomeCounts } from '../../../src/load/outcomes.js';
import { LoadRecorder, type SecondBucket } from '../../../src/load/recorder.js';

const START = Date.UTC(2026, 0, 1);
const counts = (partial: Partial<OutcomeCounts>): OutcomeCounts => ({ '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, timeout: 0, error: 0, cancelled: 0, ...partial });

function recorder(plannedDurationMs: number) {
  const buckets: SecondBucket[] = [];
  return { buckets, recorder: new LoadRecorder({ startEpochMs: START, plannedDurationMs, onSecond: (b) => buckets.push(b) }) };
}

describe('outcome classes', () => {
  it.each([
    [200, '2xx'],
    [204, '2xx'],
    [302, '3xx'],
    [404, '4xx'],
    [429, '4xx'],
    [500, '5xx'],
    [503, '5xx'],
  ])('files status %i under %s', (status, outcome) => {
    expect(outcomeOfStatus(status)).toBe(outcome);
  });

  it('counts 5xx, timeouts and transport errors as failures, not 4xx or cancelled requests', () => {
    expect(failedCount(counts({ '2xx': 5, '4xx': 3, '5xx': 2, timeout: 1, error: 4, cancelled: 7 }))).toBe(7);
  });
});

describe('the load recorder', () => {
  it('files each request under the second it was scheduled in, whenever its outcome arrives', () => {
    const { buckets, recorder: r } = recorder(2000);
    const early = r.sent(100, 100, 'browse');
    const late = r.sent(900, 901, 'browse');
    r.missed(950, 'order');
    r.settle(early, 'browse', '2xx', 0.25);
    r.flush(1500);
    expect(buckets).toEqual([]); // second 0 still has a request in flight
    r.settle(late, 'browse', '5xx', 1.5);
    r.flush(1500);
    expect(buckets).toEqual([
      { second: 0, startEpochMs: START, spanMs: 1000, scheduled: 3, sent: 2, missed: 1, outcomes: counts({ '2xx': 1, '5xx': 1 }), failed: 1, latencyMs: { count: 2, p50: 0.25, p90: 1.5, p99: 1.5, max: 1.5 } },
    ]);
  });

  it('hands seconds over in order, once each, including empty ones, and never past the plan', () => {
    const { buckets, recorder: r } = recorder(3000);
    r.settle(r.sent(2500, 2500, 'browse'), 'browse', 'timeout');
    r.flush(10_000);
    expect(buckets.map((b) => [b.second, b.scheduled, b.latencyMs])).toEqual([
      [0, 0, null],
      [1, 0, null],
      [2, 1, null],
    ]);
    r.flush(20_000);
    r.finish();
    expect(buckets).toHaveLength(3);
    expect(buckets[2]?.outcomes.timeout).toBe(1);
  });

  it('gives the percentiles of each second exactly for sub-2 ms values', () => {
    const { buckets, recorder: r } = recorder(1000);
    for (let i = 1; i <= 100; i++) r.settle(r.sent(i, i, 'browse'), 'browse', '2xx', i / 100);
    r.finish();
    expect(buckets[0]?.latencyMs).toEqual({ count: 100, p50: 0.5, p90: 0.9, p99: 0.99, max: 1 });
  });

  it('keeps large latencies within 0.1 % (three significant digits)', () => {
    const { recorder: r } = recorder(1000);
    for (let i = 1; i <= 1000; i++) r.settle(r.sent(i / 2, i / 2, 'browse'), 'browse', '2xx', i);
    const latency = r.finish().latencyMs;
    expect(latency?.max).toBe(1000);
    expect(latency?.mean).toBe(500.5);
    for (const [value, expected] of [[latency?.p50, 500], [latency?.p90, 900], [latency?.p99, 990], [latency?.p999, 999]] as const) {
      expect(Math.abs((value as number) / expected - 1)).toBeLessThan(0.001);
    }
  });

  it('sums the run: outcomes, missed, per kind, error codes and the achieved rate', () => {
    const { recorder: r } = recorder(2000);
    r.settle(r.sent(0, 0, 'browse'), 'browse', '2xx', 1);
    r.settle(r.sent(500, 500, 'order'), 'order', '4xx', 2);
    r.settle(r.sent(1000, 1002, 'order'), 'order', 'error');
    r.errorCode('ECONNRESET');
    r.errorCode('ECONNRESET');
    r.missed(1500, 'browse');
    const summary = r.finish();
    expect(summary).toMatchObject({
      startEpochMs: START,
      plannedDurationMs: 2000,
      elapsedMs: 2000,
      stopped: false,
      scheduled: 4,
      sent: 3,
      missed: 1,
      outcomes: counts({ '2xx': 1, '4xx': 1, error: 1 }),
      failed: 1,
      achievedRate: 1.5,
      startLagMs: { p50: 0, p99: 2, max: 2 },
      errors: { ECONNRESET: 2 },
    });
    expect(summary.byKind).toEqual({
      browse: { scheduled: 2, sent: 1, missed: 1, outcomes: counts({ '2xx': 1 }), failed: 0 },
      order: { scheduled: 2, sent: 2, missed: 0, outcomes: counts({ '4xx': 1, error: 1 }), failed: 1 },
    });
  });

  it('ends a stopped run at the stop: the last second is partial and the rate counts time until then', () => {
    const { buckets, recorder: r } = recorder(10_000);
    r.settle(r.sent(200, 200, 'browse'), 'browse', '2xx', 1);
    r.settle(r.sent(1100, 1100, 'browse'), 'browse', 'cancelled');
    const summary = r.finish(1250);
    expect(buckets.map((b) => [b.second, b.spanMs, b.sent])).toEqual([
      [0, 1000, 1],
      [1, 250, 1],
    ]);
    expect(summary).toMatchObject({ stopped: true, elapsedMs: 1250, sent: 2, achievedRate: 1.6, failed: 0 });
    expect(summary.outcomes.cancelled).toBe(1);
  });

  it('marks the last second of a plan that ends mid-second as partial', () => {
    const { buckets, recorder: r } = recorder(2500);
    r.finish();
    expect(buckets.map((b) => b.spanMs)).toEqual([1000, 1000, 500]);
  });

  it('keeps recording when the observer throws (observers never break a run)', () => {
    let calls = 0;
    const r = new LoadRecorder({
      startEpochMs: START,
      plannedDurationMs: 3000,
      onSecond: () => {
        calls++;
        throw new Error('journal full');
      },
    });
    r.flush(5000);
    expect(r.finish().scheduled).toBe(0);
    expect(calls).toBe(3);
  });
});
