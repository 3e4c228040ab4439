import { describe, expect, it } from 'vitest';
import { defaultAlertName, parseSloSet } from '../../../src/slo/load.js';
import { load, problemsOf, shippedSlos, sloFile, topologyContext } from './helpers.js';

const DAY_MS = 86_400_000;

/** One SLO item with overridable lines; `objective` and `sli` come last so tests can replace them. */
const slo = ({ service = 'gateway', name = 'browse', objective = '99.9', period = '', sli = '      availability: {}' } = {}) =>
  [`  - service: ${service}`, `    name: ${name}`, `    objective: ${objective}`, ...(period ? [`    period: ${period}`] : []), '    sli:', sli].join('\n') + '\n';

const lines = (text: string) => problemsOf(text).map((p) => `${p.line}:${p.path}: ${p.message}`);

describe('the shipped SLOs (slo/shop.yaml)', () => {
  const set = load(shippedSlos);

  it('declare the browse and order journeys of the gateway and the payments call of orders', () => {
    expect(set.name).toBe('shop');
    expect(set.timeScale).toBe(1);
    expect(set.slos.map((s) => `${s.id} ${s.sli.kind} ${s.objective}`)).toEqual([
      'gateway-browse-availability availability 99.9',
      'gateway-browse-latency latency 99',
      'gateway-order-availability availability 99.9',
      'gateway-order-latency latency 99',
      'orders-payments-availability clientAvailability 99.9',
    ]);
    expect(set.slos.every((s) => s.periodMs === 30 * DAY_MS)).toBe(true);
  });

  it('read latency thresholds in seconds, from numbers and durations alike', () => {
    expect(set.slos[1]?.sli).toEqual({ kind: 'latency', thresholdSeconds: 0.3, filter: { method: 'GET', routes: ['/products', '/products/:id'] } });
    expect(set.slos[3]?.sli).toEqual({ kind: 'latency', thresholdSeconds: 1, filter: { method: 'POST', routes: ['/orders'] } });
  });

  it('default the alert name and severities, and keep overrides', () => {
    expect(set.slos[0]?.alerting).toEqual({ name: 'GatewayBrowseAvailabilityBudgetBurn', pageLabels: { severity: 'page' }, ticketLabels: { severity: 'ticket' } });
    expect(set.slos.map((s) => s.alerting.name)).toEqual(set.slos.map((s) => defaultAlertName(s.service, s.name)));
    expect(defaultAlertName('orders', 'payments-availability')).toBe('OrdersPaymentsAvailabilityBudgetBurn');
    expect(defaultAlertName('api_v2', 'p99 latency')).toBe('ApiV2P99LatencyBudgetBurn');
    expect(set.slos[4]?.alerting.pageLabels).toEqual({ severity: 'ticket' });
    expect(set.slos[4]?.sli).toEqual({ kind: 'clientAvailability', peer: 'payments' });
  });
});

describe('an SLO file the schema refuses', () => {
  it('reports every problem with its line and YAML path', () => {
    expect(
      lines(
        [
          'apiVersion: faultline.dev/v2',
          'kind: SLOSet',
          'timeScale: 0.5',
          'slos:',
          '  - service: gateway',
          '    name: -browse',
          '    objective: high',
          '    colour: red',
          '    sli:',
          '      availability: { method: FETCH, routes: [products] }',
          '  - service: gateway',
          '    name: two-kinds',
          '    objective: 99',
          '    sli:',
          '      availability: {}',
          '      latency: { threshold: fast }',
          '  - service: gateway',
          '    name: custom',
          '    objective: 99',
          '    sli:',
          '      custom: { errorQuery: "sum(rate(x[5m]))", totalQuery: "sum(rate(y[{{ .window }}]))" }',
          '    alerting: { name: "not an alert name", pager: yes }',
        ].join('\n'),
      ),
    ).toEqual([
      '1:apiVersion: must be "faultline.dev/v1"',
      '3:timeScale: must be >= 1',
      '6:slos.0.name: has the wrong form (expected A name such as browse-availability (letters, digits, - _ . inside; Sloth\'s rule))',
      '7:slos.0.objective: must be number',
      '8:slos.0.colour: unknown field "colour"',
      '10:slos.0.sli.availability.method: must be one of "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"',
      '10:slos.0.sli.availability.routes.0: has the wrong form (expected A route pattern as the service labels it, e.g. /products/:id)',
      '14:slos.1.sli: must NOT have more than 1 properties',
      '16:slos.1.sli.latency.threshold: has the wrong form (expected Seconds (0.3) or a duration (300ms); must be a bucket boundary of LATENCY_BUCKETS_SECONDS)',
      '21:slos.2.sli.custom.errorQuery: has the wrong form (expected A PromQL query using {{.window}} as its range, e.g. sum(rate(x_total[{{.window}}])))',
      '22:slos.2.alerting.name: has the wrong form (expected An alert name such as GatewayBrowseBudgetBurn (default: service and SLO name in PascalCase + BudgetBurn))',
      '22:slos.2.alerting.pager: unknown field "pager"',
    ]);
  });
});

