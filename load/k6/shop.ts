/**
 * What both scripts share: the configuration, the options around a scenario, the catalogue fetched
 * in setup() and one request per iteration. Not a script itself (it has no scenario): run
 * constant-rate.ts or ramping-rate.ts. This file and the entry scripts are the only ones that import
 * `k6/*`; lib/ stays pure so vitest can check it against the built-in generator.
 */
import exec from 'k6/execution';
import http from 'k6/http';
import type { Options, Scenario } from 'k6/options';
import { readConfig } from './lib/config.ts';
import { requestSequence, weightedKinds, type RequestSequence, type KindName, type ShopKind } from './lib/mix.ts';
import { sloThresholds } from './lib/thresholds.ts';

export const config = readConfig(__ENV);
const kinds: readonly ShopKind[] = weightedKinds(config.weights);
const kindByName = new Map<KindName, ShopKind>(kinds.map((kind) => [kind.name, kind]));

// Failed means what the SLOs count: 5xx, timeouts and transport errors (status 0). k6's default
// would also count 4xx, such as the 404 of an unknown product, which the gateway serves correctly.
http.setResponseCallback(http.expectedStatuses({ min: 200, max: 499 }));

export function shopOptions(scenario: Scenario): Options {
  return {
    scenarios: { shop: scenario },
    thresholds: sloThresholds(kinds),
    // The built-in reads each answer and drops it; so does k6 with this (setup() asks for its body).
    discardResponseBodies: true,
    // The built-in sends no redirects on: a 3xx is an answer.
    maxRedirects: 0,
    summaryTrendStats: ['avg', 'min', 'med', 'p(90)', 'p(99)', 'p(99.9)', 'max'],
    tags: { seed: String(config.seed) },
  };
}

export interface ShopData {
  productIds: string[];
}

/**
 * The product ids the catalogue serves now, as the runner fetches them before a run
 * (src/runner/run-load.ts): in its order, so the same seed picks the same products; none when the
 * catalogue does not answer 200, and product pages and orders then go to an unknown id (404).
 */
export function shopSetup(): ShopData {
  const response = http.get(`${config.target}/products`, { responseType: 'text', timeout: '5s', tags: { name: 'setup: catalogue' } });
  if (response.status < 200 || response.status > 299 || typeof response.body !== 'string') return { productIds: [] };
  const parsed = JSON.parse(response.body) as { products?: Array<{ id?: unknown }> };
  return { productIds: (parsed.products ?? []).map((product) => product.id).filter((id): id is string => typeof id === 'string') };
}

/** This VU's copy of the seeded request stream (each VU is its own JavaScript runtime). */
let sequence: RequestSequence | undefined;

/**
 * One scheduled start, one request: the built-in's request for the same start number. k6 numbers
 * the iterations it starts across all VUs (iterationInTest, from 0); a dropped iteration takes no
 * number, so after one k6's numbers run one ahead of the built-in's, which counts missed starts.
 */
export function shopIteration(data: ShopData): void {
  if (sequence === undefined) sequence = requestSequence(kinds, config.seed, data.productIds);
  const request = sequence.at(exec.scenario.iterationInTest);
  const kind = kindByName.get(request.kind) as ShopKind;
  http.request(request.method, `${config.target}${request.path}`, request.body ?? null, {
    headers: request.headers ?? {},
    timeout: config.timeout,
    // `name` groups every product page under its route, as the services label it.
    tags: { kind: kind.name, journey: kind.journey, name: kind.route },
  });
}
