import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readJournal } from '../../../src/runner/journal/reader.js';

/**
 * The journal's promise, tested with a real crash: a child process appends events as fast as it
 * can, through the built writer (dist/, built by the e2e global setup), and prints each seq once
 * `append` has returned. The test SIGKILLs it once N events are on disk. Afterwards every whole line
 * must parse, seqs must run 1, 2, 3… without a gap, and every event the child had been told was
 * written must be in the file. (SIGKILL cannot tear a line: the kernel finishes a write(2) it
 * started; the torn last line a power cut can leave is covered by the reader's unit tests.)
 */
const WRITER = new URL('../../../dist/src/runner/journal/writer.js', import.meta.url).href;
const CLOCK = new URL('../../../dist/src/core/clock.js', import.meta.url).href;

const CHILD = `
const [writerUrl, clockUrl, path] = process.argv.slice(1);
const { JournalWriter } = await import(writerUrl);
const { systemClock } = await import(clockUrl);
const writer = JournalWriter.open(path, { clock: systemClock });
writer.append({
  type: 'run_started', formatVersion: 1,
  experiment: { file: 'experiments/crash.yaml', title: 'crash test', document: { kind: 'Experiment' } },
  topology: { name: 'none', services: [], proxies: [] }, slos: [],
  versions: { faultline: 'test', node: process.version }, seed: 1, mode: 'external',
  toxiproxyUrl: 'http://127.0.0.1:8474', runDir: 'runs/crash', host: 'test',
});
process.stdout.write('1\\n');
for (let i = 0; ; i += 1) {
  const event = i % 2 === 0
    ? writer.append({ type: 'note', text: 'x'.repeat(i % 500) })
    : writer.append({ type: 'load_sample', second: 1795773600 + i, sent: i, ok: i, failed: 0, byOutcome: { '200': i }, missed: 0, p50Ms: 1, p90Ms: 2, p99Ms: 3, maxMs: 4 });
  // Standard output to a pipe is synchronous on Linux: once this returns, the parent can read it.
  process.stdout.write(event.seq + '\\n');
}
`;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Resolve once the file holds at least `lines` complete lines (polling the file, no fixed sleeps). */
function linesOnDisk(path: string, lines: number, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (existsSync(path) && statSync(path).size > 0 && readFileSync(path, 'utf8').split('\n').length - 1 >= lines) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error(`fewer than ${lines} lines in ${path} after ${timeoutMs} ms`));
      setTimeout(poll, 5);
    };
    poll();
  });
}

describe('the journal survives SIGKILL', () => {
  it.each([1, 50, 400])('loses nothing acknowledged when the writer is killed after %i events on disk', async (afterEvents) => {
    expect(existsSync(new URL(WRITER)), 'dist/ is missing: the e2e global setup builds it (tsc -p tsconfig.build.json)').toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'faultline-journal-crash-'));
    dirs.push(dir);
    const path = join(dir, 'journal.jsonl');
    const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD, WRITER, CLOCK, path], { stdio: ['ignore', 'pipe', 'pipe'] });
    let acknowledged = '';
    let errors = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (acknowledged += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    try {
      await Promise.race([linesOnDisk(path, afterEvents), exited.then(() => Promise.reject(new Error(`the writer exited early: ${errors}`)))]);
    } finally {
      child.kill('SIGKILL');
    }
    expect(await exited).toBe('SIGKILL');

    const acks = acknowledged.split('\n').filter(Boolean).map(Number);
    const lastAcknowledged = acks[acks.length - 1] ?? 0;
    const contents = readJournal(path);
    const seqs = contents.events.map((e) => e.seq);
    expect(seqs.length).toBeGreaterThanOrEqual(afterEvents);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(seqs.length).toBeGreaterThanOrEqual(lastAcknowledged);
    expect(contents.events[0]?.type).toBe('run_started');
    // At most the event being written when the signal came is missing its newline.
    if (contents.torn) expect(contents.torn.line).toBe(seqs.length + 1);
    expect(errors).toBe('');
  });
});
