import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../../src/core/errors.js';
import { alertWindowsMs, burnFactor, planWindows, promDuration } from '../../../src/slo/windows.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

const table = (periodMs: number, options = {}) =>
  planWindows(periodMs, options).pairs.map((p) => `${p.severity} ${p.speed}: ${p.factor}× ${promDuration(p.shortMs)}/${promDuration(p.longMs)} (${p.budgetPercent} %)`);

describe('the multi-window multi-burn-rate table', () => {
  it("is the Workbook's for a 30-day period: page 14.4× 1h/5m and 6× 6h/30m, ticket 3× 1d/2h and 1× 3d/6h", () => {
    expect(table(30 * D)).toEqual(['page quick: 14.4× 5m/1h (2 %)', 'page slow: 6× 30m/6h (5 %)', 'ticket quick: 3× 2h/1d (10 %)', 'ticket slow: 1× 6h/3d (10 %)']);
  });

  it("has Sloth's 28-day factors, float artefacts included", () => {
    expect(planWindows(28 * D).pairs.map((p) => p.factor)).toEqual([13.44, 5.6000000000000005, 2.8000000000000003, 0.9333333333333333]);
  });

  it("has Sloth's 7-day example factors (8, 12.5, 20, 42 % of the budget)", () => {
    expect(planWindows(7 * D).pairs.map((p) => p.factor)).toEqual([13.44, 3.5, 1.4000000000000001, 0.98]);
  });

  it.each([30 * D, 28 * D, 7 * D])('spends the tier’s budget share when it fires (burn × long window / period), period %i ms', (period) => {
    for (const pair of planWindows(period).pairs) expect(pair.effectiveBudgetPercent).toBeCloseTo(pair.budgetPercent, 10);
  });

  it('computes burn factors as Sloth does: budget % × period hours / 100 / long window hours', () => {
    expect(burnFactor(2, 30 * D, H)).toBe(14.4);
    expect(burnFactor(10, 30 * D, 3 * D)).toBe(1);
  });

  it('refuses a period it has no table for', () => {
    expect(() => planWindows(90 * D)).toThrow(FaultlineError);
    expect(() => planWindows(90 * D)).toThrow(/no burn-rate window table for a 90d period; supported periods: 30d, 4w, 1w/);
  });
});

describe('time compression', () => {
  it('divides the period and every window by K and keeps the thresholds (K = 60, 1 s scrapes: 30d → 12h)', () => {
    const plan = planWindows(30 * D, { timeScale: 60 });
    expect(plan.periodMs).toBe(12 * H);
    expect(plan.scrapeIntervalMs).toBe(S);
    expect(table(30 * D, { timeScale: 60 })).toEqual(['page quick: 14.4× 5s/1m (2 %)', 'page slow: 6× 30s/6m (5 %)', 'ticket quick: 3× 2m/24m (10 %)', 'ticket slow: 1× 6m/1h12m (10 %)']);
    expect(plan.warnings).toEqual([]);
  });

  it('clamps windows under four scrape intervals and says so (K = 720: 30d → 1h, 5m → 0.42s → 4s)', () => {
    const plan = planWindows(30 * D, { timeScale: 720 });
    expect(plan.periodMs).toBe(H);
    expect(plan.pairs.map((p) => [promDuration(p.shortMs), promDuration(p.longMs), p.factor])).toEqual([
      ['4s', '5s', 14.4],
      ['4s', '30s', 6],
      ['10s', '2m', 3],
      ['30s', '6m', 1],
    ]);
    expect(plan.warnings).toEqual([
      'page (quick, 14.4×) short window 5m ÷ 720 = 416.67ms is under 4 scrape intervals (4 × 1s); clamped to 4s: the alert now needs 4s of fast burn before it can fire and keeps firing 4s after the burn stops',
      'page (slow, 6×) short window 30m ÷ 720 = 2.5s is under 4 scrape intervals (4 × 1s); clamped to 4s: the alert now needs 4s of fast burn before it can fire and keeps firing 4s after the burn stops',
    ]);
    expect(alertWindowsMs(plan).map(promDuration)).toEqual(['4s', '5s', '10s', '30s', '2m', '6m']);
  });

  it('says how much budget a clamped long window lets burn before the alert fires', () => {
    const plan = planWindows(30 * D, { timeScale: 720, scrapeIntervalMs: 2 * S });
    expect(plan.pairs[0]?.longMs).toBe(8 * S);
    expect(plan.pairs[0]?.effectiveBudgetPercent).toBeCloseTo(3.2, 10);
    expect(plan.warnings).toContain(
      'page (quick, 14.4×) long window 1h ÷ 720 = 5s is under 4 scrape intervals (4 × 2s); clamped to 8s: it fires only after about 3.2 % of the budget is gone instead of 2 %',
    );
    expect(plan.warnings).toContain('page (quick, 14.4×): after clamping both windows are 8s, so the pair is a single-window alert (slower to reset after a burn)');
  });

  it('scrapes every 30 s by default in real time, where no Workbook window needs clamping', () => {
    const plan = planWindows(30 * D);
    expect(plan.scrapeIntervalMs).toBe(30 * S);
    expect(plan.warnings).toEqual([]);
  });

  it.each([
    ['a time scale below 1', { timeScale: 0.5 }, /time scale must be a number of at least 1, not 0.5/],
    ['a scrape interval of 0', { scrapeIntervalMs: 0 }, /scrape interval must be positive/],
    ['a period squeezed under its windows', { timeScale: 1_000_000 }, /shrinks the 30d period to 2\.59s, no longer than its longest alert window \(4s/],
  ])('refuses %s', (_, options, message) => {
    expect(() => planWindows(30 * D, options)).toThrow(message);
  });
});

describe('Prometheus durations', () => {
  it.each([
    [30 * D, '30d'],
    [28 * D, '4w'],
    [7 * D, '1w'],
    [3 * D, '3d'],
    [72 * M, '1h12m'],
    [90 * S, '1m30s'],
    [417, '417ms'],
    [365 * D, '1y'],
    [0, '0s'],
  ])('formats %i ms as %s, like model.Duration.String()', (ms, text) => {
    expect(promDuration(ms)).toBe(text);
  });
});
