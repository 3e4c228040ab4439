import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../../../src/core/errors.js';
import { loadExperiment } from '../../../../src/runner/experiment/load.js';

const fixtures = (kind: 'valid' | 'invalid') => readdirSync(new URL(`../../../fixtures/experiments/${kind}/`, import.meta.url)).sort();
const fixture = (kind: 'valid' | 'invalid', name: string) => `tests/fixtures/experiments/${kind}/${name}`;

async function fileProblems(path: string): Promise<string[]> {
  try {
    await loadExperiment(path);
  } catch (error) {
    expect(error).toBeInstanceOf(FaultlineError);
    return ((error as FaultlineError).details.problems as Array<{ line: number; path: string; message: string }>).map((p) => `${p.line}:${p.path}: ${p.message}`);
  }
  throw new Error(`expected ${path} to be refused`);
}

const everything = await loadExperiment(fixture('valid', 'everything.yaml'));

describe('valid experiment files (tests/fixtures/experiments/valid)', () => {
  it.each(fixtures('valid'))('%s loads', async (name) => {
    const { experiment } = await loadExperiment(fixture('valid', name));
    expect(experiment.metadata.name).toBe(name.replace(/\.yaml$/, ''));
  });

  it('fill every default of a minimal file', async () => {
    const { experiment, topology, slos, sloFiles } = await loadExperiment(fixture('valid', 'minimal.yaml'));
    expect(topology.name).toBe('shop');
    expect(slos.slos).toHaveLength(5);
    expect(slos.timeScale).toBe(720);
    expect(sloFiles.map((f) => f.split('/').slice(-2).join('/'))).toEqual(['slo/shop.yaml']);
    const { file: _file, target, ...rest } = experiment;
    expect(target.proxies).toEqual([]);
    expect(target.topologyFile.endsWith('services/topology.yaml')).toBe(true);
    expect(rest).toEqual({
      metadata: { name: 'minimal', title: 'Load only', description: '', tags: [], lookFor: [] },
      timeScale: 720,
      load: { startRate: 10, stages: [{ durationMs: 20_000, rate: 10 }], durationMs: 20_000, mix: { browse: 65, product: 25, order: 10 }, timeoutMs: 5000 },
      steadyState: { baselineMs: 10_000, everyMs: 1000, checks: [] },
      method: [],
      abort: [],
      rollbacks: [],
      recovery: { withinMs: 10_000 },
      safety: { allowOutsideTopology: false, allowNonLoopbackUpstream: false, leaseTtlMs: 5000 },
    });
  });

  describe('everything.yaml, every part of the format', () => {
    const { experiment } = everything;

    it('reads a ramping load from startRate through its stages, and a partial mix with zero weights', () => {
      expect(experiment.load).toEqual({
        startRate: 5,
        stages: [
          { durationMs: 5000, rate: 20 },
          { durationMs: 20_000, rate: 20 },
          { durationMs: 10_000, rate: 10 },
        ],
        durationMs: 35_000,
        mix: { browse: 60, product: 0, order: 40 },
        timeoutMs: 2000,
      });
    });

    it('reads each kind of check, its moments and defaults', () => {
      expect(experiment.steadyState.checks.map((c) => ({ name: c.name, when: c.when.join('+'), ...c.condition }))).toEqual([
        { name: 'few errors', when: 'before+during+after', kind: 'errorRatio', maxPercent: 0.5, windowMs: 4000, kinds: [] },
        { name: 'fast orders', when: 'during+after', kind: 'latency', percentile: 95, maxMs: 800, windowMs: 6000, kinds: ['order'] },
        { name: 'order burn', when: 'before+during+after', kind: 'burnRate', slo: 'gateway-order-availability', windowMs: 3_600_000, max: 6 },
        { name: 'browse budget', when: 'after', kind: 'budget', slo: 'gateway-browse-availability', maxConsumedPercent: 10 },
        { name: 'gateway ready', when: 'before+during+after', kind: 'probe', target: { path: '/readyz' }, expectStatus: [200, 204], timeoutMs: 500 },
        { name: 'payments ready', when: 'before', kind: 'probe', target: { url: 'http://127.0.0.1:9104/readyz' }, expectStatus: [200], timeoutMs: 1000 },
      ]);
      expect(experiment.steadyState).toMatchObject({ hypothesis: 'The shop shrugs off everything at once.', baselineMs: 8000, everyMs: 2000 });
    });

    it('names each toxic after its fault and reports every attribute of its type, unsent ones 0', () => {
      const [slow, , thin] = experiment.method;
      expect(slow).toEqual({
        name: 'slow-payments',
        atMs: 0,
        durationMs: 6000,
        kind: 'toxic',
        proxy: 'orders_payments',
        toxicName: 'faultline-slow-payments',
        type: 'latency',
        stream: 'upstream',
        toxicity: 0.5,
        attributes: { latency: 300, jitter: 20 },
      });
      expect(thin).toMatchObject({ stream: 'downstream', toxicity: 1, attributes: { average_size: 64, size_variation: 16, delay: 500 } });
      expect(experiment.method[1]).toMatchObject({ attributes: { latency: 600, jitter: 0 } });
    });

    it('keeps process faults without a duration (a kill until the rollback, an instantaneous restart)', () => {
      expect(experiment.method.filter((f) => f.kind === 'process').map((f) => [f.name, f.durationMs])).toEqual([
        ['freeze-payments', 2000],
        ['kill-inventory', undefined],
        ['restart-catalog', undefined],
      ]);
    });

    it('applies a policy change over the declared policy, turning patterns off with false', () => {
      expect(experiment.method.at(-1)).toEqual({
        name: 'no-budget',
        atMs: 0,
        durationMs: 12_000,
        kind: 'policy',
        service: 'orders',
        peer: 'payments',
        policy: { timeoutMs: 500, retries: { attempts: 4, backoffMs: 50, maxBackoffMs: 400, budget: 1 }, bulkhead: { limit: 32, queue: 64 } },
        declared: {
          timeoutMs: 500,
          retries: { attempts: 2, backoffMs: 50, maxBackoffMs: 400, budget: 0.2 },
          circuitBreaker: { failureRatio: 0.5, minimumRequests: 10, windowMs: 10_000, halfOpenAfterMs: 5000 },
          bulkhead: { limit: 32, queue: 64 },
        },
      });
    });

    it('reads abort conditions, rollbacks, recovery and safety', () => {
      expect(experiment.abort).toEqual([
        { kind: 'budgetBurned', slo: 'gateway-order-availability', abovePercent: 80 },
        { kind: 'burnRate', slo: 'gateway-browse-availability', windowMs: 300_000, above: 100, forMs: 3000 },
        { kind: 'errorRatio', abovePercent: 60, forMs: 4000, windowMs: 5000 },
      ]);
      expect(experiment.rollbacks).toEqual([{ kind: 'restore', services: 'all' }]);
      expect(experiment.recovery).toEqual({ withinMs: 12_000 });
      expect(experiment.safety).toEqual({ allowOutsideTopology: false, allowNonLoopbackUpstream: false, leaseTtlMs: 3000 });
      expect(experiment.seed).toBe(42);
      expect(experiment.timeScale).toBe(360);
      expect(everything.slos.timeScale).toBe(360);
    });
  });
});

