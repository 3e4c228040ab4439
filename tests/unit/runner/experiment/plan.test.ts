import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ArrivalCursor } from '../../../../src/load/schedule.js';
import { formatOffset } from '../../../../src/runner/experiment/format.js';
import { loadExperiment } from '../../../../src/runner/experiment/load.js';
import type { Experiment } from '../../../../src/runner/experiment/model.js';
import { planExperiment } from '../../../../src/runner/experiment/plan.js';
import { planLoad } from '../../../../src/runner/experiment/plan-load.js';
import { renderPlan } from '../../../../src/runner/experiment/render-plan.js';
import { runSchedule } from '../../../../src/runner/run-load.js';
import { experimentText, load, shipped } from './helpers.js';

const everything = await loadExperiment('tests/fixtures/experiments/valid/everything.yaml');
const plan = planExperiment(everything.experiment, everything.topology, everything.slos);

describe('the plan of everything.yaml', () => {
  it('puts every phase at its absolute offset from the start of the load', () => {
    expect(plan.phases.map((p) => `${p.name} ${p.startMs}-${p.endMs}`)).toEqual([
      'preflight 0-0',
      'baseline 0-8000',
      'faults 8000-20000',
      'rollback 20000-20000',
      'recovery 20000-32000',
      'observe 32000-35000',
      'verdict 35000-37000',
    ]);
    expect([plan.faultsStartMs, plan.faultsEndMs, plan.recoveryDeadlineMs, plan.loadEndMs, plan.totalMs]).toEqual([8000, 20_000, 32_000, 35_000, 37_000]);
  });

  it('injects and removes every fault at its time, a kill at the rollback and a restart at once', () => {
    expect(plan.faults.map((f) => `${f.name} ${f.injectMs}-${f.removeMs} ${f.removal}${f.toxicName ? ` ${f.toxicName}` : ''}${f.leased ? ' leased' : ''}`)).toEqual([
      'slow-payments 8000-14000 schedule faultline-slow-payments leased',
      'slower-payments 14000-18000 schedule faultline-slower-payments leased',
      'thin-catalog 10000-15000 schedule faultline-thin-catalog leased',
      'no-inventory-for-catalog 9000-12000 schedule leased',
      'freeze-payments 18000-20000 schedule leased',
      'kill-inventory 11000-20000 rollback',
      'restart-catalog 17000-17000 instant',
      'no-budget 8000-20000 schedule',
    ]);
  });

  it('orders the timeline by time, removals before injections at one instant', () => {
    const at14 = plan.timeline.filter((e) => e.atMs === 14_000).map((e) => `${e.kind} ${e.text.split(':')[0]}`);
    expect(at14).toEqual(['remove slow-payments', 'inject slower-payments']);
    const times = plan.timeline.map((e) => e.atMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('counts the requests of each stage of the ramp, (r0 + r1) / 2 × duration', () => {
    expect(plan.load.stages.map((s) => `${s.startMs}-${s.endMs} ${s.fromRate}→${s.toRate}: ${s.requests}`)).toEqual(['0-5000 5→20: 62', '5000-25000 20→20: 400', '25000-35000 20→10: 150']);
    expect(plan.load.totalRequests).toBe(612);
    expect(plan.load.mix).toEqual([
      { kind: 'browse', weight: 60, percent: 60, requests: 367 },
      { kind: 'order', weight: 40, percent: 40, requests: 245 },
    ]);
  });

  it('schedules the checks: the gate, every 2 s during the faults, recovery polling without budget checks, after', () => {
    expect(plan.checks.before).toEqual({ atMs: 8000, checks: ['few errors', 'order burn', 'gateway ready', 'payments ready'] });
    expect(plan.checks.during).toEqual({ fromMs: 8000, toMs: 20_000, everyMs: 2000, count: 6, checks: ['few errors', 'fast orders', 'order burn', 'gateway ready'] });
    expect(plan.checks.recovery).toEqual({ fromMs: 20_000, deadlineMs: 32_000, everyMs: 2000, checks: ['few errors', 'fast orders', 'order burn', 'gateway ready'] });
    expect(plan.checks.after).toEqual({ atMs: 35_000, checks: ['few errors', 'fast orders', 'order burn', 'browse budget', 'gateway ready'] });
  });

  it('spells out compressed windows and periods', () => {
    expect(plan.checks.checks.find((c) => c.name === 'order burn')?.description).toBe('burn rate of gateway-order-availability over 1h (10s at ×360) ≤ 6×');
    expect(plan.abort.conditions).toEqual([
      'gateway-order-availability has burned more than 80 % of its error budget (30d period = 2h at ×360)',
      'gateway-browse-availability burns faster than 100× over 5m (4s at ×360: 833.33ms, clamped to four scrapes), for 3s',
      'more than 60 % of requests fail over the last 5s, for 4s',
    ]);
    expect(plan.timeScaleNote).toBe('×360: a 30d budget period lasts 2h');
  });

  it('keeps the experiment seed, leases of the safety section, and the extra rollback step', () => {
    expect(plan.seed).toBe(42);
    expect(plan.leases).toEqual({ ttlMs: 3000, renewEveryMs: 600 });
    expect(plan.rollback.steps).toHaveLength(2);
  });

  it('is deterministic', () => {
    expect(planExperiment(everything.experiment, everything.topology, everything.slos)).toEqual(plan);
  });
});

describe('plans of small experiments', () => {
  it('count a constant load exactly (30 rps for 30 s is 900 requests, not 899)', () => {
    expect(planLoad(load(experimentText({ load: 'load:\n  rate: 30\n  duration: 30s' }))).totalRequests).toBe(900);
  });

  it('ramp from 0 when stages give no startRate, as k6 does', () => {
    const planned = planLoad(load(experimentText({ load: 'load:\n  stages: [{ duration: 10s, rate: 10 }, { duration: 20s, rate: 10 }]' })));
    expect(planned.stages.map((s) => s.requests)).toEqual([50, 200]);
  });

  /** The experiment with its load replaced by these stages (planLoad reads only the load). */
  const withStages = (startRate: number, stages: Array<[durationMs: number, rate: number]>): Experiment => {
    const base = load(experimentText());
    const loadStages = stages.map(([durationMs, rate]) => ({ durationMs, rate }));
    return { ...base, load: { ...base.load, startRate, stages: loadStages, durationMs: loadStages.reduce((sum, s) => sum + s.durationMs, 0) } };
  };
  /** What the generator starts: it walks an ArrivalCursor over runSchedule(experiment) until Infinity. */
  const generatorArrivals = (experiment: Experiment): number[] => {
    const cursor = new ArrivalCursor(runSchedule(experiment));
    const offsets: number[] = [];
    for (let at = cursor.next(); at !== Infinity; at = cursor.next()) offsets.push(at);
    return offsets;
  };

  it('plan as many requests as the generator starts, not the integral rounded down (0 → 5 rps over 3.1 s is 8)', () => {
    const ramp = withStages(0, [[3100, 5]]);
    expect(generatorArrivals(ramp)).toHaveLength(8);
    expect(planLoad(ramp).totalRequests).toBe(8);
    expect(planLoad(ramp).stages.map((s) => s.requests)).toEqual([8]);
  });

  it.each([
    ['0 → 5 rps over 3.1 s', 0, [[3100, 5]]],
    ['0 → 7 rps over 1.3 s', 0, [[1300, 7]]],
    ['3 → 0 rps over 2.5 s', 3, [[2500, 0]]],
    ['ramp up, hold, ramp down', 0, [[3100, 5], [2050, 5], [1700, 0]]],
    ['steps through 0-ms stages', 2, [[1250, 9], [0, 1], [3330, 4], [0, 13], [777, 13]]],
    ['a pause at 0 rps between ramps', 1, [[900, 0], [1000, 0], [1100, 3.3]]],
    ['uneven rates', 0.7, [[4321, 12.34], [1234, 0.5], [999, 7.77]]],
    ['everything.yaml', 5, [[5000, 20], [20_000, 20], [10_000, 10]]],
    ['retry-storm.yaml', 20, [[5000, 20], [30_000, 35]]],
  ] as Array<[string, number, Array<[number, number]>]>)('plan for %s the requests the generator\'s cursor starts, in total and stage by stage', (_name, startRate, stages) => {
    const experiment = withStages(startRate, stages);
    const offsets = generatorArrivals(experiment);
    const planned = planLoad(experiment);
    expect(planned.totalRequests).toBe(offsets.length);
    // Stage by stage: the arrivals in [start, end) of each stage.
    expect(planned.stages.map((s) => s.requests)).toEqual(planned.stages.map((s) => offsets.filter((at) => at >= s.startMs && at < s.endMs).length));
    expect(planned.stages.map((s) => s.requests).reduce((sum, n) => sum + n, 0)).toBe(offsets.length);
  });

  it('use the seed of the options when the experiment has none', () => {
    expect(planExperiment(load(experimentText()), shipped.topology, shipped.slos, { seed: 7 }).seed).toBe(7);
  });

  it('note a percentile over too few requests, and an experiment without checks', () => {
    const slowPercentile = experimentText({ load: 'load:\n  rate: 5\n  duration: 30s', steadyState: 'steadyState:\n  baseline: 5s\n  checks:\n    - name: tail\n      latency: { percentile: 99, max: 1s }' });
    expect(planExperiment(load(slowPercentile), shipped.topology, shipped.slos).notes).toEqual([
      '"tail": p99 over 5s sees as few as 25 requests, fewer than the 100 it needs to be more than the slowest one (100 % of the load); lengthen the window or raise the rate',
    ]);
    const noChecks = experimentText({ steadyState: 'steadyState:\n  baseline: 5s' });
    expect(planExperiment(load(noChecks), shipped.topology, shipped.slos).notes).toEqual(['no steady-state check: the run observes but cannot deviate']);
  });
});

describe('offsets', () => {
  it.each([
    [0, 'T+00:00.000'],
    [10_000, 'T+00:10.000'],
    [61_234.4, 'T+01:01.234'],
    [3_600_000, 'T+60:00.000'],
  ])('%i ms is %s', (ms, text) => {
    expect(formatOffset(ms)).toBe(text);
  });
});

/**
 * Golden files (habit 7): what `faultline run --dry-run` prints, byte for byte. After a deliberate
 * change, regenerate with `UPDATE_GOLDEN=1 npx vitest run tests/unit/runner/experiment` and review the diff.
 */
const update = process.env.UPDATE_GOLDEN === '1';

describe.each([
  ['tests/fixtures/experiments/valid/everything.yaml', 'everything.plan.txt'],
  ['experiments/retry-storm.yaml', 'retry-storm.plan.txt'],
  ['experiments/killed-process.yaml', 'killed-process.plan.txt'],
])('the dry run of %s', (file, golden) => {
  it(`matches tests/golden/experiments/${golden} byte for byte`, async () => {
    const loaded = await loadExperiment(file);
    const rendered = renderPlan(planExperiment(loaded.experiment, loaded.topology, loaded.slos));
    const path = fileURLToPath(new URL(`../../../golden/experiments/${golden}`, import.meta.url));
    if (update) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, rendered);
    }
    expect(existsSync(path), `${path} is missing: run UPDATE_GOLDEN=1 npx vitest run tests/unit/runner/experiment`).toBe(true);
    expect(rendered).toBe(readFileSync(path, 'utf8'));
  });
});
