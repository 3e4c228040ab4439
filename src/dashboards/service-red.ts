import { HttpMetricLabels as L, HttpMetricNames as H, ResilienceMetricLabels as RL, ResilienceMetricNames as RM, SERVER_ERROR_STATUS_PATTERN, ShopMetricNames, type CircuitStateName } from '../core/conventions.js';
import { bucketQuantile, eq, increase, maxBy, ne, rateRatio, re, sumBy } from '../core/promql.js';
import { Builtins, disabledProxyAnnotation, Labels, toxicsAnnotation } from './common.js';
import { dashboard } from './build.js';
import type { Dashboard } from './grafana.js';
import type { PanelSpec } from './panels.js';
import { promAnnotation, queryVariable } from './templating.js';
import { matchVar, rate, RATE_INTERVAL, series } from './promql.js';

/**
 * Service RED: rate, errors and duration of every service (the server histogram, by route) and of
 * every dependency call (the client histogram, by peer and final outcome), next to what the
 * resilience library did about failures: breaker state, retries, bulkhead rejections, fallbacks.
 */

export const SERVICE_RED_UID = 'faultline-service-red';

const SERVICE = 'service';
const PEER = 'peer';
const service = matchVar(L.service, SERVICE);
const peer = matchVar(L.peer, PEER);

const serverCount = `${H.serverDuration}_count`;
const serverBucket = `${H.serverDuration}_bucket`;
const clientCount = `${H.clientDuration}_count`;
const clientBucket = `${H.clientDuration}_bucket`;

const QUANTILES = [0.5, 0.9, 0.99] as const;
const ROUTE = [L.method, L.route];
const CALL = [L.service, L.peer];
const CALL_LEGEND = `{{${L.service}}} → {{${L.peer}}}`;

function timeseries(title: string, description: string, width: number, targets: PanelSpec['targets'], extra: Partial<PanelSpec> = {}): PanelSpec {
  return { type: 'timeseries', title, description, width, height: 8, targets, ...extra };
}

function perService(): PanelSpec[] {
  const requests = (...matchers: string[]) => series(serverCount, service, ...matchers);
  const buckets = series(serverBucket, service);
  return [
    timeseries('Request rate by route', `Requests served per second (${serverCount}).`, 8, [{ expr: sumBy(ROUTE, rate(requests())), legend: `{{${L.method}}} {{${L.route}}}` }], { unit: 'reqps', min: 0, stacked: true }),
    timeseries(
      'Server error ratio by route',
      `Share of requests answered with a 5xx (status_code=~"${SERVER_ERROR_STATUS_PATTERN}"): what availability SLIs count as bad. 4xx are the caller's mistakes.`,
      8,
      [{ expr: rateRatio(requests(re(L.statusCode, SERVER_ERROR_STATUS_PATTERN)), requests(), RATE_INTERVAL, ROUTE), legend: `{{${L.method}}} {{${L.route}}}` }],
      { unit: 'percentunit', min: 0 },
    ),
    timeseries(
      'Latency p50 / p90 / p99',
      `Quantiles of the server histogram over every route (${serverBucket}); latency SLIs count requests over a bucket boundary instead.`,
      8,
      QUANTILES.map((q) => ({ expr: bucketQuantile(q, buckets, RATE_INTERVAL), legend: `p${q * 100}` })),
      { unit: 's', min: 0 },
    ),
    timeseries('Responses by status code', 'Requests per second by status code.', 8, [{ expr: sumBy([L.statusCode], rate(requests())), legend: `{{${L.statusCode}}}` }], { unit: 'reqps', min: 0, stacked: true }),
    timeseries('p99 latency by route', 'The slowest percent of each route.', 8, [{ expr: bucketQuantile(0.99, buckets, RATE_INTERVAL, ROUTE), legend: `{{${L.method}}} {{${L.route}}}` }], { unit: 's', min: 0 }),
    {
      type: 'state-timeline',
      title: 'Scrape target up',
      description: `${Builtins.up}: whether Prometheus could scrape the service (a killed or paused process is down). Scrape jobs are named after the services.`,
      width: 8,
      height: 8,
      targets: [{ expr: series(Builtins.up, matchVar(Labels.job, SERVICE)), legend: `{{${Labels.job}}}` }],
      mappings: [
        { value: 1, text: 'up', color: 'green' },
        { value: 0, text: 'down', color: 'red' },
      ],
    },
  ];
}

