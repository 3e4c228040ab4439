import { describe, expect, it } from 'vitest';
import type { AbortCondition, CheckCondition, Experiment } from '../../../src/runner/experiment/model.js';
import { RequestWindow, requestHistoryMs } from '../../../src/runner/request-window.js';

/**
 * How much request history a run keeps: the longest window of a condition that reads the requests
 * (error-ratio and latency checks, error-ratio abort conditions), at least a minute. Burn-rate checks
 * and aborts carry the SLO's nominal window and read the evaluator, so they size nothing.
 */

function experiment(checks: CheckCondition[], abort: AbortCondition[] = []): Pick<Experiment, 'steadyState' | 'abort'> {
  return {
    steadyState: { baselineMs: 5000, everyMs: 1000, checks: checks.map((condition, i) => ({ name: `check-${i}`, when: ['before', 'during', 'after'], condition })) },
    abort,
  };
}

const errorRatio = (windowMs: number): CheckCondition => ({ kind: 'errorRatio', maxPercent: 1, windowMs, kinds: [] });
const latency = (windowMs: number): CheckCondition => ({ kind: 'latency', percentile: 99, maxMs: 500, windowMs, kinds: [] });
const burnRate = (windowMs: number): CheckCondition => ({ kind: 'burnRate', slo: 'gateway-availability', windowMs, max: 14.4 });
const abortOnErrors = (windowMs: number): AbortCondition => ({ kind: 'errorRatio', abovePercent: 50, forMs: 1000, windowMs });

describe('requestHistoryMs', () => {
  it('keeps a minute when nothing reads a longer window', () => {
    expect(requestHistoryMs(experiment([]))).toBe(60_000);
    expect(requestHistoryMs(experiment([errorRatio(10_000), latency(30_000)], [abortOnErrors(5000)]))).toBe(60_000);
  });

  it('keeps the longest error-ratio or latency check window', () => {
    expect(requestHistoryMs(experiment([errorRatio(90_000), latency(30_000)]))).toBe(90_000);
    expect(requestHistoryMs(experiment([errorRatio(10_000), latency(120_000)]))).toBe(120_000);
  });

  it('does not keep 5 minutes of requests for a burn-rate check: its nominal window is the evaluator’s business', () => {
    expect(requestHistoryMs(experiment([burnRate(300_000), errorRatio(10_000)]))).toBe(60_000);
    expect(requestHistoryMs(experiment([{ kind: 'budget', slo: 'gateway-availability', maxConsumedPercent: 50 }, { kind: 'probe', target: { path: '/' }, expectStatus: [200], timeoutMs: 900_000 }]))).toBe(60_000);
    expect(requestHistoryMs(experiment([], [{ kind: 'burnRate', slo: 'gateway-availability', windowMs: 3_600_000, above: 14.4, forMs: 0 }, { kind: 'budgetBurned', slo: 'gateway-availability', abovePercent: 50 }]))).toBe(60_000);
  });

  it('counts the error-ratio abort conditions’ windows, which read the requests too', () => {
    expect(requestHistoryMs(experiment([errorRatio(10_000)], [abortOnErrors(120_000)]))).toBe(120_000);
    expect(requestHistoryMs(experiment([errorRatio(150_000)], [abortOnErrors(120_000)]))).toBe(150_000);
  });

  it('keeps enough for an abort window longer than every check’s, so that window is not cut short', () => {
    const T = 1_800_000_000_000;
    const window = new RequestWindow(requestHistoryMs(experiment([errorRatio(10_000)], [abortOnErrors(120_000)])));
    // Failures 100 s ago and successes just now: over 120 s the ratio is one half, not zero.
    for (let i = 0; i < 10; i += 1) window.add({ kind: 'browse', atEpochMs: T - 100_000 + i, outcome: '5xx', latencyMs: 5 });
    for (let i = 0; i < 10; i += 1) window.add({ kind: 'browse', atEpochMs: T - 1000 + i, outcome: '2xx', latencyMs: 5 });
    expect(window.errorRatio([], 120_000, T)).toMatchObject({ total: 20, failed: 10, ratio: 0.5 });
  });
});
