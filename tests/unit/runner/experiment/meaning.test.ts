import { describe, expect, it } from 'vitest';
import { parseExperiment } from '../../../../src/runner/experiment/load.js';
import { parseTopology } from '../../../../src/topology/load.js';
import { experimentText, linesOf, load, problemsOf, shipped } from './helpers.js';

/** A method of the given faults (YAML items, indented as list entries under `method:`). */
const method = (...faults: string[]) => `method:\n${faults.join('\n')}`;
const toxic = (name: string, at: string, duration: string, body: string) => `  - name: ${name}\n    at: ${at}\n    duration: ${duration}\n    toxic: ${body}`;
const processFault = (name: string, at: string, body: string, duration?: string) =>
  `  - name: ${name}\n    at: ${at}\n${duration ? `    duration: ${duration}\n` : ''}    process: ${body}`;
const policy = (name: string, body: string) => `  - name: ${name}\n    at: 0s\n    duration: 5s\n    policy: ${body}`;
const latency = '{ proxy: orders_payments, type: latency, attributes: { latency: 100 } }';

describe('an experiment file whose meaning is wrong', () => {
  it.each([
    ['a rate without a duration', { load: 'load:\n  rate: 20' }, '10:load.rate: a constant rate needs a duration (e.g. duration: 30s)'],
    ['a duration without a rate', { load: 'load:\n  duration: 30s' }, '10:load.duration: a duration needs a rate in requests per second (e.g. rate: 20)'],
    ['no load at all', { load: 'load: {}' }, '9:load: the load needs rate and duration (constant), or stages (ramping)'],
    ['both a rate and stages', { load: 'load:\n  rate: 20\n  stages: [{ duration: 30s, rate: 20 }]' }, '10:load.rate: give either rate and duration or stages, not both'],
    ['only zero rates', { load: 'load:\n  stages: [{ duration: 30s, rate: 0 }]' }, '9:load: every rate is 0, so no request would be sent'],
    ['a mix of zero weights', { load: 'load:\n  rate: 20\n  duration: 30s\n  mix: { order: 0 }' }, '12:load.mix: every weight is 0; give at least one of browse, product, order a weight above 0'],
    [
      'a check that is never judged',
      { steadyState: 'steadyState:\n  baseline: 5s\n  before: false\n  during: false\n  after: false\n  checks:\n    - name: x\n      errorRatio: { max: 1 }' },
      '18:steadyState.checks.0: check "x" is never judged: steadyState.before, during and after are all false; give it a `when`',
    ],
    ['a probe with neither path nor url', { steadyState: 'steadyState:\n  baseline: 5s\n  checks:\n    - name: x\n      probe: { timeout: 1s }' }, '16:steadyState.checks.0.probe: a probe needs a path (on the public service, e.g. /readyz) or a url'],
    ['a window of 0', { steadyState: 'steadyState:\n  baseline: 5s\n  checks:\n    - name: x\n      errorRatio: { max: 1, window: 0s }' }, '16:steadyState.checks.0.errorRatio.window: a window of 0 holds no request; use a duration such as 5s'],
    ['a baseline as long as the load', { steadyState: 'steadyState:\n  baseline: 30s' }, '13:steadyState.baseline: the 30s baseline lasts as long as the load (which ends at T+00:30.000), leaving no time for faults'],
    [
      'a kill without a duration that nothing outlasts',
      { method: method(processFault('kill', '0s', '{ service: payments, action: kill }')) },
      '18:method.0: fault "kill" kills payments until the rollback at the end of the fault phase, but no fault ends after it, so it would be started again at once; give it a duration',
    ],
    [
      'an instantaneous restart inside a pause of the same service',
      { method: method(processFault('pause', '0s', '{ service: payments, action: pause }', '5s'), processFault('restart', '2s', '{ service: payments, action: restart }')) },
      '23:method.1.at: fault "restart" (at T+00:07.000) overlaps "pause" (T+00:05.000 to T+00:10.000) on payments: one service cannot be in two process faults at once; let one end before the other starts',
    ],
    ['`true` for a policy pattern', { method: method(policy('p', '{ service: orders, peer: payments, set: { retries: true } }')) }, '21:method.0.policy.set.retries: retries: true has no meaning; give the settings to change, or false to turn retries off'],
    [
      'a bulkhead without a limit where none is declared',
      { target: 'target:\n  services: [catalog]', method: method(policy('p', '{ service: catalog, peer: inventory, set: { bulkhead: { queue: 4 } } }')) },
      '20:method.0.policy.set.bulkhead.limit: the policy of catalog towards inventory has no bulkhead, so bulkhead.limit is needed',
    ],
    ['a policy of a service outside target.services', { target: 'target:\n  services: [payments]', method: method(policy('p', '{ service: orders, peer: payments, set: { timeout: 1s } }')) }, '20:method.0.policy.service: service "orders" is not in target.services (payments); list it there: the target is the experiment\'s blast radius'],
    ['a lease shorter than a second', { extra: 'safety:\n  leaseTtl: 500ms' }, '23:safety.leaseTtl: a lease of 500ms is out of range: use 1s to 5m (shorter lapses between renewals on a busy machine; longer leaves a dead runner\'s faults in place)'],
    ['a budget no outage can burn', { extra: 'abort:\n  - budgetBurned: { slo: gateway-browse-availability, above: 100000 }' }, '23:abort.0.budgetBurned.above: 100000 % of the budget can never be burned: even a period-long outage of gateway-browse-availability burns 100000 %'],
    [
      'a time scale that leaves no room for the alert windows',
      { extra: 'timeScale: 1000000' },
      /^22:timeScale: gateway-browse-availability: time scale 1000000 shrinks the 30d period to 2\.59s, no longer than its longest alert window/,
    ],
  ])('reports %s', (_, parts, expected) => {
    const lines = linesOf(experimentText(parts));
    if (typeof expected === 'string') expect(lines).toEqual([expected]);
    else expect(lines[0]).toMatch(expected);
  });
});

