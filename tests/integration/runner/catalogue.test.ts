import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageFile } from '../../../src/core/package-root.js';
import { loadExperiment } from '../../../src/runner/experiment/load.js';
import { speedUp } from '../../../src/runner/experiment/speed.js';
import type { JsonValue } from '../../../src/runner/journal/events.js';
import { readJournal } from '../../../src/runner/journal/reader.js';
import { summariseJournal } from '../../../src/runner/journal/summary.js';
import { runExperiment } from '../../../src/runner/run.js';

/**
 * Every catalogue experiment, run for real five times faster (each on its own embedded system): it
 * must complete and roll back. Its verdict may legitimately be "deviated" or "aborted" — finding
 * that is what the experiment is for — but never an environment error, and never a fault left
 * behind.
 */
const SPEED = 5;
const catalogue = readdirSync(packageFile('experiments')).filter((file) => file.endsWith('.yaml')).sort();
const runsDir = mkdtempSync(join(tmpdir(), 'faultline-catalogue-'));
afterAll(() => rmSync(runsDir, { recursive: true, force: true }));

describe('the experiment catalogue, at five times the speed', () => {
  it('has at least ten experiments', () => {
    expect(catalogue.length).toBeGreaterThanOrEqual(10);
  });

  it.each(catalogue)('%s completes, rolls back every fault, and reaches a verdict', async (file) => {
    const loaded = await loadExperiment(packageFile(`experiments/${file}`), { catalogue: true });
    const { experiment, slos } = speedUp(loaded.experiment, loaded.slos, SPEED);
    const outcome = await runExperiment({ experiment, topology: loaded.topology, slos, document: loaded.raw as unknown as JsonValue, seed: experiment.seed ?? 1, runsDir });
    const journal = readJournal(outcome.journalPath);
    const summary = summariseJournal(journal.events);
    expect(outcome.result, outcome.reasons.join('\n')).not.toBe('error');
    expect(summary.faultsLeftBehind).toEqual([]);
    expect(journal.events.filter((e) => e.type === 'fault_injected').length).toBe(experiment.method.length);
    expect(journal.events.at(-1)?.type).toBe('run_finished');
  }, 60_000);
});
