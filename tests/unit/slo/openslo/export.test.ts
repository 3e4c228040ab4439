import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Slo, SloSet } from '../../../../src/slo/model.js';
import { exportOpenSlo } from '../../../../src/slo/openslo/export.js';
import { sloNameOf } from '../../../../src/slo/openslo/names.js';
import { counterSelector, rateSelector } from '../../../../src/slo/openslo/promql.js';
import { sliQueries } from '../../../../src/slo/sli-queries.js';
import { DEFAULT_SLICE_WINDOW } from '../../../../src/slo/spec.js';
import { documentsOf, everything, exportText, shop } from './helpers.js';

/**
 * Export: deterministic multi-document OpenSLO v1 whose queries select the series the rules read and
 * whose alerting states the Workbook pairs of each period. Golden file (habit 7): regenerate with
 * `UPDATE_GOLDEN=1 npx vitest run tests/unit/slo/openslo` and review the diff.
 */
const update = process.env.UPDATE_GOLDEN === '1';
const RFC1123 = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

type Doc = ReturnType<typeof documentsOf>[number];
const ratioMetricOf = (doc: Doc) =>
  ((doc.spec.indicator as { spec: { ratioMetric: Record<string, { metricSource: { type: string; spec: { query: string } } } & { counter?: boolean }> } }).spec.ratioMetric);

describe('the OpenSLO export of slo/shop.yaml', () => {
  const text = exportText(shop());
  const docs = documentsOf(text);

  it('matches the golden file byte for byte', () => {
    const path = fileURLToPath(new URL('../../../golden/openslo/shop.openslo.yaml', import.meta.url));
    if (update) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    }
    expect(existsSync(path), `${path} is missing: run UPDATE_GOLDEN=1 npx vitest run tests/unit/slo/openslo`).toBe(true);
    expect(text).toBe(readFileSync(path, 'utf8'));
  });

  it('holds one Service per service used, one SLO per SLO, and the alerting objects they share', () => {
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      'Service/gateway',
      'Service/orders',
      'SLO/gateway-browse-availability',
      'SLO/gateway-browse-latency',
      'SLO/gateway-order-availability',
      'SLO/gateway-order-latency',
      'SLO/orders-payments-availability',
      'AlertPolicy/faultline-30d-page-1h',
      'AlertPolicy/faultline-30d-page-6h',
      'AlertPolicy/faultline-30d-ticket-1d',
      'AlertPolicy/faultline-30d-ticket-3d',
      'AlertCondition/faultline-30d-page-1h',
      'AlertCondition/faultline-30d-page-6h',
      'AlertCondition/faultline-30d-ticket-1d',
      'AlertCondition/faultline-30d-ticket-3d',
      'AlertNotificationTarget/faultline-page',
      'AlertNotificationTarget/faultline-ticket',
    ]);
    expect(exportOpenSlo([{ set: shop(), source: 'slo/shop.yaml' }]).counts).toEqual({ Service: 2, SLO: 5, AlertPolicy: 4, AlertCondition: 4, AlertNotificationTarget: 2 });
  });

  it('writes an SLO as OpenSLO says it: a rolling 30d window, Occurrences, a ratio target, labels, an inline counter ratioMetric', () => {
    const slo = docs.find((d) => d.metadata.name === 'gateway-browse-availability') as Doc;
    expect(slo.metadata.labels).toEqual({ journey: 'browse', category: 'availability' });
    expect(slo.spec).toMatchObject({
      service: 'gateway',
      description: 'Browsing the catalogue (GET /products, GET /products/:id) is not answered with a server error',
      timeWindow: [{ duration: '30d', isRolling: true }],
      budgetingMethod: 'Occurrences',
      objectives: [{ target: 0.999 }],
      alertPolicies: ['page-1h', 'page-6h', 'ticket-1d', 'ticket-3d'].map((p) => ({ alertPolicyRef: `faultline-30d-${p}` })),
    });
    expect(ratioMetricOf(slo)).toEqual({
      counter: true,
      bad: { metricSource: { type: 'Prometheus', spec: { query: 'sum(http_server_request_duration_seconds_count{service="gateway",method="GET",route=~"/products|/products/:id",status_code=~"5.."})' } } },
      total: { metricSource: { type: 'Prometheus', spec: { query: 'sum(http_server_request_duration_seconds_count{service="gateway",method="GET",route=~"/products|/products/:id"})' } } },
    });
  });

  it('keeps alert labels, the alert name and the declared traffic in annotations', () => {
    const payments = docs.find((d) => d.metadata.name === 'orders-payments-availability') as Doc;
    expect(payments.metadata.annotations).toEqual({
      'faultline.dev/slo-set': 'shop',
      'faultline.dev/alert-name': 'OrdersPaymentsAvailabilityBudgetBurn',
      'faultline.dev/page-labels': '{"severity":"ticket"}',
      'faultline.dev/expected-rate': '5',
    });
  });

  it('gives every object an RFC 1123 name and refers only to objects it declares', () => {
    for (const doc of docs) expect(doc.metadata.name).toMatch(RFC1123);
    const declared = new Set(docs.map((d) => `${d.kind}/${d.metadata.name}`));
    const refs = [
      ...docs.flatMap((d) => ((d.spec.alertPolicies as Array<{ alertPolicyRef: string }> | undefined) ?? []).map((r) => `AlertPolicy/${r.alertPolicyRef}`)),
      ...docs.flatMap((d) => ((d.spec.conditions as Array<{ conditionRef: string }> | undefined) ?? []).map((r) => `AlertCondition/${r.conditionRef}`)),
      ...docs.flatMap((d) => ((d.spec.notificationTargets as Array<{ targetRef: string }> | undefined) ?? []).map((r) => `AlertNotificationTarget/${r.targetRef}`)),
      ...docs.filter((d) => d.kind === 'SLO').map((d) => `Service/${String(d.spec.service)}`),
    ];
    for (const ref of refs) expect(declared).toContain(ref);
  });

  it('is deterministic', () => {
    expect(exportText(shop())).toBe(text);
  });
});

