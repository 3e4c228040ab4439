import { describe, expect, it } from 'vitest';
import { parsePrometheusText } from '../../../../src/core/prometheus-text.js';
import { sliCounts } from '../../../../src/slo/evaluator/counts.js';
import type { Sli } from '../../../../src/slo/model.js';
import { slo } from './scenarios.js';

/** One scrape of catalog (and a neighbour whose series must never be counted). */
const scrape = parsePrometheusText(`
# TYPE http_server_request_duration_seconds histogram
http_server_request_duration_seconds_bucket{service="catalog",method="GET",route="/products",status_code="200",le="0.25"} 80
http_server_request_duration_seconds_bucket{service="catalog",method="GET",route="/products",status_code="200",le="1"} 95
http_server_request_duration_seconds_bucket{service="catalog",method="GET",route="/products",status_code="200",le="+Inf"} 100
http_server_request_duration_seconds_count{service="catalog",method="GET",route="/products",status_code="200"} 100
http_server_request_duration_seconds_bucket{service="catalog",method="GET",route="/products",status_code="503",le="0.25"} 1
http_server_request_duration_seconds_bucket{service="catalog",method="GET",route="/products",status_code="503",le="1.0"} 4
http_server_request_duration_seconds_bucket{service="catalog",method="GET",route="/products",status_code="503",le="+Inf"} 10
http_server_request_duration_seconds_count{service="catalog",method="GET",route="/products",status_code="503"} 10
http_server_request_duration_seconds_count{service="catalog",method="POST",route="/products/:id",status_code="500"} 5
http_server_request_duration_seconds_count{service="catalog",method="GET",route="/products/:id",status_code="404"} 20
http_server_request_duration_seconds_count{service="catalog",method="GET",route="/metrics",status_code="200"} 7
http_server_request_duration_seconds_count{service="orders",method="GET",route="/products",status_code="500"} 1000
# TYPE http_client_request_duration_seconds histogram
http_client_request_duration_seconds_count{service="catalog",peer="inventory",outcome="success"} 90
http_client_request_duration_seconds_count{service="catalog",peer="inventory",outcome="timeout"} 6
http_client_request_duration_seconds_count{service="catalog",peer="inventory",outcome="circuit_open"} 4
http_client_request_duration_seconds_count{service="catalog",peer="pricing",outcome="error"} 50
http_client_request_duration_seconds_count{service="orders",peer="inventory",outcome="error"} 50
`);

const all = { routes: [] };

describe('cumulative SLI counts from one scrape', () => {
  it.each<[string, Sli, { errors: number; total: number }]>([
    ['availability of every request: 5xx of the service, /metrics included as in the PromQL rules', { kind: 'availability', filter: all }, { errors: 15, total: 142 }],
    ['availability of one route', { kind: 'availability', filter: { routes: ['/products'] } }, { errors: 10, total: 110 }],
    ['availability of several routes', { kind: 'availability', filter: { routes: ['/products', '/products/:id'] } }, { errors: 15, total: 135 }],
    ['availability of one method', { kind: 'availability', filter: { method: 'POST', routes: [] } }, { errors: 5, total: 5 }],
    ['latency at 1 s: total minus the le="1" bucket, whether written "1" or "1.0"', { kind: 'latency', thresholdSeconds: 1, filter: { routes: ['/products'] } }, { errors: 11, total: 110 }],
    ['latency at 250 ms', { kind: 'latency', thresholdSeconds: 0.25, filter: { routes: ['/products'] } }, { errors: 29, total: 110 }],
    ['client availability: every outcome but success, for one peer', { kind: 'clientAvailability', peer: 'inventory' }, { errors: 10, total: 100 }],
    ['a peer never called: zero, not NaN', { kind: 'clientAvailability', peer: 'payments' }, { errors: 0, total: 0 }],
  ])('%s', (_, sli, counts) => {
    expect(sliCounts(slo(sli), scrape)).toEqual({ evaluable: true, counts });
  });

  it('counts nothing in an empty scrape', () => {
    expect(sliCounts(slo({ kind: 'availability', filter: all }), [])).toEqual({ evaluable: true, counts: { errors: 0, total: 0 } });
  });

  it('marks a custom PromQL SLI as not evaluable without Prometheus', () => {
    const result = sliCounts(slo({ kind: 'custom', errorQuery: 'sum(rate(x[{{.window}}]))', totalQuery: 'sum(rate(y[{{.window}}]))' }), scrape);
    expect(result).toEqual({ evaluable: false, reason: 'SLO catalog-requests has a custom PromQL SLI, which only Prometheus can evaluate' });
  });
});
