/**
 * k6 thresholds that say what the shop's SLOs say (slo/shop.yaml, the gateway's two journeys), so a
 * k6 run ends red (exit code 99) exactly when its traffic alone would breach an objective.
 *
 * Pure, and a copy of the numbers rather than a read of the YAML (k6 has no YAML parser, and `open()`
 * paths are resolved against the script, which breaks in archives and containers): the copy cannot
 * drift, because tests/unit/k6/thresholds.test.ts loads slo/shop.yaml through src/slo/load.ts and
 * fails when an objective, a threshold, a journey or a route differs from what is written here.
 */
import type { Journey, ShopKind } from './mix.ts';

export interface JourneySlo {
  /** Availability objective in percent: at most (100 − objective) % of requests fail. */
  availability: number;
  /** Latency objective: `objective` % of requests are answered within `thresholdMs`. */
  latency: { objective: number; thresholdMs: number };
}

/** gateway-browse-* and gateway-order-* of slo/shop.yaml. */
export const JOURNEY_SLOS: Readonly<Record<Journey, JourneySlo>> = {
  browse: { availability: 99.9, latency: { objective: 99, thresholdMs: 300 } },
  order: { availability: 99.9, latency: { objective: 99, thresholdMs: 1000 } },
};

/** The error budget as a ratio: 99.9 → 0.001 (rounded, so the threshold reads as people write it). */
export function errorBudget(objective: number): number {
  return Number(((100 - objective) / 100).toPrecision(12));
}

/**
 * One threshold set per k6 run, keyed by sub-metric:
 * - `http_req_failed{kind:<kind>}`: each request kind fails at most the budget of its journey's
 *   availability SLO (the experiments' per-kind errorRatio checks, held to the SLO);
 * - `http_req_failed{journey:<journey>}`: the SLO itself, over all of the journey's routes;
 * - `http_req_duration{journey:<journey>}`: p(objective) within the latency threshold.
 *
 * `<=` because an SLO is met at exactly its objective. "Failed" is what the SLOs count (5xx,
 * timeouts and transport errors), which needs the scripts' response callback (2xx–4xx expected):
 * k6's default also counts 4xx as failed. Journeys and kinds the mix does not send get no threshold.
 */
export function sloThresholds(kinds: readonly Pick<ShopKind, 'name' | 'journey'>[]): Record<string, string[]> {
  const thresholds: Record<string, string[]> = {};
  for (const kind of kinds) thresholds[`http_req_failed{kind:${kind.name}}`] = [`rate<=${errorBudget(JOURNEY_SLOS[kind.journey].availability)}`];
  const journeys = (Object.keys(JOURNEY_SLOS) as Journey[]).filter((journey) => kinds.some((kind) => kind.journey === journey));
  for (const journey of journeys) {
    const slo = JOURNEY_SLOS[journey];
    thresholds[`http_req_failed{journey:${journey}}`] = [`rate<=${errorBudget(slo.availability)}`];
    thresholds[`http_req_duration{journey:${journey}}`] = [`p(${slo.latency.objective})<=${slo.latency.thresholdMs}`];
  }
  return thresholds;
}