function dependencies(): PanelSpec[] {
  const calls = (...matchers: string[]) => series(clientCount, service, peer, ...matchers);
  const resilience = (name: string) => sumBy(CALL, rate(series(name, service, peer)));
  const circuit = (state: CircuitStateName) => maxBy(CALL, series(RM.circuitState, service, peer, eq(RL.circuitState, state)));
  return [
    timeseries('Calls by final outcome', `Calls to each dependency per second (${clientCount}), by the outcome the caller saw after retries: success, error, timeout, circuit_open, rejected.`, 12, [
      { expr: sumBy([...CALL, L.outcome], rate(calls())), legend: `${CALL_LEGEND} {{${L.outcome}}}` },
    ], { unit: 'reqps', min: 0 }),
    timeseries('Failed call ratio', 'Share of calls whose final outcome is not success: what a clientAvailability SLI counts as bad.', 12, [
      { expr: rateRatio(calls(ne(L.outcome, 'success')), calls(), RATE_INTERVAL, CALL), legend: CALL_LEGEND },
    ], { unit: 'percentunit', min: 0 }),
    timeseries('Call latency p99', 'The slowest percent of calls as the caller saw them: retries, backoff and bulkhead queueing included.', 12, [
      { expr: bucketQuantile(0.99, series(clientBucket, service, peer), RATE_INTERVAL, CALL), legend: CALL_LEGEND },
    ], { unit: 's', min: 0 }),
    {
      type: 'state-timeline',
      title: 'Circuit breaker state',
      description: `${RM.circuitState}: closed (calls flow), half-open (a trial call), open (calls fail fast with circuit_open).`,
      width: 12,
      height: 8,
      targets: [{ expr: `${circuit('half_open')} + 2 * ${circuit('open')}`, legend: CALL_LEGEND }],
      mappings: [
        { value: 0, text: 'closed', color: 'green' },
        { value: 1, text: 'half-open', color: 'orange' },
        { value: 2, text: 'open', color: 'red' },
      ],
    },
    timeseries('Retries', `Retries per second (${RM.retries}), capped by each client's retry budget.`, 6, [{ expr: resilience(RM.retries), legend: CALL_LEGEND }], { unit: 'reqps', min: 0 }),
    timeseries('Bulkhead rejections', `Calls refused at once because the bulkhead and its queue were full (${RM.bulkheadRejections}).`, 6, [{ expr: resilience(RM.bulkheadRejections), legend: CALL_LEGEND }], { unit: 'reqps', min: 0 }),
    timeseries('Fallbacks', `Degraded answers served because a call failed (${RM.fallbacks}).`, 6, [{ expr: resilience(RM.fallbacks), legend: CALL_LEGEND }], { unit: 'reqps', min: 0 }),
    timeseries('Breaker transitions', `Circuit breaker state changes per second (${RM.circuitTransitions}).`, 6, [{ expr: resilience(RM.circuitTransitions), legend: CALL_LEGEND }], { unit: 'short', min: 0 }),
  ];
}

function business(): PanelSpec[] {
  return [
    timeseries('Payments charged', `Charges per second (${ShopMetricNames.paymentCharges}); an idempotent replay must not move it, so it should track successful orders, never exceed them.`, 12, [
      { expr: sumBy([L.service], rate(series(ShopMetricNames.paymentCharges))), legend: `{{${L.service}}}` },
    ], { unit: 'reqps', min: 0 }),
    timeseries('Resilience policy changes', `Policies replaced at run time (${RM.policyChanges}, PUT /admin/policies/:peer).`, 12, [
      { expr: sumBy(CALL, increase(series(RM.policyChanges, service, peer), RATE_INTERVAL)), legend: CALL_LEGEND },
    ], { unit: 'short', min: 0 }),
  ];
}

export function serviceRedDashboard(): Dashboard {
  return dashboard({
    uid: SERVICE_RED_UID,
    title: 'Faultline / Service RED',
    description: 'Rate, errors and duration of every service and every dependency call, with breaker state, retries, bulkhead rejections and fallbacks; faults injected drawn over them.',
    tags: ['red', 'services'],
    variables: [
      queryVariable({ name: SERVICE, label: 'Service', description: 'Services that serve HTTP (the service label of the server histogram).', query: `label_values(${serverCount}, ${L.service})` }),
      queryVariable({ name: PEER, label: 'Dependency', description: 'Dependencies the selected services call (the peer label of the client histogram).', query: `label_values(${series(clientCount, service)}, ${L.peer})` }),
    ],
    annotations: [
      toxicsAnnotation(),
      disabledProxyAnnotation(),
      promAnnotation({
        name: 'Resilience policy changed',
        expr: `${sumBy(CALL, increase(RM.policyChanges, RATE_INTERVAL))} > 0`,
        color: 'blue',
        title: `policy of ${CALL_LEGEND}`,
        text: `The resilience policy of ${CALL_LEGEND} was replaced at run time`,
        tagKeys: CALL,
      }),
    ],
    sections: [
      { row: { title: 'Service $service', repeat: SERVICE }, panels: perService() },
      { row: { title: 'Dependencies: calls through the proxies, as the callers saw them' }, panels: dependencies() },
      { row: { title: 'Business and operations' }, panels: business() },
    ],
  });
}
