import { describe, expect, it } from 'vitest';
import { buildIncident } from '../../../../src/postmortem/incident/build.js';
import { placeSamples, slowBounds, type LoadSecond } from '../../../../src/postmortem/incident/load.js';
import type { LoadSampleEvent } from '../../../../src/runner/journal/events.js';
import { alert, DOCUMENT, finished, inject, iso, outageRun, phase, remove, runStarted, sample, samples, scenario, T0 } from './scenario.js';

describe('detection per fault', () => {
  it.each([
    {
      name: 'the evaluator page 1.1 s after the injection',
      extra: [],
      alerts: true,
      expected: { by: 'gateway-order-availability page', source: 'evaluator', ttdMs: 1100 },
    },
    {
      name: "Alertmanager's page, preferred over the evaluator's when Prometheus ran",
      extra: [alert(7000, 'firing', 'gateway-order-availability', 'page', 'alertmanager', 6900)],
      alerts: true,
      expected: { by: 'gateway-order-availability page', source: 'alertmanager', ttdMs: 1800 },
    },
    {
      name: 'a ticket alone detects too',
      extra: [alert(8000, 'firing', 'gateway-order-availability', 'ticket')],
      alerts: false,
      expected: { by: 'gateway-order-availability ticket', source: 'evaluator', ttdMs: 2800 },
    },
    {
      name: 'an alert that fired before the fault does not detect it',
      extra: [alert(3000, 'firing', 'gateway-order-availability', 'page')],
      alerts: false,
      expected: undefined,
    },
    {
      name: 'an alert within the exit hold after the removal still detects it',
      extra: [alert(12_000, 'firing', 'gateway-order-availability', 'page')],
      alerts: false,
      expected: { by: 'gateway-order-availability page', source: 'evaluator', ttdMs: 6800 },
    },
    {
      name: 'an alert later than that belongs to something else',
      extra: [alert(15_000, 'firing', 'gateway-order-availability', 'page')],
      alerts: false,
      expected: undefined,
    },
  ])('$name', ({ extra, alerts, expected }) => {
    const [detection] = buildIncident(outageRun({ alerts, extra })).detection;
    const got = detection?.detectedBy ? { by: detection.detectedBy.alertname, source: detection.detectedBy.source, ttdMs: detection.ttdMs } : undefined;
    expect(got).toEqual(expected);
  });

  it("keeps Alertmanager's page and ticket apart when Sloth gives them one name and one start", () => {
    const burn = { type: 'alert', alertname: 'GatewayOrderAvailabilityBudgetBurn', slo: 'gateway-order-availability', startsAt: iso(6900), source: 'alertmanager' } as const;
    const model = buildIncident(
      outageRun({
        extra: [
          [7000, { ...burn, status: 'firing', severity: 'page' }],
          [7001, { ...burn, status: 'firing', severity: 'ticket' }],
          [11_000, { ...burn, status: 'resolved', severity: 'page', endsAt: iso(11_000) }],
          [12_000, { ...burn, status: 'resolved', severity: 'ticket', endsAt: iso(12_000) }],
        ],
      }),
    );
    expect(model.run.alertSource).toBe('alertmanager');
    expect(model.alerts.map((a) => [a.severity, a.firedAt, a.resolvedAt])).toEqual([
      ['page', iso(7000), iso(11_000)],
      ['ticket', iso(7001), iso(12_000)],
    ]);
  });

  it('measures time to mitigate (removal) and to resolve (back to nominal) from the injection', () => {
    const [detection] = buildIncident(outageRun()).detection;
    expect(detection).toMatchObject({ startedAt: iso(5200), impactAt: iso(5200), impaired: true, mitigatedAt: iso(10_200), ttmMs: 5000, resolvedAt: iso(11_000), ttrMs: 5800 });
  });

  it('names the burn-rate tier the snapshot before the page shows over its threshold', () => {
    const [detection] = buildIncident(outageRun()).detection;
    expect(detection?.detectedBy?.tiers).toEqual(['fast burn: above 14.4× over 1h and 5m (5s and 4s at ×720)', 'slow burn: above 6× over 6h and 30m (30s and 4s at ×720)']);
  });

  it('says "not detected by alerts" in the drafts when nothing fired', () => {
    const model = buildIncident(outageRun({ alerts: false }));
    expect(model.detection[0]?.detectedBy).toBeUndefined();
    expect(model.wentWrong.map((s) => s.text)).toContain('No alert fired for fault payments-down, although it impaired the load from 10:00:05.200 (24 of 60 requests failed (40 %); worst per-second p99 40 ms) and burned 47.4 % of gateway-order-availability\'s budget.');
  });
});

