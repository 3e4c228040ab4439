import { describe, expect, it } from 'vitest';
import type { Sli, Slo } from '../../../src/slo/model.js';
import { sliQueries, withWindow } from '../../../src/slo/sli-queries.js';
import { stringLiterals, syntaxErrors, unquote } from '../core/promql-syntax.js';

/** sliQueries reads only the service and the SLI of an SLO. */
const slo = (service: string, sli: Sli) => ({ service, sli }) as Slo;

/** Both queries with a real window, parsed by Prometheus' grammar; the string literals they hold, decoded. */
function parsed(service: string, sli: Sli): { errorQuery: string; totalQuery: string; values: string[] } {
  const { errorQuery, totalQuery } = sliQueries(slo(service, sli));
  for (const query of [errorQuery, totalQuery]) expect(syntaxErrors(withWindow(query, '5m')), query).toEqual([]);
  return { errorQuery, totalQuery, values: stringLiterals(withWindow(errorQuery, '5m')).map(unquote) };
}

describe('sliQueries', () => {
  it.each<{ name: string; sli: Sli; errorQuery: string; totalQuery: string }>([
    {
      name: 'availability of every request',
      sli: { kind: 'availability', filter: { routes: [] } },
      errorQuery: 'sum(rate(http_server_request_duration_seconds_count{service="gateway",status_code=~"5.."}[{{.window}}]))',
      totalQuery: 'sum(rate(http_server_request_duration_seconds_count{service="gateway"}[{{.window}}]))',
    },
    {
      name: 'availability of routes of one method',
      sli: { kind: 'availability', filter: { method: 'GET', routes: ['/products', '/products/:id'] } },
      errorQuery: 'sum(rate(http_server_request_duration_seconds_count{service="gateway",method="GET",route=~"/products|/products/:id",status_code=~"5.."}[{{.window}}]))',
      totalQuery: 'sum(rate(http_server_request_duration_seconds_count{service="gateway",method="GET",route=~"/products|/products/:id"}[{{.window}}]))',
    },
    {
      name: 'latency under a whole-second threshold (le="1" or "1.0")',
      sli: { kind: 'latency', thresholdSeconds: 1, filter: { method: 'POST', routes: ['/orders'] } },
      errorQuery:
        'sum(rate(http_server_request_duration_seconds_count{service="gateway",method="POST",route="/orders"}[{{.window}}])) - sum(rate(http_server_request_duration_seconds_bucket{service="gateway",method="POST",route="/orders",le=~"1(\\\\.0)?"}[{{.window}}]))',
      totalQuery: 'sum(rate(http_server_request_duration_seconds_count{service="gateway",method="POST",route="/orders"}[{{.window}}]))',
    },
    {
      name: 'latency under a fractional threshold',
      sli: { kind: 'latency', thresholdSeconds: 0.25, filter: { routes: [] } },
      errorQuery: 'sum(rate(http_server_request_duration_seconds_count{service="gateway"}[{{.window}}])) - sum(rate(http_server_request_duration_seconds_bucket{service="gateway",le="0.25"}[{{.window}}]))',
      totalQuery: 'sum(rate(http_server_request_duration_seconds_count{service="gateway"}[{{.window}}]))',
    },
    {
      name: 'client availability',
      sli: { kind: 'clientAvailability', peer: 'payments' },
      errorQuery: 'sum(rate(http_client_request_duration_seconds_count{service="gateway",peer="payments",outcome!="success"}[{{.window}}]))',
      totalQuery: 'sum(rate(http_client_request_duration_seconds_count{service="gateway",peer="payments"}[{{.window}}]))',
    },
    {
      name: 'custom queries, trimmed',
      sli: { kind: 'custom', errorQuery: ' sum(rate(a[{{.window}}]))\n', totalQuery: '\tsum(rate(b[{{ .window }}])) ' },
      errorQuery: 'sum(rate(a[{{.window}}]))',
      totalQuery: 'sum(rate(b[{{ .window }}]))',
    },
  ])('$name', ({ sli, errorQuery, totalQuery }) => {
    expect(sliQueries(slo('gateway', sli))).toEqual({ errorQuery, totalQuery });
    for (const query of [errorQuery, totalQuery]) expect(syntaxErrors(withWindow(query, '5m')), query).toEqual([]);
  });

  it('matches several routes exactly: regex characters in a route are escaped, then the regex is quoted', () => {
    const { errorQuery, values } = parsed('gateway', { kind: 'availability', filter: { routes: ['/a.b', '/c|d', '/(x)'] } });
    expect(errorQuery).toContain('route=~"/a\\\\.b|/c\\\\|d|/\\\\(x\\\\)"');
    expect(values).toContain('/a\\.b|/c\\|d|/\\(x\\)');
  });

  it.each(['say "hi"', 'C:\\temp', 'two\nlines'])('quotes label values (%j): the queries parse and name the value exactly', (value) => {
    const availability = parsed(value, { kind: 'availability', filter: { routes: [value] } });
    expect(availability.values).toEqual([value, value, '5..']);
    const latency = parsed(value, { kind: 'latency', thresholdSeconds: 1, filter: { routes: [value, 'x'] } });
    expect(latency.values).toEqual([value, `${value.replace(/\\/g, '\\\\')}|x`, value, `${value.replace(/\\/g, '\\\\')}|x`, '1(\\.0)?']);
    const client = parsed('gateway', { kind: 'clientAvailability', peer: value });
    expect(client.values).toEqual(['gateway', value, 'success']);
  });
});