describe('exported queries select the very series the rules read', () => {
  const slos = [...shop().slos, ...everything().slos].filter((slo) => slo.sli.kind !== 'custom' || rateSelector(sliQueries(slo).errorQuery));
  const exported = documentsOf(exportText(shop(), everything())).filter((d) => d.kind === 'SLO');

  it.each(slos.map((slo) => [slo.id, slo] as const))('%s', (_, slo: Slo) => {
    const doc = exported.find((d) => d.spec.service === slo.service && (d.metadata.annotations?.['faultline.dev/name'] ?? sloNameOf(d.metadata.name, slo.service)) === slo.name);
    expect(doc, `no exported SLO for ${slo.id}`).toBeDefined();
    const ratio = ratioMetricOf(doc as Doc);
    const { errorQuery, totalQuery } = sliQueries(slo);
    const selector = (q: { metricSource: { spec: { query: string } } } | undefined) => counterSelector(q?.metricSource.spec.query ?? '');
    expect(ratio.counter).toBe(true);
    expect(selector(ratio.total)).toBe(rateSelector(totalQuery));
    if (slo.sli.kind === 'latency') {
      // The rules' bad = total − fast; OpenSLO's good is that `fast` term, the `le` bucket.
      expect(errorQuery).toBe(`${totalQuery} - sum(rate(${selector(ratio.good) as string}[{{.window}}]))`);
    } else expect(selector(ratio.bad)).toBe(rateSelector(errorQuery));
  });
});

describe('the burn-rate alerting of each period', () => {
  const docs = documentsOf(exportText(everything()));
  const conditions = (period: string) =>
    docs
      .filter((d) => d.kind === 'AlertCondition' && d.metadata.name.startsWith(`faultline-${period}-`))
      .map((d) => {
        const spec = d.spec as { severity: string; condition: { kind: string; op: string; threshold: number; lookbackWindow: string; alertAfter: string } };
        return `${spec.severity} ${spec.condition.kind} ${spec.condition.op} ${spec.condition.threshold} over ${spec.condition.lookbackWindow}/${d.metadata.annotations?.['faultline.dev/short-window']}`;
      });

  it.each([
    ['30d', ['page burnrate gt 14.4 over 1h/5m', 'page burnrate gt 6 over 6h/30m', 'ticket burnrate gt 3 over 1d/2h', 'ticket burnrate gt 1 over 3d/6h']],
    ['28d', ['page burnrate gt 13.44 over 1h/5m', 'page burnrate gt 5.6 over 6h/30m', 'ticket burnrate gt 2.8 over 1d/2h', 'ticket burnrate gt 0.933333333333 over 3d/6h']],
    ['7d', ['page burnrate gt 13.44 over 1h/5m', 'page burnrate gt 3.5 over 6h/30m', 'ticket burnrate gt 1.4 over 1d/2h', 'ticket burnrate gt 0.98 over 3d/6h']],
  ])('%s: the Workbook pairs, the long window as lookbackWindow and the short one in an annotation', (period, expected) => {
    expect(conditions(period)).toEqual(expected);
  });

  it('has one policy per pair, with one condition and the notification target of its severity', () => {
    const policy = docs.find((d) => d.kind === 'AlertPolicy' && d.metadata.name === 'faultline-7d-ticket-3d') as Doc;
    expect(policy.spec).toMatchObject({
      alertWhenNoData: false,
      alertWhenResolved: false,
      alertWhenBreaching: true,
      conditions: [{ conditionRef: 'faultline-7d-ticket-3d' }],
      notificationTargets: [{ targetRef: 'faultline-ticket' }],
    });
    expect(docs.filter((d) => d.kind === 'AlertNotificationTarget').map((d) => d.spec.target)).toEqual(['page', 'ticket']);
  });
});

