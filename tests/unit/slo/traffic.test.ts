import { describe, expect, it } from 'vitest';
import type { Slo } from '../../../src/slo/model.js';
import { eventNoun, pairTraffic, trafficReport, trafficReports } from '../../../src/slo/traffic.js';
import { planWindows } from '../../../src/slo/windows.js';
import { load, sloFile } from './helpers.js';

const PER_HOUR = 1 / 3600;
const D = 86_400_000;

/** One SLO of the gateway, availability unless another SLI is given. */
const slo = (objective = 99.9, sli = 'availability: {}', extra = ''): Slo =>
  load(sloFile(`  - service: gateway\n    name: checkout\n    objective: ${objective}\n${extra}    sli:\n      ${sli}\n`)).slos[0] as Slo;

const report = (rate: number, timeScale = 1, objective = 99.9, minFailures?: number) => {
  const s = slo(objective);
  return trafficReport(s, planWindows(s.periodMs, { timeScale }), rate, minFailures !== undefined ? { minFailures } : {});
};
const pageQuick = (r: ReturnType<typeof report>) => r.tiers[0] as (typeof r.tiers)[number];

describe('one pair of windows', () => {
  it('is decided by its long window: few events in the short one do not make one failure fire it', () => {
    // 14.4× on a 1 % budget: one failure fires the pair only if the long window holds under 1 ÷ 0.144 = 6.9 events.
    const busyLong = pairTraffic(14.4, 0.01, { short: 5, long: 555 });
    expect(busyLong).toMatchObject({ failuresToFire: 80, low: false });
    expect(busyLong.oneFailureBurn.short).toBeCloseTo(20, 9);
    expect(busyLong.oneFailureBurn.long).toBeCloseTo(0.18, 2);
    expect(pairTraffic(14.4, 0.01, { short: 5, long: 6 })).toMatchObject({ failuresToFire: 1, low: true });
    expect(pairTraffic(14.4, 0.01, { short: 5, long: 7 })).toMatchObject({ failuresToFire: 2, low: false });
    expect(pairTraffic(14.4, 0.01, { short: 5, long: 7 }, 3)).toMatchObject({ failuresToFire: 2, low: true });
  });
});

