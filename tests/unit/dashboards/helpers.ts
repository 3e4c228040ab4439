import { readFileSync } from 'node:fs';
import { knownSeries, recordedSeries } from '../../../src/dashboards/known-series.js';
import { compileRules } from '../../../src/slo/rules.js';
import { parseTopology } from '../../../src/topology/load.js';
import { load, shippedSlos } from '../slo/helpers.js';

/** The shipped topology, as `faultline dashboards generate` reads it by default. */
export const shippedTopology = parseTopology(readFileSync(new URL('../../../services/topology.yaml', import.meta.url), 'utf8'), 'services/topology.yaml');

/**
 * Every series a dashboard may read: conventions.ts, Prometheus' built-ins, and the rules compiled
 * from slo/shop.yaml in real time (the checked-in slo/generated/) and compressed 720× (a one-hour
 * game day, whose windows have other names). The dashboards read each window through a `__name__`
 * regex, so they must find series under both.
 */
export const TIME_SCALES = [1, 720] as const;
export const known = knownSeries(TIME_SCALES.flatMap((timeScale) => recordedSeries(compileRules(load(shippedSlos), { timeScale }).groups)));

/** A deep copy to mutate in negative tests. */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
