import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Slo } from '../../../src/slo/model.js';
import { loadSloSet } from '../../../src/slo/load.js';
import { parseTopology } from '../../../src/topology/load.js';
import { SHOP_KINDS, weightedKinds, type Journey } from '../../../load/k6/lib/mix.js';
import { errorBudget, JOURNEY_SLOS, sloThresholds } from '../../../load/k6/lib/thresholds.js';

const file = (relative: string) => new URL(`../../../${relative}`, import.meta.url);
const services = parseTopology(readFileSync(file('services/topology.yaml'), 'utf8'), 'services/topology.yaml').services.map((s) => s.name);
/** slo/shop.yaml through the same loader as `faultline slo compile`. */
const slos = await loadSloSet(fileURLToPath(file('slo/shop.yaml')), { services });

/** The gateway's SLOs per journey label: what a k6 run against the gateway can judge. */
const gatewayJourneys = slos.slos.filter((slo) => slo.service === 'gateway' && slo.labels.journey !== undefined);
const sloOf = (journey: string, kind: Slo['sli']['kind']): Slo => {
  const found = gatewayJourneys.filter((slo) => slo.labels.journey === journey && slo.sli.kind === kind);
  expect(found, `one ${kind} SLO for journey ${journey}`).toHaveLength(1);
  return found[0] as Slo;
};
const filterOf = (slo: Slo) => (slo.sli.kind === 'availability' || slo.sli.kind === 'latency' ? slo.sli.filter : { routes: [] as string[] });

/** Parse `rate<=0.001` and `p(99)<=300` back into numbers. */
const rateBound = (expression: string) => Number(/^rate<=([0-9.e-]+)$/.exec(expression)?.[1]);
const percentileBound = (expression: string) => {
  const match = /^p\(([0-9.]+)\)<=([0-9.]+)$/.exec(expression);
  return match ? { percentile: Number(match[1]), ms: Number(match[2]) } : undefined;
};

describe('the k6 thresholds agree with slo/shop.yaml', () => {
  it('mirror every gateway journey the SLOs declare, and no other', () => {
    expect(new Set(gatewayJourneys.map((slo) => slo.labels.journey))).toEqual(new Set(Object.keys(JOURNEY_SLOS)));
  });

  it.each(Object.keys(JOURNEY_SLOS) as Journey[])('copy the %s journey objectives and latency threshold', (journey) => {
    const availability = sloOf(journey, 'availability');
    const latency = sloOf(journey, 'latency');
    if (latency.sli.kind !== 'latency') throw new Error('unreachable');
    expect(JOURNEY_SLOS[journey]).toEqual({
      availability: availability.objective,
      latency: { objective: latency.objective, thresholdMs: Math.round(latency.sli.thresholdSeconds * 1000) },
    });
  });

  it.each(SHOP_KINDS.map((kind) => [kind.name, kind] as const))("put the %s kind on the routes its journey's SLOs count", (_name, kind) => {
    for (const category of ['availability', 'latency'] as const) {
      const filter = filterOf(sloOf(kind.journey, category));
      expect(filter.routes).toContain(kind.route);
      if (filter.method !== undefined) expect(filter.method).toBe(kind.method);
    }
  });

  it('leave no route of a gateway journey SLO without a request kind', () => {
    for (const slo of gatewayJourneys) {
      for (const route of filterOf(slo).routes) expect(SHOP_KINDS.some((kind) => kind.route === route && kind.journey === slo.labels.journey), `${slo.id} ${route}`).toBe(true);
    }
  });

  it('hold every kind and journey to the error budget and every journey to its latency percentile', () => {
    const thresholds = sloThresholds(SHOP_KINDS);
    const expected: Record<string, unknown> = {};
    for (const kind of SHOP_KINDS) expected[`http_req_failed{kind:${kind.name}}`] = [expect.any(String)];
    for (const journey of Object.keys(JOURNEY_SLOS)) {
      expected[`http_req_failed{journey:${journey}}`] = [expect.any(String)];
      expected[`http_req_duration{journey:${journey}}`] = [expect.any(String)];
    }
    expect(thresholds).toEqual(expected);

    for (const kind of SHOP_KINDS) {
      const slo = sloOf(kind.journey, 'availability');
      expect(rateBound((thresholds[`http_req_failed{kind:${kind.name}}`] as string[])[0] as string)).toBeCloseTo((100 - slo.objective) / 100, 12);
    }
    for (const journey of Object.keys(JOURNEY_SLOS)) {
      const availability = sloOf(journey, 'availability');
      expect(rateBound((thresholds[`http_req_failed{journey:${journey}}`] as string[])[0] as string)).toBeCloseTo((100 - availability.objective) / 100, 12);
      const latency = sloOf(journey, 'latency');
      if (latency.sli.kind !== 'latency') throw new Error('unreachable');
      expect(percentileBound((thresholds[`http_req_duration{journey:${journey}}`] as string[])[0] as string)).toEqual({ percentile: latency.objective, ms: latency.sli.thresholdSeconds * 1000 });
    }
  });

  it('write the budgets as people do: 99.9 % leaves rate<=0.001', () => {
    expect(errorBudget(99.9)).toBe(0.001);
    expect(errorBudget(99)).toBe(0.01);
    expect(errorBudget(99.95)).toBe(0.0005);
    expect(sloThresholds(SHOP_KINDS)['http_req_failed{kind:order}']).toEqual(['rate<=0.001']);
    expect(sloThresholds(SHOP_KINDS)['http_req_duration{journey:browse}']).toEqual(['p(99)<=300']);
    expect(sloThresholds(SHOP_KINDS)['http_req_duration{journey:order}']).toEqual(['p(99)<=1000']);
  });

  it('leave out the kinds and journeys a mix does not send', () => {
    expect(Object.keys(sloThresholds(weightedKinds({ browse: 1 }))).sort()).toEqual(['http_req_duration{journey:browse}', 'http_req_failed{journey:browse}', 'http_req_failed{kind:browse}']);
  });
});
