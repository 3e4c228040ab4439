import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { Toxiproxy, type ICreateToxicBody } from 'toxiproxy-node-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../src/runner/journal/reader.js';
import { faultsInPlace } from '../../src/runner/proxy-state.js';
import { readLiveProxies } from '../../src/topology/live-proxies.js';
import type { RunningSystem } from '../../src/topology/system.js';
import { runCli } from '../helpers/cli.js';
import { startTestSystem } from '../helpers/system.js';

/**
 * `faultline run` as a user types it: the plan without touching anything, invalid files refused
 * with their lines, and real runs whose exit code is the verdict's, with --json and --junit. The
 * runs that need a system that outlives them drive one started here on free ports.
 */
const fixture = (name: string) => `tests/fixtures/experiments/runner/${name}.yaml`;
let dir: string;
let system: RunningSystem & { dataDir: string; logs: string[] };
let target: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'faultline-cli-run-'));
  system = await startTestSystem(61);
  target = ['--toxiproxy-url', system.endpoints.proxyApi, '--supervisor-url', system.endpoints.supervisorApi];
});
afterAll(async () => {
  await system?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const latestEventId = async (url: string) => ((await (await fetch(`${url}/events?since=0&limit=10000`)).json()) as { next: number }).next;
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });

interface JUnitCase {
  name: string;
  failure?: { message: string };
  error?: { message: string; type: string };
}
function parseJUnit(text: string): { suite: { tests: string; failures: string; errors: string; property: Array<{ name: string; value: string }> }; cases: JUnitCase[] } {
  expect(XMLValidator.validate(text)).toBe(true);
  const suite = (xml.parse(text) as { testsuites: { testsuite: { tests: string; failures: string; errors: string; properties: { property: Array<{ name: string; value: string }> }; testcase: JUnitCase | JUnitCase[] } } }).testsuites.testsuite;
  return { suite: { ...suite, property: suite.properties.property }, cases: ([] as JUnitCase[]).concat(suite.testcase) };
}

describe('faultline run --dry-run', () => {
  it('prints the plan and touches nothing: no run folder, no change on a running system', async () => {
    const runs = join(dir, 'dry-runs');
    const proxyEvents = await latestEventId(system.endpoints.proxyApi);
    const supervisorEvents = await latestEventId(system.endpoints.supervisorApi);

    const result = await runCli(['run', fixture('toxics'), '--dry-run', '--seed', '99', '--runs-dir', runs, ...target]);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Experiment runner-toxics: Two short latency toxics\n/);
    expect(result.stdout).toContain('  seed         99\n');
    expect(result.stdout).toMatch(/T\+00:02\.000 {2}inject {5}slow-catalog: latency 100ms on gateway_catalog downstream \(toxic faultline-slow-catalog\)/);
    expect(result.stdout).toMatch(/T\+00:05\.000 {2}remove {5}slow-payments/);
    expect(existsSync(runs)).toBe(false);
    expect(await latestEventId(system.endpoints.proxyApi)).toBe(proxyEvents);
    expect(await latestEventId(system.endpoints.supervisorApi)).toBe(supervisorEvents);
    expect(faultsInPlace(await readLiveProxies(system.endpoints.proxyApi))).toEqual([]);
  });
});

