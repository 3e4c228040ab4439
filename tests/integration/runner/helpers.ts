import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { loadExperiment, type LoadedExperiment } from '../../../src/runner/experiment/load.js';
import type { JournalEvent, JournalEventOf, JournalEventType, JsonValue } from '../../../src/runner/journal/events.js';
import { readJournal } from '../../../src/runner/journal/reader.js';
import { faultsInPlace } from '../../../src/runner/proxy-state.js';
import { readLiveProxies } from '../../../src/topology/live-proxies.js';
import { runExperiment, type RunExperimentOptions, type RunOutcome } from '../../../src/runner/run.js';

/** The short experiments the runner's tests run (6–10 s of load at 20 rps, faults of 2–4 s). */
export function fixture(name: string): string {
  return `tests/fixtures/experiments/runner/${name}.yaml`;
}

export function loadFixture(name: string): Promise<LoadedExperiment> {
  return loadExperiment(fixture(name));
}

/** A fresh folder for run folders, removed after the test. */
export function useRunsDir(): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-runs-'));
    dirs.push(dir);
    return dir;
  };
}

export interface FinishedRun {
  outcome: RunOutcome;
  events: JournalEvent[];
  lines: string[];
}

/** Run a fixture in this process; `lines` is what the reporter printed. */
export async function runFixture(name: string, runsDir: string, options: Partial<RunExperimentOptions> & { onLine?: (line: string) => void } = {}): Promise<FinishedRun> {
  const loaded = await loadFixture(name);
  const lines: string[] = [];
  const { onLine, ...rest } = options;
  const outcome = await runExperiment({
    experiment: loaded.experiment,
    topology: loaded.topology,
    slos: loaded.slos,
    document: loaded.raw as unknown as JsonValue,
    seed: loaded.experiment.seed ?? 1,
    runsDir,
    reporter: {
      line: (text) => {
        lines.push(text);
        onLine?.(text);
      },
    },
    ...rest,
  });
  const journal = readJournal(outcome.journalPath);
  expect(journal.torn, 'a finished run leaves no torn line').toBeUndefined();
  return { outcome, events: journal.events, lines };
}

export function ofType<T extends JournalEventType>(events: readonly JournalEvent[], type: T): Array<JournalEventOf<T>> {
  return events.filter((e): e is JournalEventOf<T> => e.type === type);
}

/** "phase status" for every phase event, in order. */
export function phases(events: readonly JournalEvent[]): string[] {
  return ofType(events, 'phase').map((e) => `${e.phase} ${e.status}`);
}

/** Every fault in place on a Toxiproxy API, in words (empty when the system is clean). */
export async function faultsOn(toxiproxyUrl: string): Promise<string[]> {
  return faultsInPlace(await readLiveProxies(toxiproxyUrl));
}

export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return (await response.json()) as T;
}

export async function send(method: string, url: string, body?: unknown): Promise<Response> {
  return fetch(url, { method, ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}), signal: AbortSignal.timeout(5000) });
}

export interface ServiceState {
  name: string;
  state: string;
  url: string;
  restarts: number;
}

export async function servicesOf(supervisorUrl: string): Promise<ServiceState[]> {
  return (await getJson<{ services: ServiceState[] }>(`${supervisorUrl}/services`)).services;
}

/** Seqs run 1, 2, 3… without a gap. */
export function expectContinuousSeqs(events: readonly JournalEvent[]): void {
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
}
