import { describe, expect, it } from 'vitest';
import { buildIncident } from '../../../../src/postmortem/incident/build.js';
import type { MarkerName } from '../../../../src/postmortem/incident/model.js';
import type { JournalEvent } from '../../../../src/runner/journal/events.js';
import { alert, finished, inject, iso, outageRun, phase, remove, runStarted, samples, scenario, snapshotAt, verdict } from './scenario.js';

/** Marker times as ms after T0 (undefined when not reached), for compact tables. */
function markerTimes(events: JournalEvent[]): Record<MarkerName, number | undefined> {
  const model = buildIncident(events);
  return Object.fromEntries(model.markers.map((m) => [m.name, m.at === undefined ? undefined : Date.parse(m.at) - Date.parse(iso(0))])) as Record<MarkerName, number | undefined>;
}

describe('phase markers', () => {
  it.each([
    {
      name: 'a page, a removal and a clean recovery: every marker, INCIDENT ENDS one hold (recovery.within 3s) after OUTAGE ENDS',
      events: outageRun(),
      expected: { 'OUTAGE BEGINS': 5200, 'INCIDENT BEGINS': 6300, 'OUTAGE MITIGATED': 10_200, 'OUTAGE ENDS': 11_000, 'INCIDENT ENDS': 14_000 },
    },
    {
      name: 'no alert: INCIDENT BEGINS is not reached, the outage markers are',
      events: outageRun({ alerts: false }),
      expected: { 'OUTAGE BEGINS': 5200, 'INCIDENT BEGINS': undefined, 'OUTAGE MITIGATED': 10_200, 'OUTAGE ENDS': 11_000, 'INCIDENT ENDS': 14_000 },
    },
    {
      name: 'errors until the load ends: OUTAGE ENDS and INCIDENT ENDS are not reached',
      events: outageRun({ failing: (s) => (s >= 5 ? 4 : 0) }),
      expected: { 'OUTAGE BEGINS': 5200, 'INCIDENT BEGINS': 6300, 'OUTAGE MITIGATED': 10_200, 'OUTAGE ENDS': undefined, 'INCIDENT ENDS': undefined },
    },
    {
      name: 'a relapse after recovery: OUTAGE ENDS is the start of the streak that lasts',
      events: outageRun({ failing: (s) => ((s >= 5 && s <= 10) || s === 12 ? 4 : 0) }),
      expected: { 'OUTAGE BEGINS': 5200, 'INCIDENT BEGINS': 6300, 'OUTAGE MITIGATED': 10_200, 'OUTAGE ENDS': 13_000, 'INCIDENT ENDS': 16_000 },
    },
    {
      name: 'nominal but too short before the load ends: OUTAGE ENDS without INCIDENT ENDS',
      events: outageRun({ failing: (s) => (s >= 5 && s <= 17 ? 4 : 0) }),
      expected: { 'OUTAGE BEGINS': 5200, 'INCIDENT BEGINS': 6300, 'OUTAGE MITIGATED': 10_200, 'OUTAGE ENDS': 18_000, 'INCIDENT ENDS': undefined },
    },
    {
      name: 'the impact starts a second after the injection: OUTAGE BEGINS at that second, not at the injection',
      events: outageRun({ failing: (s) => (s >= 7 && s <= 10 ? 4 : 0) }),
      // the budget burns from the injection in this scenario, so it marks the start: the earlier signal wins
      expected: { 'OUTAGE BEGINS': 5200, 'INCIDENT BEGINS': 6300, 'OUTAGE MITIGATED': 10_200, 'OUTAGE ENDS': 11_000, 'INCIDENT ENDS': 14_000 },
    },
  ])('$name', ({ events, expected }) => {
    expect(markerTimes(events)).toEqual(expected);
  });

  it('takes OUTAGE BEGINS from the first impaired second when no budget burns, clipped to the fault start', () => {
    const events = scenario([[0, runStarted()], phase(0, 'baseline', 'started'), inject(5200, 'f'), ...samples(0, 12, (s) => (s >= 7 && s <= 8 ? 3 : 0)), remove(9000, 'f'), finished(12_500)]);
    expect(markerTimes(events)['OUTAGE BEGINS']).toBe(7000);
    const model = buildIncident(events);
    expect(model.markers[0]?.explanation).toBe('first impaired second: 3 of 10 requests failed (30 %); p99 40 ms');
  });

  it('takes OUTAGE BEGINS from the budget when the load looks nominal but an SLO burns', () => {
    const events = scenario([
      [0, runStarted()],
      phase(0, 'baseline', 'started'),
      inject(5200, 'f'),
      ...samples(0, 12),
      snapshotAt(5050, { 'gateway-order-availability': 0 }),
      snapshotAt(6050, { 'gateway-order-availability': 0 }),
      snapshotAt(7050, { 'gateway-order-availability': 0.2 }),
      remove(9000, 'f'),
      finished(12_500),
    ]);
    const begins = buildIncident(events).markers[0];
    expect(begins).toMatchObject({ name: 'OUTAGE BEGINS', at: iso(6050), explanation: 'gateway-order-availability started burning error budget (the snapshot at 10:00:07.050)' });
  });

  it('reaches no marker when nothing is impaired and no page fires, and says why', () => {
    const events = scenario([[0, runStarted()], phase(0, 'baseline', 'started'), inject(5200, 'f'), ...samples(0, 12), snapshotAt(6050, { 'gateway-order-availability': 0 }), remove(9000, 'f'), finished(12_500)]);
    const model = buildIncident(events);
    expect(model.markers.map((m) => [m.name, m.at, m.explanation])).toEqual([
      ['OUTAGE BEGINS', undefined, 'while faults were in place no load second was worse than the baseline and no SLO burned budget beyond its baseline'],
      ['INCIDENT BEGINS', undefined, 'no page fired, so alerting never opened an incident'],
      ['OUTAGE MITIGATED', undefined, 'no outage began'],
      ['OUTAGE ENDS', undefined, 'no outage began'],
      ['INCIDENT ENDS', undefined, 'no outage began'],
    ]);
  });

  it('does not mitigate a fault with no recorded removal (a removal with an error does not count)', () => {
    const events = scenario([[0, runStarted()], phase(0, 'baseline', 'started'), inject(5200, 'f'), ...samples(0, 12, (s) => (s >= 5 ? 2 : 0)), remove(9000, 'f', 'rollback', 'orders_payments', { error: 'timeout' }), finished(12_500)]);
    const model = buildIncident(events);
    const mitigated = model.markers.find((m) => m.name === 'OUTAGE MITIGATED');
    expect([mitigated?.at, mitigated?.explanation]).toEqual([undefined, 'the journal records no removal of f']);
    expect(model.faults[0]?.removeErrors).toEqual(['timeout']);
  });

  it('places the markers on the timeline: on the event they are, or on a row of their own', () => {
    const model = buildIncident(outageRun());
    const rows = model.timeline.filter((row) => row.markers.length > 0).map((row) => [row.at.slice(11, 23), row.markers.join(','), row.text]);
    expect(rows).toEqual([
      ['10:00:05.200', 'OUTAGE BEGINS', 'First impaired second: 4 of 10 requests failed (40 %); p99 40 ms'],
      ['10:00:06.300', 'INCIDENT BEGINS', 'Page firing for gateway-order-availability (evaluator): fast burn: above 14.4× over 1h and 5m (5s and 4s at ×720)'],
      ['10:00:10.200', 'OUTAGE MITIGATED', 'Fault payments-down removed (scheduled)'],
      ['10:00:11.000', 'OUTAGE ENDS', 'Load back to nominal 800 ms after the removal: none of 10 requests failed; p99 40 ms'],
      ['10:00:14.000', 'INCIDENT ENDS', 'Exit criterion met: 3.0 s of nominal load since OUTAGE ENDS'],
    ]);
  });

  it('takes the exit criterion from recovery.within divided by the speed-up, and says so', () => {
    const model = buildIncident(scenario([[0, runStarted({ timeScale: 3600 })], verdict(100, 'held'), finished(200)]));
    expect(model.exitCriterion).toEqual({ holdMs: 1000, source: "the experiment's recovery.within, divided by the run's speed-up of 5 (600 ms), raised to one load sample (1 s)" });
  });

  it('orders the timeline by time, then by line', () => {
    const model = buildIncident(outageRun());
    const keys = model.timeline.map((row) => [Date.parse(row.at), row.seq] as const);
    expect(keys).toEqual([...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    expect(model.timeline[0]?.text).toBe('Run of experiments/payments-outage.yaml started (seed 7, embedded system)');
  });

  it('keeps the alert that paged before the fault out of INCIDENT BEGINS', () => {
    const events = outageRun({ alerts: false, extra: [alert(3000, 'firing', 'gateway-order-availability', 'page')] });
    expect(markerTimes(events)['INCIDENT BEGINS']).toBeUndefined();
  });
});