describe('impact in numbers', () => {
  it('counts the whole run, the seconds a fault touched and the rest', () => {
    const { impact } = buildIncident(outageRun());
    const pick = (c: typeof impact.total) => ({ seconds: c.seconds, attempted: c.attempted, failed: c.failed, errorRatio: c.errorRatio });
    expect(pick(impact.total)).toEqual({ seconds: 20, attempted: 200, failed: 24, errorRatio: 0.12 });
    expect(pick(impact.duringFaults)).toEqual({ seconds: 6, attempted: 60, failed: 24, errorRatio: 0.4 });
    expect(pick(impact.perFault[0]?.counts as typeof impact.total)).toEqual({ seconds: 6, attempted: 60, failed: 24, errorRatio: 0.4 });
    expect(pick(impact.outside)).toEqual({ seconds: 14, attempted: 140, failed: 0, errorRatio: 0 });
  });

  it('counts a second toward a fault when one of its requests was still in flight at the injection', () => {
    const events = scenario([[0, runStarted()], phase(0, 'baseline', 'started'), inject(5200, 'f'), sample(4, { ok: 9, failed: 1, p99: 300, max: 300 }), ...samples(5, 8, () => 2), remove(7500, 'f'), finished(9000)]);
    const { impact } = buildIncident(events);
    expect(impact.perFault[0]?.counts).toMatchObject({ seconds: 4, failed: 7 });
  });

  it('takes the slow threshold from the tightest latency check, or from the caller', () => {
    const document = { ...(DOCUMENT as object), steadyState: { checks: [{ name: 'p99 fast', latency: { percentile: 99, max: '400ms' } }, { name: 'p90 faster', latency: { percentile: 90, max: '250ms' } }] } };
    const events = scenario([[0, runStarted({ document })], finished(100)]);
    expect(buildIncident(events).impact).toMatchObject({ slowThresholdMs: 250, slowThresholdSource: 'the threshold of the check "p90 faster"' });
    expect(buildIncident(events, { slowThresholdMs: 100 }).impact).toMatchObject({ slowThresholdMs: 100, slowThresholdSource: 'given on the command line' });
    expect(buildIncident(scenario([[0, runStarted()], finished(100)])).impact.slowThresholdMs).toBeUndefined();
  });

  it.each([
    // answered, p50, p90, p99, max, threshold → the slow range the percentiles prove
    { answered: 100, p: [10, 20, 40, 50], threshold: 100, slow: { min: 0, max: 0 } },
    { answered: 100, p: [10, 20, 40, 150], threshold: 100, slow: { min: 1, max: 1 } },
    { answered: 100, p: [10, 20, 150, 200], threshold: 100, slow: { min: 2, max: 10 } },
    { answered: 100, p: [10, 150, 180, 200], threshold: 100, slow: { min: 11, max: 50 } },
    { answered: 100, p: [150, 180, 190, 200], threshold: 100, slow: { min: 51, max: 100 } },
    { answered: 10, p: [10, 20, 150, 150], threshold: 100, slow: { min: 1, max: 1 } },
    { answered: 0, p: [null, null, null, null], threshold: 100, slow: { min: 0, max: 0 } },
  ])('bounds slow requests: $answered answers, percentiles $p, threshold $threshold ms → $slow.min–$slow.max', ({ answered, p, threshold, slow }) => {
    const event: LoadSampleEvent = { seq: 1, time: iso(0), type: 'load_sample', second: T0 / 1000, sent: answered, ok: answered, failed: 0, byOutcome: { '2xx': answered }, missed: 0, p50Ms: p[0] ?? null, p90Ms: p[1] ?? null, p99Ms: p[2] ?? null, maxMs: p[3] ?? null };
    const [second] = placeSamples([event], undefined, 1000) as [LoadSecond];
    expect(slowBounds(second, threshold)).toEqual(slow);
  });

  it.each([
    { name: 'the load starts with the baseline, a fraction into a second', baselineMs: 250, second: 0, startMs: 250 },
    { name: 'the first bucket fell into the next whole second', baselineMs: 990, second: 1, startMs: 1000 },
    { name: 'no baseline phase: the contract reading', baselineMs: undefined, second: 0, startMs: 0 },
  ])('places samples on the clock: $name', ({ baselineMs, second, startMs }) => {
    const event: LoadSampleEvent = { seq: 1, time: iso(2000), type: 'load_sample', second: T0 / 1000 + second, sent: 1, ok: 1, failed: 0, byOutcome: { '2xx': 1 }, missed: 0, p50Ms: 5, p90Ms: 5, p99Ms: 5, maxMs: 5 };
    const [placed] = placeSamples([event], baselineMs === undefined ? undefined : T0 + baselineMs, 1000);
    expect(placed).toMatchObject({ startMs: T0 + startMs, endMs: T0 + startMs + 1000, settledByMs: T0 + startMs + 1005 });
  });

  it('waits the request timeout for a second with timeouts', () => {
    const event: LoadSampleEvent = { seq: 1, time: iso(2000), type: 'load_sample', second: T0 / 1000, sent: 2, ok: 1, failed: 1, byOutcome: { '2xx': 1, timeout: 1 }, missed: 0, p50Ms: 5, p90Ms: 5, p99Ms: 5, maxMs: 5 };
    expect(placeSamples([event], T0, 2000)[0]?.settledByMs).toBe(T0 + 3000);
  });

  it('defines nominal from the baseline seconds that finished before the first fault', () => {
    const events = scenario([[0, runStarted()], phase(0, 'baseline', 'started'), ...samples(0, 4, (s) => (s === 1 ? 1 : 0), { p99: 80 }), inject(4500, 'f'), remove(5000, 'f'), finished(6000)]);
    expect(buildIncident(events).impact.nominal).toEqual({
      errorRatio: 0.025,
      p99Ms: 80,
      baselineSeconds: 4,
      description: "from 4 baseline seconds, a second is nominal with an error ratio of at most 2.5 % (the baseline's) and a p99 of at most 80 ms (the baseline's worst second)",
    });
  });
});