describe('an SLO file whose meaning is wrong', () => {
  it.each([
    ['an unknown service', slo({ service: 'billing' }), 'slos.0.service', /^unknown service "billing"; the topology declares inventory, payments, catalog, orders, gateway$/],
    ['an objective of 100 %', slo({ objective: '100' }), 'slos.0.objective', /out of range.*100 % leaves no error budget/],
    ['an objective of 0', slo({ objective: '0' }), 'slos.0.objective', /^objective 0 is out of range: it is a percentage above 0 and below 100, such as 99\.9$/],
    ['a period without a window table', slo({ period: '90d' }), 'slos.0.period', /^period 90d has no burn-rate window table; use 30d, 4w, 1w/],
    ['a latency threshold between buckets', slo({ sli: '      latency: { threshold: 0.4 }' }), 'slos.0.sli.latency.threshold', /^0\.4 s is not a bucket boundary of http_server_request_duration_seconds.*use 0\.3 s or 0\.5 s/],
    ['a latency threshold in ms between buckets', slo({ sli: '      latency: { threshold: 20ms }' }), 'slos.0.sli.latency.threshold', /^0\.02 s is not a bucket boundary.*use 0\.01 s or 0\.025 s/],
    ['an unknown peer', slo({ service: 'orders', sli: '      clientAvailability: { peer: bank }' }), 'slos.0.sli.clientAvailability.peer', /^unknown peer "bank"/],
    ['a service calling itself', slo({ service: 'orders', sli: '      clientAvailability: { peer: orders }' }), 'slos.0.sli.clientAvailability.peer', /does not call itself/],
    ['a reserved label', slo() + '    labels: { sloth_id: x }\n', 'slos.0.labels.sloth_id', /reserved/],
    ['a label Prometheus refuses', slo() + '    alerting: { pageLabels: { 2fast: x } }\n', 'slos.0.alerting.pageLabels.2fast', /not a Prometheus label name/],
    ['slice fields on an events budget', slo() + '    budgeting: { sliceWindow: 1m }\n', 'slos.0.budgeting.sliceWindow', /^sliceWindow applies to timeslices budgeting only/],
    ['a slice longer than an hour', slo() + '    budgeting: { method: timeslices, sliceWindow: 2h }\n', 'slos.0.budgeting.sliceWindow', /^a slice of 2h is out of range: use 1s to 1h/],
    ['a period that is not whole slices', slo() + '    budgeting: { method: timeslices, sliceWindow: 7m }\n', 'slos.0.budgeting.sliceWindow', /^the 30d period is not a whole number of 7m slices$/],
    ['a slice objective above 100', slo() + '    budgeting: { method: timeslices, sliceObjective: 101 }\n', 'slos.0.budgeting.sliceObjective', /^sliceObjective 101 is out of range/],
    ['a time scale that leaves no room for the windows', slo(), 'timeScale', /^time scale 1000000 shrinks the 30d period to 2\.59s, no longer than its longest alert window \(4s after clamping/],
  ])('reports %s at its path and line', (_, items, path, message) => {
    const head = path === 'timeScale' ? 'timeScale: 1000000\n' : '';
    const problems = problemsOf(sloFile(items, head));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe(path);
    expect(problems[0]?.message).toMatch(message);
    expect(problems[0]?.line).toBeGreaterThan(2);
  });

  it('reports an SLO declared twice, naming the first', () => {
    expect(lines(sloFile(slo() + slo({ objective: '99' })))).toEqual(['10:slos.1.name: SLO "browse" of gateway is declared twice (first at line 5)']);
    expect(load(sloFile(slo() + slo({ service: 'orders' }))).slos.map((s) => s.id)).toEqual(['gateway-browse', 'orders-browse']);
  });

  it('reports all problems of all SLOs at once, in line order', () => {
    expect(lines(sloFile(slo({ service: 'billing' }) + slo({ name: 'checkout', objective: '101', sli: '      latency: { threshold: 3 }' }))).map((l) => l.split(':').slice(0, 2).join(':'))).toEqual([
      '4:slos.0.service',
      '11:slos.1.objective',
      '13:slos.1.sli.latency.threshold',
    ]);
  });

  it('names the file in its message, one problem per line', () => {
    expect(() => parseSloSet(sloFile(slo({ service: 'billing' })), 'slo/x.yaml', topologyContext)).toThrow(/^slo\/x\.yaml: invalid SLOs:\nslo\/x\.yaml:4:\d+: slos\.0\.service: unknown service/);
  });
});

describe('budgeting methods', () => {
  it('default to events, and take a timeslice budget with its slice and slice objective', () => {
    expect(load(sloFile(slo())).slos[0]?.budgeting).toEqual({ method: 'events' });
    expect(load(sloFile(slo() + '    budgeting: { method: timeslices }\n')).slos[0]?.budgeting).toEqual({ method: 'timeslices', sliceMs: 300_000, sliceObjective: 99.9 });
    expect(load(sloFile(slo() + '    budgeting: { method: timeslices, sliceWindow: 5m, sliceObjective: 95 }\n')).slos[0]?.budgeting).toEqual({ method: 'timeslices', sliceMs: 300_000, sliceObjective: 95 });
  });

  it('keep the expected traffic when declared', () => {
    expect(load(sloFile(slo() + '    traffic: { expectedRate: 5 }\n')).slos[0]?.expectedRate).toBe(5);
    expect(load(sloFile(slo())).slos[0]).not.toHaveProperty('expectedRate');
  });
});

describe('the guardrail on objectives', () => {
  it('refuses an objective at which the 14.4× page can never fire, with the maths', () => {
    const [problem] = problemsOf(sloFile(slo({ objective: '90' })));
    expect(problem?.path).toBe('slos.0.objective');
    expect(problem?.line).toBe(6);
    expect(problem?.message).toBe(
      'objective 90 % leaves a 10 % error budget, so the 14.4× page (1h/5m) alert would need an error ratio above 14.4 × 10 % = 144 %, ' +
        'which cannot happen: even a total outage burns only 1 ÷ 10 % = 10× (1.389 % of the 30d budget per hour). ' +
        'The 14.4× page (1h/5m) alert needs an objective above 93.06 % (1 − 1/14.4).',
    );
  });

  it('names every other tier that cannot fire either', () => {
    expect(problemsOf(sloFile(slo({ objective: '80' })))[0]?.message).toMatch(/; the 6× page \(6h\/30m\) alerts cannot fire either\.$/);
  });

  it.each([
    ['30d', '93.05', false],
    ['30d', '93.06', true],
    ['4w', '92.55', false],
    ['28d', '92.56', true],
  ])('over %s, objective %s is accepted: %s', (period, objective, accepted) => {
    const text = sloFile(slo({ objective, period }));
    if (accepted) expect(load(text).slos[0]?.objective).toBe(Number(objective));
    else expect(problemsOf(text)[0]?.message).toMatch(/needs an objective above 9[23]\.\d+ %/);
  });
});