describe('the low-traffic guardrail', () => {
  it("reproduces the Workbook's example: at 10 requests an hour one failure pages (a 100× burn) and the 30-day budget holds 7.2 failures", () => {
    const r = report(10 * PER_HOUR);
    expect(pageQuick(r).longEvents).toBeCloseTo(10, 9);
    expect(pageQuick(r).oneFailureBurn.long).toBeCloseTo(100, 6);
    expect(pageQuick(r).failuresToFire).toBe(1);
    expect(r.budgetEvents).toBeCloseTo(7.2, 9);
    expect(r.tiers.every((tier) => tier.low)).toBe(true);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]?.message).toMatch(
      /^low traffic: at 0\.00278 requests\/s a single failure fires the page \(quick, 14\.4×\), page \(slow, 6×\), ticket \(quick, 3×\) and ticket \(slow, 1×\) alerts: their long windows \(1h, 6h, 1d, 3d\) hold about 10, 60, 240 and 720 requests, so one failure is a 100×, 16\.7×, 4\.17× and 1\.39× burn/,
    );
    expect(r.warnings[0]?.message).toMatch(/The whole 30d budget allows only 7\.2 failures\. For each to need 2 failures: 0\.0193 requests\/s or more \(synthetic traffic counts\), or merging it with related SLOs\.$/);
  });

  it('counts the events of both windows and the failures that fire each tier (k ÷ events > factor × budget)', () => {
    const r = report(45);
    expect(r.tiers.map((t) => [t.shortEvents, t.longEvents])).toEqual([
      [13_500, 162_000],
      [81_000, 972_000],
      [324_000, 3_888_000],
      [972_000, 11_664_000],
    ]);
    expect(r.tiers.map((t) => t.failuresToFire)).toEqual([2333, 5832, 11664, 11664]);
    expect(r.warnings).toEqual([]);
  });

  it.each([
    { rate: 0.0193, low: false },
    { rate: 0.0192, low: true },
  ])('needs 1 ÷ (14.4 × 0.1 % × 3600 s) = 0.01929 requests/s for the fast page to take two failures: $rate → low $low', ({ rate, low }) => {
    expect(pageQuick(report(rate)).rateNeeded).toBeCloseTo(1 / (14.4 * 0.001 * 3600), 9);
    expect(pageQuick(report(rate)).low).toBe(low);
  });

  it('shrinks the traffic of every window with the time scale: 5 requests/s is plenty in real time and at K = 60, one failure pages at K = 360', () => {
    expect(report(5, 1).warnings).toEqual([]);
    expect(report(5, 60).warnings).toEqual([]);
    const compressed = report(5, 360);
    expect(compressed.tiers.filter((t) => t.low).map((t) => `${t.severity} ${t.speed}`)).toEqual(['page quick']);
    expect(compressed.warnings[0]?.message).toMatch(/a time scale of at most 259 \(each window, and the traffic in it, shrinks K times\)/);
  });

  it.each([
    { timeScale: 259, low: false },
    { timeScale: 260, low: true },
  ])('suggests the largest time scale that is still enough (5 requests/s: 259): K = $timeScale → low $low', ({ timeScale, low }) => {
    expect(pageQuick(report(5, timeScale)).low).toBe(low);
  });

  it('reads the windows the rules use, clamped to four scrapes: at K = 720 the 5m short window is 4 s, not 0.42 s', () => {
    const tier = pageQuick(report(45, 720));
    expect(tier.shortMs).toBe(4000);
    expect(tier.shortEvents).toBe(180);
    expect(tier.longEvents).toBe(225);
  });

  it('lets a stricter rule ask for more failures: with --min-failures 5, a tier that fires on 4 warns', () => {
    const r = report(45, 720, 99.9, 5);
    expect(pageQuick(r).failuresToFire).toBe(4);
    expect(r.warnings[0]?.message).toMatch(/^low traffic: at 45 requests\/s the page \(quick, 14\.4×\) alert fires on 4 failures: its long window \(5s\) holds about 225 requests/);
    expect(r.warnings[0]?.message).toMatch(/For it to need 5 failures: 55\.6 requests\/s or more/);
  });

  it('never warns with a minimum of one failure', () => {
    expect(report(0.0001, 60, 99.9, 1).warnings).toEqual([]);
  });

  it('names what the SLI counts', () => {
    expect(['availability', 'latency', 'clientAvailability', 'custom'].map((kind) => eventNoun(kind as Slo['sli']['kind']))).toEqual(['requests', 'requests', 'calls', 'events']);
    const calls = slo(99.9, 'clientAvailability: { peer: catalog }');
    expect(trafficReport(calls, planWindows(30 * D), 0.001).warnings[0]?.message).toMatch(/0\.001 calls\/s .* about 3\.6, 22, 86 and 259 calls/);
  });
});

describe('trafficReports of a set', () => {
  const set = load(
    sloFile(
      [
        '  - service: gateway',
        '    name: declared',
        '    objective: 99.9',
        '    traffic: { expectedRate: 0.001 }',
        '    sli: { availability: {} }',
        '  - service: gateway',
        '    name: unknown',
        '    objective: 99.9',
        '    sli: { availability: {} }',
        '',
      ].join('\n'),
    ),
  );

  it('reports the SLOs that declare traffic.expectedRate, at the time scale of the file or the one given', () => {
    expect(trafficReports(set).map((r) => [r.slo, r.expectedRate, r.timeScale])).toEqual([['gateway-declared', 0.001, 1]]);
    expect(trafficReports(set, { timeScale: 60 }).map((r) => r.timeScale)).toEqual([60]);
  });

  it('reports every SLO at an expected rate that overrides the declared ones', () => {
    expect(trafficReports(set, { expectedRate: 100 }).map((r) => [r.slo, r.expectedRate, r.warnings.length])).toEqual([
      ['gateway-declared', 100, 0],
      ['gateway-unknown', 100, 0],
    ]);
  });
});
