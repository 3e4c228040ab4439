import { HttpMetricLabels as L, HttpMetricNames as M, LATENCY_BUCKETS_SECONDS } from '../../core/conventions.js';
import type { HttpMethod, Sli, Slo } from '../model.js';
import type { RawSli } from '../spec.js';
import { ratioQueries } from './indicator-export.js';
import { literalAlternatives, matcherOf, sameCounter, summedSelector, type Selector } from './promql.js';

/**
 * Recognise Faultline's own SLI kinds in an OpenSLO ratioMetric. Candidates are read off the
 * queries' selectors, then each candidate is exported again and kept only if it gives the same
 * queries (same series, matchers in any order): recognition can be wrong only by falling back to a
 * custom SLI, never by importing a different SLI.
 */

export interface CounterRatio {
  numerator: 'bad' | 'good';
  numeratorQuery: string;
  totalQuery: string;
}

export function recogniseSli(service: string, ratio: CounterRatio): RawSli | undefined {
  const total = summedSelector(ratio.totalQuery);
  const numerator = summedSelector(ratio.numeratorQuery);
  if (!total || !numerator) return undefined;
  return candidates(total, numerator).find(({ sli }) => {
    const queries = ratioQueries(probeSlo(service, sli));
    return (
      queries.counter &&
      queries.numerator === ratio.numerator &&
      sameCounter(queries.numeratorQuery, ratio.numeratorQuery) &&
      sameCounter(queries.totalQuery, ratio.totalQuery)
    );
  })?.raw;
}

interface Candidate {
  sli: Sli;
  raw: RawSli;
}

function candidates(total: Selector, numerator: Selector): Candidate[] {
  if (total.metric === `${M.serverDuration}_count`) {
    const filter = filterOf(total);
    const raw = { ...(filter.method ? { method: filter.method } : {}), ...(filter.routes.length > 0 ? { routes: filter.routes } : {}) };
    const found: Candidate[] = [{ sli: { kind: 'availability', filter }, raw: { availability: raw } }];
    const threshold = thresholdOf(numerator);
    if (threshold !== undefined) found.push({ sli: { kind: 'latency', thresholdSeconds: threshold, filter }, raw: { latency: { threshold, ...raw } } });
    return found;
  }
  const peer = matcherOf(total, L.peer);
  if (total.metric === `${M.clientDuration}_count` && peer?.op === '=') return [{ sli: { kind: 'clientAvailability', peer: peer.value }, raw: { clientAvailability: { peer: peer.value } } }];
  return [];
}

function filterOf(selector: Selector): { method?: HttpMethod; routes: string[] } {
  const method = matcherOf(selector, L.method);
  const route = matcherOf(selector, L.route);
  const routes = route?.op === '=' ? [route.value] : route?.op === '=~' ? (literalAlternatives(route.value) ?? []) : [];
  return { ...(method?.op === '=' ? { method: method.value as HttpMethod } : {}), routes };
}

/** `le="0.3"`, or `le=~"1(\.0)?"` as Faultline writes whole seconds; only histogram bucket boundaries. */
function thresholdOf(selector: Selector): number | undefined {
  const le = matcherOf(selector, 'le');
  const text = le?.op === '=' ? le.value : le?.op === '=~' ? /^([0-9]+)\(\\\.0\)\?$/.exec(le.value)?.[1] : undefined;
  const seconds = Number(text);
  return text !== undefined && (LATENCY_BUCKETS_SECONDS as readonly number[]).includes(seconds) ? seconds : undefined;
}

/** An SLO around an SLI, only to ask ratioQueries what it would export. */
export function probeSlo(service: string, sli: Sli): Slo {
  return {
    id: `${service}-probe`,
    service,
    name: 'probe',
    description: '',
    objective: 99,
    periodMs: 0,
    budgeting: { method: 'events' },
    sli,
    labels: {},
    alerting: { name: 'Probe', pageLabels: {}, ticketLabels: {} },
  };
}