describe('faultline run with invalid input', () => {
  it('exits 3 with every problem as file:line:col and no stack trace', async () => {
    const result = await runCli(['run', 'tests/fixtures/experiments/invalid/meaning.yaml', '--runs-dir', join(dir, 'invalid-runs')]);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    const problems = result.stderr.split('\n').filter((line) => /^tests\/fixtures\/experiments\/invalid\/meaning\.yaml:\d+:\d+: /.test(line));
    expect(problems.length).toBeGreaterThanOrEqual(10);
    expect(result.stderr).toContain('meaning.yaml:58:19: abort.0.errorRatio.above: above 100 % can never hold');
    expect(result.stderr).toMatch(/\[FAULTLINE_CONFIG_INVALID\]\n$/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(join(dir, 'invalid-runs'))).toBe(false);
  });

  it.each([
    ['broken YAML', 'apiVersion: faultline.dev/v1\nkind: Experiment\nmetadata: { name: x\n', /broken\.yaml:\d+:\d+: /],
    ['a file that does not exist', undefined, /missing\.yaml: cannot read the experiment: ENOENT.*\[FAULTLINE_CONFIG_READ\]/],
  ])('exits 3 on %s, naming the file, with no stack trace', async (_case, text, message) => {
    const file = join(dir, text === undefined ? 'missing.yaml' : 'broken.yaml');
    if (text !== undefined) writeFileSync(file, text);
    const result = await runCli(['run', file]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('faultline run', () => {
  it('runs an experiment on the embedded system: exit 0 when the hypothesis holds, --json prints the outcome, --junit writes the report', { timeout: 60_000 }, async () => {
    const runs = join(dir, 'runs-held');
    const junit = join(dir, 'held.xml');

    const result = await runCli(['run', fixture('toxics'), '--runs-dir', runs, '--junit', junit, '--json'], { timeoutMs: 50_000 });

    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const outcome = JSON.parse(lines[0] as string) as { result: string; exitCode: number; reasons: string[]; runDir: string; journal: string; seed: number };
    expect(outcome).toEqual({ result: 'held', exitCode: 0, reasons: ['the steady state held before, during and after the faults'], runDir: expect.stringContaining(runs), journal: join(outcome.runDir, 'journal.jsonl'), seed: 11 });
    // Progress goes to standard error, so standard output stays one JSON object.
    expect(result.stderr).toContain('started the embedded system');
    expect(result.stderr).toContain('verdict: HELD (exit 0)');

    const journal = readJournal(outcome.journal);
    expect(journal.events.at(-2)).toMatchObject({ type: 'verdict', result: 'held', exitCode: 0 });
    expect(journal.events[0]).toMatchObject({ type: 'run_started', mode: 'embedded' });

    const report = parseJUnit(readFileSync(junit, 'utf8'));
    expect(report.suite).toMatchObject({ failures: '0', errors: '0' });
    expect(report.suite.property).toEqual(expect.arrayContaining([{ name: 'verdict', value: 'held' }, { name: 'exit.code', value: '0' }, { name: 'seed', value: '11' }]));
    expect(report.cases.map((c) => c.name)).toEqual(expect.arrayContaining(['before: requests succeed', 'during: gateway healthy #1', 'after: answered within a second', 'no fault left behind', 'run completed']));
    expect(Number(report.suite.tests)).toBe(report.cases.length);
    expect(report.cases.every((c) => !c.failure && !c.error)).toBe(true);
    // --junit puts the report where asked (no temporary file left); the run folder keeps its own copy.
    expect(readdirSync(dir).filter((f) => f.startsWith('held.xml'))).toEqual(['held.xml']);
    expect(readdirSync(outcome.runDir).sort()).toEqual(['journal.jsonl', 'junit.xml']);
    expect(readFileSync(join(outcome.runDir, 'junit.xml'), 'utf8')).toBe(readFileSync(junit, 'utf8'));
  });

  it('exits 4 when preflight finds a stray toxic on the running system, naming it, and injects nothing', async () => {
    const proxy = await new Toxiproxy(system.endpoints.proxyApi).get('orders_inventory');
    await proxy.addToxic({ name: 'forgotten', type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 5, jitter: 0 } } as unknown as ICreateToxicBody<unknown>);
    try {
      const proxyEvents = await latestEventId(system.endpoints.proxyApi);
      const result = await runCli(['run', fixture('toxics'), '--runs-dir', join(dir, 'runs-stray'), ...target]);
      expect(result.code, result.stderr).toBe(4);
      expect(result.stdout).toContain('verdict: ERROR (exit 4)');
      expect(result.stdout).toContain('faults from an earlier run are still in place (orders_inventory: toxic forgotten (latency, downstream)); remove them with `faultline panic` before running');
      expect(result.stdout).not.toContain('injected');
      expect(await latestEventId(system.endpoints.proxyApi)).toBe(proxyEvents);
    } finally {
      await (await proxy.getToxic('forgotten')).remove();
    }
  });

  it('exits 2 when an abort condition stops the run, with the faults rolled back on the running system', { timeout: 40_000 }, async () => {
    const runs = join(dir, 'runs-aborted');
    const result = await runCli(['run', fixture('outage-abort'), '--runs-dir', runs, '--json', '--seed', '77', ...target], { timeoutMs: 30_000 });

    expect(result.code, result.stderr).toBe(2);
    const outcome = JSON.parse(result.stdout) as { result: string; exitCode: number; reasons: string[]; runDir: string; journal: string; seed: number };
    expect(outcome).toMatchObject({ result: 'aborted', exitCode: 2, seed: 77 });
    // --seed wins over the experiment's seed (12), in the journal as in the run.
    expect(readJournal(outcome.journal).events[0]).toMatchObject({ type: 'run_started', mode: 'external', seed: 77 });
    expect(outcome.reasons[0]).toMatch(/^aborted: .* of requests failed over 1s, above 50 % for 1s$/);
    expect(faultsInPlace(await readLiveProxies(system.endpoints.proxyApi))).toEqual([]);
    // Without --junit the report lands in the run folder; an aborted run cannot look green.
    const report = parseJUnit(readFileSync(join(outcome.runDir, 'junit.xml'), 'utf8'));
    expect(report.suite.errors).toBe('1');
    expect(report.cases.find((c) => c.name === 'run completed')?.error).toMatchObject({ type: 'aborted' });
    expect(report.cases.find((c) => c.name === 'no fault left behind')).toEqual({ name: 'no fault left behind', classname: 'faultline.outage-abort', time: '0' });
  });
});
