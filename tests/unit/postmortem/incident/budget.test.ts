import { describe, expect, it } from 'vitest';
import { budgetImpacts, sliceInterval } from '../../../../src/postmortem/incident/budget.js';
import { buildIncident } from '../../../../src/postmortem/incident/build.js';
import { faultWindows } from '../../../../src/postmortem/incident/faults.js';
import type { SloSnapshotEvent } from '../../../../src/runner/journal/events.js';
import { finished, inject, iso, outageRun, remove, runStarted, scenario, snapshotAt, T0 } from './scenario.js';

const W = (faultId: string, from: number, to: number) => ({ faultId, from, to });

describe('budget attribution by time slicing', () => {
  it.each([
    { name: 'an interval inside one fault goes to it', from: 1000, to: 2000, delta: 0.4, windows: [W('a', 0, 5000)], expected: [[1000, 2000, 0.4, ['a']]] },
    { name: 'an interval outside every fault goes outside', from: 1000, to: 2000, delta: 0.4, windows: [W('a', 3000, 5000)], expected: [[1000, 2000, 0.4, []]] },
    { name: 'a fault starting mid-interval takes its share', from: 1000, to: 2000, delta: 0.4, windows: [W('a', 1250, 5000)], expected: [[1000, 1250, 0.1, []], [1250, 2000, 0.3, ['a']]] },
    { name: 'overlapping faults are both active over the overlap', from: 0, to: 1000, delta: 1, windows: [W('a', 0, 500), W('b', 250, 1000)], expected: [[0, 250, 0.25, ['a']], [250, 500, 0.25, ['a', 'b']], [500, 1000, 0.5, ['b']]] },
    { name: 'two snapshots at one instant: whatever is active then', from: 1000, to: 1000, delta: 0.2, windows: [W('a', 500, 1500)], expected: [[1000, 1000, 0.2, ['a']]] },
  ])('$name', ({ from, to, delta, windows, expected }) => {
    expect(sliceInterval(from, to, delta, windows).map((p) => [p.fromMs, p.toMs, p.amount, p.faultIds])).toEqual(expected);
  });

  it('splits the overlap of two faults evenly, and the parts add up to the total', () => {
    // 0.1 burned per second; fault a over [1 s, 3 s], fault b over [2 s, 4 s], snapshots each second up to 5 s.
    const events = scenario([
      [0, runStarted()],
      inject(1000, 'a'),
      inject(2000, 'b', 'gateway_orders'),
      remove(3000, 'a'),
      remove(4000, 'b', 'scheduled', 'gateway_orders'),
      ...[0, 1, 2, 3, 4, 5].map((s) => snapshotAt(s * 1000, { slo: s / 10 })),
      finished(5000),
    ]);
    const snapshots = events.filter((e): e is SloSnapshotEvent => e.type === 'slo_snapshot');
    const [budget] = budgetImpacts(snapshots, faultWindows(events), T0 + 5000, []);
    expect(budget?.burned).toBeCloseTo(0.5, 12);
    expect(budget?.perFault.map((p) => [p.faultId, Number(p.burned.toFixed(12))])).toEqual([['a', 0.15], ['b', 0.15]]);
    expect(budget?.outside).toBeCloseTo(0.2, 12);
    expect(budget?.afterFaults).toBeCloseTo(0.1, 12);
    const sum = (budget?.perFault ?? []).reduce((n, p) => n + p.burned, 0) + (budget?.outside ?? 0);
    expect(sum).toBeCloseTo(budget?.burned as number, 12);
  });

  it('attributes a real run so that faults plus outside equal the total burned', () => {
    const { impact } = buildIncident(outageRun());
    const [budget] = impact.budgets;
    expect(budget?.burned).toBeCloseTo(0.5, 6);
    expect((budget?.perFault[0]?.burned ?? 0) + (budget?.outside ?? 0)).toBeCloseTo(budget?.burned as number, 12);
    // snapshots lag by 50 ms and spread each delta over its second: a little lands just outside the window
    expect(budget?.perFault[0]?.burned).toBeGreaterThan(0.45);
  });

  it('records when an SLO spent its whole budget, and names the snapshots', () => {
    const events = scenario([[0, runStarted()], inject(500, 'a'), ...[0, 1, 2, 3].map((s) => snapshotAt(s * 1000, { slo: s * 0.4 })), remove(2500, 'a'), finished(3500)]);
    const [budget] = buildIncident(events).impact.budgets;
    expect(budget).toMatchObject({ slo: 'slo', consumedAtStart: 0, consumedAtEnd: 1.2000000000000002, exhaustedAt: { at: iso(3000), line: 7 }, firstLine: 2, lastLine: 7 });
  });
});