describe('the catalogue rules', () => {
  it('require a learning objective and what to look for', () => {
    expect(linesOf(experimentText(), { catalogue: true })).toEqual([
      '3:metadata: a catalogue experiment needs metadata.learningObjective: what a trainee should understand afterwards',
      '3:metadata: a catalogue experiment needs metadata.lookFor: where to look while it runs, one sentence each',
    ]);
    const teaching = 'metadata:\n  name: sample\n  title: A sample\n  learningObjective: Something.\n  lookFor: [Somewhere.]';
    expect(load(experimentText({ metadata: teaching }), { catalogue: true }).metadata.learningObjective).toBe('Something.');
  });
});

describe('the blast-radius guard', () => {
  const remote = parseTopology(
    [
      'apiVersion: faultline.dev/v1',
      'kind: Topology',
      'services:',
      '  orders:',
      '    port: 9102',
      '    dependencies:',
      '      payments:',
      '        proxy: { name: orders_payments, listen: 127.0.0.1:29104, upstream: 10.1.2.3:9104 }',
      '  gateway:',
      '    port: 8080',
      '    public: true',
    ].join('\n'),
    'remote.yaml',
  );
  const context = { ...shipped, topology: remote };

  it('refuses a proxy whose upstream leaves the machine, saying how to allow it', () => {
    expect(() => parseExperiment(experimentText({ target: 'target:\n  proxies: [orders_payments]' }), 'x.yaml', context)).toThrow(
      'x.yaml:7:13: target.proxies.0: proxy orders_payments forwards to 10.1.2.3:9104, outside 127.0.0.0/8: Faultline only breaks what runs on this machine; set safety.allowNonLoopbackUpstream: true if that system is yours to break',
    );
  });

  it('accepts it once allowed explicitly', () => {
    const text = experimentText({ target: 'target:\n  proxies: [orders_payments]', extra: 'safety:\n  allowNonLoopbackUpstream: true' });
    expect(parseExperiment(text, 'x.yaml', context).target.proxies).toEqual(['orders_payments']);
  });

  it.each(['http://127.0.0.1:9104/readyz', 'http://127.1.2.3/x', 'http://localhost:8080/readyz', 'http://[::1]:8080/readyz'])('treats %s as loopback', (url) => {
    const text = experimentText({ steadyState: `steadyState:\n  baseline: 5s\n  checks:\n    - name: x\n      probe: { url: "${url}" }` });
    expect(load(text).steadyState.checks[0]?.condition).toMatchObject({ target: { url } });
  });

  it.each(['http://10.0.0.1/x', 'http://128.0.0.1/x', 'http://example.com/x'])('refuses %s as a probe', (url) => {
    const text = experimentText({ steadyState: `steadyState:\n  baseline: 5s\n  checks:\n    - name: x\n      probe: { url: "${url}" }` });
    expect(problemsOf(text).map((p) => p.path)).toEqual(['steadyState.checks.0.probe.url']);
  });
});

describe('the timeline', () => {
  it('lets a fault follow another on the same target, end to start', () => {
    const text = experimentText({ method: method(toxic('a', '0s', '5s', latency), toxic('b', '5s', '5s', latency)) });
    expect(load(text).method.map((f) => f.name)).toEqual(['a', 'b']);
  });

  it('lets toxics of different types or streams share a proxy at once', () => {
    const text = experimentText({
      method: method(
        toxic('a', '0s', '5s', latency),
        toxic('b', '0s', '5s', '{ proxy: orders_payments, type: latency, stream: upstream, attributes: { latency: 100 } }'),
        toxic('c', '0s', '5s', '{ proxy: orders_payments, type: bandwidth, attributes: { rate: 100 } }'),
      ),
    });
    expect(load(text).method).toHaveLength(3);
  });

  it('accepts a method with no fault: the hypothesis under load only', () => {
    expect(load(experimentText({ method: 'method: []' })).method).toEqual([]);
  });
});

describe('conventions', () => {
  it('write percentages as numbers in percent, like an SLO objective', () => {
    const text = experimentText({ steadyState: 'steadyState:\n  baseline: 5s\n  checks:\n    - name: x\n      errorRatio: { max: 0.5 }' });
    expect(load(text).steadyState.checks[0]?.condition).toMatchObject({ maxPercent: 0.5 });
  });

  it('read durations with units, including compound ones', () => {
    const text = experimentText({ load: 'load:\n  rate: 20\n  duration: 1m30s\n  timeout: 1.5s' });
    expect(load(text).load).toMatchObject({ durationMs: 90_000, timeoutMs: 1500 });
  });
});
