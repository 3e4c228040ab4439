import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../../src/runner/journal/reader.js';
import type { RunningSystem } from '../../../src/topology/system.js';
import { CLI } from '../../helpers/cli.js';
import { eventually, startTestSystem } from '../../helpers/system.js';
import { expectContinuousSeqs, faultsOn, fixture, getJson, ofType, servicesOf, useRunsDir } from './helpers.js';

/**
 * The runner's key safety promise, tested with a real crash: a `faultline run` child process (the
 * built CLI) drives a system that lives in this test process; once its journal shows a toxic and a
 * pause in place, the test SIGKILLs it — no rollback can run. The leases must then remove both,
 * within their TTL: not at once (that would be a rollback, which a SIGKILLed process cannot do) and
 * not much later. The journal written up to the kill must read back whole.
 */
const LEASE_TTL_MS = 3000;
const runsDir = useRunsDir();
let system: RunningSystem & { dataDir: string; logs: string[] };
const children: ChildProcess[] = [];

beforeAll(async () => {
  system = await startTestSystem(51);
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
afterAll(async () => {
  await system?.close();
});

interface LoggedEvent {
  id: number;
  type: string;
  proxy?: string;
  toxic?: string;
  service?: string;
  detail?: Record<string, unknown>;
}

/** The journal's complete lines parsed, tolerating the line being written (the child is alive). */
function journalTypes(path: string): string[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .slice(0, -1)
    .map((line) => (JSON.parse(line) as { type: string }).type);
}

describe('a runner killed with SIGKILL', () => {
  it('leaves nothing behind for longer than the lease, and a journal that reads back whole', { timeout: 40_000 }, async () => {
    expect(existsSync(CLI), 'dist/ is missing: the e2e global setup builds it').toBe(true);
    const dir = runsDir();
    const { proxyApi, supervisorApi } = system.endpoints;
    const child = spawn(process.execPath, [CLI, 'run', fixture('sigkill'), '--toxiproxy-url', proxyApi, '--supervisor-url', supervisorApi, '--runs-dir', dir], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    children.push(child);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    const auditCursor = (await getJson<{ next: number }>(`${proxyApi}/events?since=0&limit=10000`)).next;
    const supervisorCursor = (await getJson<{ next: number }>(`${supervisorApi}/events?since=0&limit=10000`)).next;

    // Wait for both faults in the journal (the journal is fsynced before the runner goes on).
    let journalPath = '';
    await eventually(async () => {
      if (child.exitCode !== null) throw new Error(`the runner exited early:\n${output}`);
      const runDir = readdirSync(dir)[0];
      if (!runDir) return false;
      journalPath = join(dir, runDir, 'journal.jsonl');
      return journalTypes(journalPath).filter((t) => t === 'fault_injected').length === 2;
    }, 20_000);

    child.kill('SIGKILL');
    const killedAt = Date.now();
    expect(await exited).toBe('SIGKILL');

    // Right after the kill both faults are still in place: no rollback ran.
    expect(await faultsOn(proxyApi)).toEqual(['gateway_catalog: toxic faultline-slow-catalog (latency, downstream)']);
    expect((await servicesOf(supervisorApi)).find((s) => s.name === 'payments')?.state).toBe('paused');

    // Then the leases lapse: the toxic goes and payments runs again, within the TTL (+ margin).
    let toxicGoneAfter = 0;
    let resumedAfter = 0;
    await eventually(
      async () => {
        if (!toxicGoneAfter && (await faultsOn(proxyApi)).length === 0) toxicGoneAfter = Date.now() - killedAt;
        if (!resumedAfter && (await servicesOf(supervisorApi)).find((s) => s.name === 'payments')?.state === 'running') resumedAfter = Date.now() - killedAt;
        return toxicGoneAfter > 0 && resumedAfter > 0;
      },
      LEASE_TTL_MS + 3000,
      25,
    );
    // The runner renewed every TTL/5, so most of a lease was left when it died (a third, with room for a slow machine).
    for (const after of [toxicGoneAfter, resumedAfter]) {
      expect(after).toBeGreaterThan(LEASE_TTL_MS / 3);
      expect(after).toBeLessThan(LEASE_TTL_MS + 3000);
    }
    // …and it was the leases that did it, as the proxy's and the supervisor's trails say.
    const audit = (await getJson<{ events: LoggedEvent[] }>(`${proxyApi}/events?since=${auditCursor}&limit=10000`)).events;
    expect(audit.filter((e) => e.toxic === 'faultline-slow-catalog').map((e) => e.type)).toEqual(['toxic.added', 'lease.set', 'lease.expired', 'toxic.removed']);
    const trail = (await getJson<{ events: LoggedEvent[] }>(`${supervisorApi}/events?since=${supervisorCursor}&limit=10000`)).events;
    expect(trail.filter((e) => e.service === 'payments').map((e) => `${e.type}${e.detail?.reason ? ` (${String(e.detail.reason)})` : ''}`)).toEqual(['service.paused', 'service.resumed (lease expired)']);

    // The journal up to the kill: every line parses, seqs run without a gap, both injections are there, no verdict.
    const journal = readJournal(journalPath);
    expectContinuousSeqs(journal.events);
    if (journal.torn) expect(journal.torn.line).toBe(journal.events.length + 1);
    expect(journal.events[0]).toMatchObject({ type: 'run_started', mode: 'external', toxiproxyUrl: proxyApi, harnessUrl: supervisorApi });
    expect(ofType(journal.events, 'fault_injected')).toEqual([
      expect.objectContaining({ faultId: 'slow-catalog', lease: expect.objectContaining({ ttlMs: LEASE_TTL_MS }) }),
      expect.objectContaining({ faultId: 'freeze-payments', lease: expect.objectContaining({ ttlMs: LEASE_TTL_MS }) }),
    ]);
    expect(ofType(journal.events, 'fault_removed')).toEqual([]);
    expect(ofType(journal.events, 'verdict')).toEqual([]);
    expect(journal.events.map((e) => e.type)).not.toContain('run_finished');
  });
});
