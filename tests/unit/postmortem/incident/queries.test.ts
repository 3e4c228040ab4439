import { describe, expect, it } from 'vitest';
import {
  circuitState,
  clientOutcomes,
  clientRetries,
  policyChanges,
  proxyEnabled,
  proxyToxics,
  query,
  serverErrorRatio,
  serverP99,
  sloBudgetRemaining,
  sloErrorRatio,
} from '../../../../src/postmortem/incident/queries.js';
import { stringLiterals, syntaxErrors, unquote } from '../../core/promql-syntax.js';

/** The evidence queries of a post-mortem timeline, as the golden post-mortems show them. */
describe('evidence queries', () => {
  it.each([
    { name: 'sloErrorRatio', built: sloErrorRatio('gateway-order-availability', '4s'), expected: 'slo:sli_error:ratio_rate4s{sloth_id="gateway-order-availability"}' },
    { name: 'sloBudgetRemaining', built: sloBudgetRemaining('gateway-order-availability'), expected: 'slo:period_error_budget_remaining:ratio{sloth_id="gateway-order-availability"}' },
    {
      name: 'serverErrorRatio',
      built: serverErrorRatio('payments', '4s'),
      expected: 'sum(rate(http_server_request_duration_seconds_count{service="payments",status_code=~"5.."}[4s])) / sum(rate(http_server_request_duration_seconds_count{service="payments"}[4s]))',
    },
    { name: 'serverP99', built: serverP99('inventory', '5m'), expected: 'histogram_quantile(0.99, sum by (le) (rate(http_server_request_duration_seconds_bucket{service="inventory"}[5m])))' },
    { name: 'clientOutcomes', built: clientOutcomes('orders', 'payments', '4s'), expected: 'sum by (outcome) (rate(http_client_request_duration_seconds_count{service="orders",peer="payments"}[4s]))' },
    { name: 'clientRetries', built: clientRetries('orders', 'payments', '4s'), expected: 'sum(rate(faultline_client_retries_total{service="orders",peer="payments"}[4s]))' },
    { name: 'circuitState', built: circuitState('orders', 'payments'), expected: 'faultline_client_circuit_state{service="orders",peer="payments"}' },
    { name: 'proxyEnabled', built: proxyEnabled('payments'), expected: 'faultline_proxy_enabled{proxy="payments"}' },
    { name: 'proxyToxics', built: proxyToxics('payments'), expected: 'faultline_proxy_active_toxics{proxy="payments"}' },
    { name: 'policyChanges of a peer', built: policyChanges('orders', 'payments'), expected: 'faultline_client_policy_changes_total{service="orders",peer="payments"}' },
    { name: 'policyChanges of a service', built: policyChanges('orders', undefined), expected: 'faultline_client_policy_changes_total{service="orders"}' },
    { name: 'policyChanges with an empty peer', built: policyChanges('orders', ''), expected: 'faultline_client_policy_changes_total{service="orders"}' },
  ])('$name', ({ built, expected }) => {
    expect(built).toBe(expected);
    expect(syntaxErrors(built)).toEqual([]);
  });

  it('wraps a query as timeline evidence', () => {
    expect(query('up', '2025-01-01T00:00:00.000Z')).toEqual({ kind: 'query', promql: 'up', at: '2025-01-01T00:00:00.000Z' });
  });

  it.each(['say "hi"', 'C:\\temp', 'two\nlines'])('quotes label values (%j): every query still parses and names the value exactly', (value) => {
    const built = [
      sloErrorRatio(value, '4s'),
      sloBudgetRemaining(value),
      serverErrorRatio(value, '4s'),
      serverP99(value, '4s'),
      clientOutcomes(value, value, '4s'),
      clientRetries(value, value, '4s'),
      circuitState(value, value),
      proxyEnabled(value),
      proxyToxics(value),
      policyChanges(value, value),
    ];
    for (const expr of built) {
      expect(syntaxErrors(expr), expr).toEqual([]);
      const values = stringLiterals(expr).map(unquote);
      expect(values.filter((v) => v !== '5..'), expr).not.toEqual([]);
      expect(values.filter((v) => v !== '5..').every((v) => v === value), expr).toBe(true);
    }
  });
});
