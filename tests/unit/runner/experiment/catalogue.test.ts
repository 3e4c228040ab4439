import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packageFile } from '../../../../src/core/package-root.js';
import { loadExperiment } from '../../../../src/runner/experiment/load.js';
import { planExperiment } from '../../../../src/runner/experiment/plan.js';

/**
 * The catalogue (experiments/*.yaml): every entry loads against the shipped topology and SLOs with
 * the catalogue's rules (a learning objective, what to look for), plans, and is short enough to
 * run in CI on a two-core machine.
 */
const files = readdirSync(packageFile('experiments/')).filter((name) => name.endsWith('.yaml')).sort();
const docs = readFileSync(packageFile('docs/EXPERIMENTS.md'), 'utf8');

/** CI budget per experiment: load, faults and recovery in 20–40 s, at modest rates. */
const MAX_LOAD_MS = 40_000;
const MIN_LOAD_MS = 20_000;
const MAX_RATE = 40;

describe('the experiment catalogue', () => {
  it('holds at least twelve experiments, each indexed in docs/EXPERIMENTS.md', () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
    expect(files.filter((file) => !docs.includes(`experiments/${file}`))).toEqual([]);
  });

  it.each(files)('%s loads, teaches, plans, and fits in a CI run', async (file) => {
    const { experiment, topology, slos, topologyFile, sloFiles } = await loadExperiment(packageFile(`experiments/${file}`), { catalogue: true });
    expect(`${experiment.metadata.name}.yaml`).toBe(file);
    expect(topologyFile).toBe(packageFile('services/topology.yaml'));
    expect(sloFiles).toEqual([packageFile('slo/shop.yaml')]);
    expect(experiment.metadata.lookFor.length).toBeGreaterThan(0);
    expect(experiment.steadyState.checks.length).toBeGreaterThan(0);
    expect(experiment.method.length).toBeGreaterThan(0);
    expect(experiment.seed).toBeDefined();

    const plan = planExperiment(experiment, topology, slos);
    expect(plan.loadEndMs).toBeGreaterThanOrEqual(MIN_LOAD_MS);
    expect(plan.loadEndMs).toBeLessThanOrEqual(MAX_LOAD_MS);
    expect(Math.max(plan.load.stages[0]?.fromRate ?? 0, ...plan.load.stages.map((s) => s.toRate))).toBeLessThanOrEqual(MAX_RATE);
    expect(plan.checks.recovery, 'recovery must be judged').toBeDefined();
    expect(plan.notes).toEqual([]);
  });

  it('gives every experiment its own seed, so two entries never replay one incident', async () => {
    const seeds = await Promise.all(files.map(async (file) => (await loadExperiment(packageFile(`experiments/${file}`))).experiment.seed));
    expect(new Set(seeds).size).toBe(files.length);
  });
});
