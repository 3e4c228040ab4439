import { describe, expect, it } from 'vitest';
import type { RequestResult } from '../../../src/load/generator.js';
import { RequestWindow } from '../../../src/runner/request-window.js';

const T = 1_800_000_000_000;

function result(atMs: number, outcome: RequestResult['outcome'], options: { kind?: string; latencyMs?: number } = {}): RequestResult {
  const answered = ['2xx', '3xx', '4xx', '5xx'].includes(outcome);
  return { kind: options.kind ?? 'browse', atEpochMs: T + atMs, outcome, ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : answered ? { latencyMs: 10 } : {}) };
}

function windowOf(results: RequestResult[], retentionMs = 60_000): RequestWindow {
  const window = new RequestWindow(retentionMs);
  for (const r of results) window.add(r);
  return window;
}

describe('RequestWindow.errorRatio', () => {
  it('counts 5xx, timeouts and transport errors as failures, and 2xx, 3xx and 4xx (the client’s mistake) as answered', () => {
    const window = windowOf([result(100, '2xx'), result(200, '3xx'), result(300, '4xx'), result(400, '5xx'), result(500, 'timeout'), result(600, 'error')]);
    expect(window.errorRatio([], 5000, T + 1000)).toEqual({ total: 6, failed: 3, ratio: 0.5, missed: 0 });
  });

  it('leaves out requests the runner cancelled and counts missed starts apart', () => {
    const window = windowOf([result(100, '2xx'), result(200, 'cancelled'), result(300, 'missed'), result(400, 'missed'), result(500, '5xx')]);
    expect(window.errorRatio([], 5000, T + 1000)).toEqual({ total: 2, failed: 1, ratio: 0.5, missed: 2 });
  });

  it('has no ratio (not NaN, not 0) without requests', () => {
    expect(windowOf([]).errorRatio([], 5000, T)).toEqual({ total: 0, failed: 0, ratio: undefined, missed: 0 });
    // Only missed starts: still nothing answered to judge.
    expect(windowOf([result(100, 'missed')]).errorRatio([], 5000, T + 1000).ratio).toBeUndefined();
  });

  it('reads the requests intended in (now − window, now]: the window’s start is excluded, now is included, the future is not', () => {
    const window = windowOf([result(0, '5xx'), result(1, '2xx'), result(5000, '2xx'), result(5001, '5xx')]);
    expect(window.errorRatio([], 5000, T + 5000)).toMatchObject({ total: 2, failed: 0 });
  });

  it('places a request at its intended start, not when it completed (a slow answer does not move to a later window)', () => {
    const window = new RequestWindow(60_000);
    window.add(result(5000, '2xx'));
    window.add(result(1000, 'timeout')); // started at T+1 s, settled last
    expect(window.errorRatio([], 2000, T + 6000)).toMatchObject({ total: 1, failed: 0 });
    expect(window.errorRatio([], 6000, T + 6000)).toMatchObject({ total: 2, failed: 1 });
  });

  it('counts only the kinds asked for, all of them when the list is empty', () => {
    const window = windowOf([result(100, '5xx', { kind: 'order' }), result(200, '2xx', { kind: 'browse' }), result(300, '2xx', { kind: 'product' }), result(400, 'missed', { kind: 'order' })]);
    expect(window.errorRatio(['order'], 5000, T + 1000)).toEqual({ total: 1, failed: 1, ratio: 1, missed: 1 });
    expect(window.errorRatio(['browse', 'product'], 5000, T + 1000)).toEqual({ total: 2, failed: 0, ratio: 0, missed: 0 });
    expect(window.errorRatio([], 5000, T + 1000).total).toBe(3);
  });

  it('forgets requests older than its retention', () => {
    const window = windowOf([result(0, '5xx'), result(9000, '2xx')], 10_000);
    expect(window.errorRatio([], 60_000, T + 9500)).toMatchObject({ total: 2, failed: 1 });
    expect(window.errorRatio([], 60_000, T + 10_000)).toMatchObject({ total: 1, failed: 0 });
  });

  it('stays exact across the compaction of a long run', () => {
    const window = new RequestWindow(1000);
    // 20 000 requests, one per ms, every tenth failed: the ring compacts several times on the way.
    for (let at = 1; at <= 20_000; at += 1) {
      window.add(result(at, at % 10 === 0 ? '5xx' : '2xx'));
      if (at % 1000 === 0) expect(window.errorRatio([], 1000, T + at)).toEqual({ total: 1000, failed: 100, ratio: 0.1, missed: 0 });
    }
  });
});

describe('RequestWindow.latencyPercentile', () => {
  const latencies = (values: number[], kind = 'browse') => values.map((latencyMs, i) => result(100 + i, '2xx', { kind, latencyMs }));

  it('is the nearest-rank percentile of the answered requests', () => {
    const window = windowOf(latencies([50, 10, 40, 20, 30, 60, 70, 80, 90, 100]));
    expect(window.latencyPercentile(50, [], 5000, T + 1000)).toBe(50);
    expect(window.latencyPercentile(90, [], 5000, T + 1000)).toBe(90);
    expect(window.latencyPercentile(99, [], 5000, T + 1000)).toBe(100);
    expect(window.latencyPercentile(1, [], 5000, T + 1000)).toBe(10);
  });

  it('counts errors answered with a status (their latency is real) but not transport errors, cancelled or missed requests', () => {
    const window = windowOf([result(100, '2xx', { latencyMs: 10 }), result(101, '5xx', { latencyMs: 900 }), result(102, 'error'), result(103, 'cancelled'), result(104, 'missed')]);
    expect(window.latencyPercentile(50, [], 5000, T + 1000)).toBe(10);
    expect(window.latencyPercentile(99, [], 5000, T + 1000)).toBe(900);
  });

  it('ranks a timed-out request above every answer, so a percentile that reaches the timeouts is infinite', () => {
    const window = windowOf([...latencies([10, 20, 30, 40, 50, 60, 70, 80]), result(200, 'timeout'), result(201, 'timeout')]);
    expect(window.latencyPercentile(80, [], 5000, T + 1000)).toBe(80);
    expect(window.latencyPercentile(90, [], 5000, T + 1000)).toBe(Number.POSITIVE_INFINITY);
  });

  it('is undefined without requests, and looks only at the kinds and the window asked for', () => {
    const window = windowOf([...latencies([500], 'order'), ...latencies([5, 6, 7], 'browse'), result(4000, '2xx', { latencyMs: 1000 })]);
    expect(windowOf([]).latencyPercentile(99, [], 5000, T)).toBeUndefined();
    expect(window.latencyPercentile(99, ['order'], 2000, T + 1000)).toBe(500);
    expect(window.latencyPercentile(99, ['browse'], 2000, T + 1000)).toBe(7);
    expect(window.latencyPercentile(99, ['product'], 2000, T + 1000)).toBeUndefined();
    expect(window.latencyPercentile(99, [], 1000, T + 4500)).toBe(1000);
  });
});