describe('invalid experiment files (tests/fixtures/experiments/invalid)', () => {
  const expected: Record<string, string[]> = {
    'meaning.yaml': [
      "13:load.startRate: startRate applies to stages only; a constant load runs at rate from the start",
      "18:steadyState.checks.0.errorRatio.max: max 100 % cannot fail: an error ratio never exceeds 100 %; use a percentage such as 1",
      "20:steadyState.checks.1.latency.percentile: percentile 100 is out of range: it is above 0 and below 100, such as 99 for p99",
      "22:steadyState.checks.2.latency.window: the 10s window is longer than the 5s baseline, so the `before` check would judge less traffic than it says; shorten the window or lengthen steadyState.baseline",
      "24:steadyState.checks.3.burnRate.max: a burn rate of 2000× can never be exceeded: at objective 99.9 % even a total outage of gateway-order-availability burns 1000×, so the check can never fail; use a value below 1000",
      "27:steadyState.checks.4.budget: a check has exactly one of errorRatio, latency, burnRate, budget, probe, and this one already has errorRatio; split it in two",
      "28:steadyState.checks.5: a check needs exactly one of errorRatio, latency, burnRate, budget, probe",
      "30:steadyState.checks.6.probe.url: a probe has a path (on the public service) or a url, not both",
      "32:steadyState.checks.7.probe.url: http://192.168.1.10/healthz is outside 127.0.0.0/8: Faultline only probes this machine; set safety.allowNonLoopbackUpstream: true if that system is yours to probe",
      "33:steadyState.checks.8.name: check \"errors\" is declared twice (first at line 17)",
      "39:method.0.toxic.attributes: attributes.rate is required for toxic type bandwidth: at least 1 KB/s (0, Toxiproxy's value for an unsent attribute, would hang or crash it)",
      "39:method.0.toxic.attributes.rte: unknown attribute \"rte\" for toxic type bandwidth (known: rate)",
      "42:method.1.duration: a restart is instantaneous (graceful stop and start on the same port), so it takes no duration; to keep a service down for a while, kill it with a duration",
      "44:method.2: fault \"freeze\" needs a duration: a paused service is resumed when it ends",
      "47:method.3: a fault needs exactly one of toxic, outage, process, policy",
      "52:method.4.policy.set: changes nothing: the declared policy of orders towards payments already has these settings",
      "56:method.5.policy.peer: orders does not call \"catalog\"; it calls inventory, payments",
      "58:abort.0.errorRatio.above: above 100 % can never hold: an error ratio never exceeds 100 %; use a percentage such as 50",
      "59:abort.1.burnRate.above: a burn rate of 1000× can never be exceeded: at objective 99.9 % even a total outage of gateway-browse-availability burns 1000×, so this condition can never stop the run; use a value below 1000",
      "61:abort.2.errorRatio: an abort condition has exactly one of budgetBurned, burnRate, errorRatio, and this one already has budgetBurned; split it in two",
      "63:safety.leaseTtl: a lease of 10m is out of range: use 1s to 5m (shorter lapses between renewals on a busy machine; longer leaves a dead runner's faults in place)",
    ],
    'schema.yaml': [
      "2:apiVersion: must be \"faultline.dev/v1\"",
      "5:metadata.name: has the wrong form (expected A file-safe id: lower-case letters, digits and inner hyphens, e.g. payments-outage)",
      "8:metadata.lookFor.0: must be string (YAML read \"key: value\" here: quote text that contains \": \")",
      "11:load.duration: has the wrong form (expected A duration such as 250ms, 10s, 1m30s)",
      "12:load.colour: unknown field \"colour\"",
      "16:steadyState.checks.0.errorRatio.max: must be a number in percent, as an SLO's objective is: write 1, not \"1%\"",
      "24:method.0.toxic.stream: must be one of \"upstream\", \"downstream\"",
      "25:method.0.toxic.toxicity: must be <= 1",
      "26:method.0.toxic.attributes.latency: must be an integer (ms), as every Toxiproxy attribute is",
      "26:method.0.toxic.attributes.jitter: must be >= 0",
      "30:method.1.process.action: must be one of \"kill\", \"pause\", \"restart\"",
    ],
    'targets.yaml': [
      "8:target.proxies.0: unknown proxy \"orders_payment\"; the topology declares catalog_inventory, orders_inventory, orders_payments, gateway_catalog, gateway_orders (set safety.allowOutsideTopology: true to fault a proxy it does not declare, e.g. on a shared Toxiproxy)",
      "9:target.services.0: unknown service \"billing\"; the topology declares inventory, payments, catalog, orders, gateway",
      "13:load.mix.checkout: unknown request kind \"checkout\"; the load generator sends browse, product, order",
      "18:steadyState.checks.0.errorRatio.kinds.0: unknown request kind \"checkout\"; the load generator sends browse, product, order",
      "20:steadyState.checks.1.errorRatio.kinds.0: the load sends no product requests (weight 0 in load.mix), so this check would see none",
      "22:steadyState.checks.2.burnRate.slo: unknown SLO \"gateway-orders-availability\"; the target's SLO files declare gateway-browse-availability, gateway-browse-latency, gateway-order-availability, gateway-order-latency, orders-payments-availability",
      "24:steadyState.checks.3.burnRate.window: 10m is not an alert window of gateway-browse-availability; use one of 5m, 30m, 1h, 2h, 6h, 1d, 3d (written as in real time: the run compresses them by timeScale)",
      "29:method.0.toxic.proxy: proxy \"orders_inventory\" is not in target.proxies (orders_payment, gateway_catalog); list it there: the target is the experiment's blast radius",
      "33:method.1.process.service: service \"payments\" is not in target.services (billing); list it there: the target is the experiment's blast radius",
    ],
    'timeline.yaml': [
      "24:method.1.at: fault \"slower\" (T+00:10.000 to T+00:20.000) overlaps \"slow\" (T+00:05.000 to T+00:15.000) on orders_payments downstream latency: two toxics of one type on one stream of one proxy add up silently (two 500 ms latencies give 1 s), and clients using Toxiproxy's default name <type>_<stream> cannot create the second; merge them into one fault or let one end before the other starts",
      "27:method.2.name: fault \"slow\" is declared twice (first at line 19); names must be unique, since each names its toxic faultline-slow",
      "36:method.4.at: fault \"catalog-down-again\" (T+00:08.000 to T+00:12.000) overlaps \"catalog-down\" (T+00:05.000 to T+00:09.000) on gateway_catalog: the first to end would enable the proxy while the other still expects it down; make them one outage",
      "44:method.6.at: fault \"kill\" (T+00:09.000 to T+00:35.000) overlaps \"freeze\" (T+00:07.000 to T+00:12.000) on payments: one service cannot be in two process faults at once; let one end before the other starts",
      "48:method.7.duration: fault \"long-tail\" ends at T+00:35.000, after the load ends at T+00:30.000: nothing would measure its effect; lengthen the load or end the fault sooner",
      "51:recovery.within: the load ends at T+00:30.000, before the recovery deadline T+00:45.000 (last fault ends at T+00:35.000, recovery.within 10s), so recovery could not be judged; lengthen the load to at least 45s or shorten recovery.within",
    ],

  };

  it('has an expectation for every fixture', () => {
    expect(Object.keys(expected).sort()).toEqual(fixtures('invalid'));
  });

  it.each(Object.entries(expected))('%s: every problem at once, in line order, with its YAML path', async (name, lines) => {
    expect(await fileProblems(fixture('invalid', name))).toEqual(lines);
  });

  it('names the file in the message, one problem per line, as compilers print them', async () => {
    await expect(loadExperiment(fixture('invalid', 'targets.yaml'))).rejects.toThrow(
      /^tests\/fixtures\/experiments\/invalid\/targets\.yaml: invalid experiment:\ntests\/fixtures\/experiments\/invalid\/targets\.yaml:8:13: target\.proxies\.0: unknown proxy "orders_payment"/,
    );
  });

  it('reports an unreadable file with FAULTLINE_CONFIG_READ', async () => {
    await expect(loadExperiment('tests/fixtures/experiments/nowhere.yaml')).rejects.toMatchObject({ code: 'FAULTLINE_CONFIG_READ' });
  });
});