describe('what OpenSLO v1 cannot say goes into annotations', () => {
  const docs = documentsOf(exportText(everything()));
  const slo = (name: string) => docs.find((d) => d.kind === 'SLO' && d.metadata.name === name) as Doc;

  it('a Timeslices budget: timeSliceTarget as a ratio, a sub-minute timeSliceWindow in minutes', () => {
    expect(slo('catalog-product-latency').spec).toMatchObject({ budgetingMethod: 'Timeslices', objectives: [{ target: 0.995, timeSliceTarget: 0.95, timeSliceWindow: 0.5 }] });
    // No sliceWindow in the fixture: the loader's default, as a shorthand.
    expect(slo('orders-inventory-calls-v2').spec.objectives).toEqual([{ target: 0.99, timeSliceTarget: 0.99, timeSliceWindow: DEFAULT_SLICE_WINDOW }]);
  });

  it('a name OpenSLO cannot spell, traffic, the set, runbook and alert labels', () => {
    expect(slo('orders-inventory-calls-v2').metadata.annotations?.['faultline.dev/name']).toBe('Inventory_Calls.v2');
    expect(slo('gateway-all-requests-availability').metadata.annotations).toMatchObject({
      'faultline.dev/slo-set': 'everything',
      'faultline.dev/slo-set-description': expect.stringMatching(/^Every feature/),
      'faultline.dev/time-scale': '60',
      'faultline.dev/expected-rate': '12.5',
    });
    expect(slo('catalog-product-latency').metadata.annotations).toMatchObject({
      'faultline.dev/alert-name': 'CatalogSlowProducts',
      'faultline.dev/page-labels': '{"severity":"critical","team":"catalog"}',
      'faultline.dev/ticket-labels': '{"channel":"#catalog"}',
      'faultline.dev/runbook': 'https://runbooks.example/catalog/latency',
    });
  });

  it('custom SLIs: plain counters stay counters, anything else becomes rates over 5m (gauges); the originals are kept', () => {
    expect(ratioMetricOf(slo('payments-charges'))).toMatchObject({
      counter: true,
      bad: { metricSource: { spec: { query: 'sum(faultline_payments_charges_total{outcome="failed"})' } } },
      total: { metricSource: { spec: { query: 'sum(faultline_payments_charges_total)' } } },
    });
    const throttling = slo('gateway-errors-and-throttling');
    expect(ratioMetricOf(throttling)).toMatchObject({ counter: false, total: { metricSource: { spec: { query: 'sum(rate(http_server_request_duration_seconds_count{service="gateway"}[5m]))' } } } });
    expect(throttling.metadata.annotations?.['faultline.dev/error-query']).toMatch(/\[\{\{ \.window \}\}\]\)\)\n\+ sum/);
    expect(throttling.metadata.annotations?.['faultline.dev/total-query']).toBe('sum(rate(http_server_request_duration_seconds_count{service="gateway"}[{{.window}}]))');
  });

  it('a description longer than 1050 characters is cut in spec.description and whole in an annotation', () => {
    const base = shop();
    const long: SloSet = { ...base, slos: [{ ...(base.slos[0] as Slo), description: 'x'.repeat(2000) }] };
    const result = exportOpenSlo([{ set: long, source: 'long.yaml' }]);
    const doc = documentsOf(result.text).find((d) => d.kind === 'SLO') as Doc;
    expect((doc.spec.description as string).length).toBe(1050);
    expect(doc.metadata.annotations?.['faultline.dev/description']).toHaveLength(2000);
    expect(result.warnings).toEqual([expect.stringMatching(/^gateway-browse-availability: the description is longer than OpenSLO's 1050 characters/)]);
  });
});
