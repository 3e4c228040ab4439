import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect } from 'vitest';
import type { JournalEvent } from '../../../../src/runner/journal/events.js';
import { JournalWriter } from '../../../../src/runner/journal/writer.js';
import { replaySampleRun, sampleClock, SAMPLE_RUN } from './sample-run.js';

/** A fresh temporary folder per test, removed afterwards. */
export function useTempDir(): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-journal-'));
    dirs.push(dir);
    return dir;
  };
}

/** The sample run as the writer records it: the events `append` returned. */
export function sampleEvents(steps = SAMPLE_RUN): JournalEvent[] {
  const clock = sampleClock();
  const events: JournalEvent[] = [];
  let seq = 0;
  replaySampleRun(clock, (input) => events.push({ seq: ++seq, time: new Date(clock.now()).toISOString(), ...input } as JournalEvent), steps);
  return events;
}

/** Write the sample run to `path` through the real writer. */
export function writeSampleJournal(path: string, steps = SAMPLE_RUN): JournalEvent[] {
  const clock = sampleClock();
  const writer = JournalWriter.open(path, { clock });
  const events: JournalEvent[] = [];
  replaySampleRun(clock, (input) => events.push(writer.append(input)), steps);
  writer.close();
  return events;
}

/**
 * Golden files (habit 7), compared byte for byte. After a deliberate change, regenerate with
 * `UPDATE_GOLDEN=1 npx vitest run tests/unit/runner/journal` and review the diff.
 */
export function expectGolden(name: string, actual: string): void {
  const path = fileURLToPath(new URL(`../../../golden/journal/${name}`, import.meta.url));
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
  }
  expect(existsSync(path), `${path} is missing: run UPDATE_GOLDEN=1 npx vitest run tests/unit/runner/journal`).toBe(true);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

export function goldenPath(name: string): string {
  return fileURLToPath(new URL(`../../../golden/journal/${name}`, import.meta.url));
}

/** The sample journal's lines, for tests that damage one. */
export function sampleLines(): string[] {
  return sampleEvents().map((event) => JSON.stringify(event));
}
