import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { journalCommand } from '../../../../src/cli/journal.js';
import { junitXml } from '../../../../src/runner/journal/junit.js';
import { expectGolden, goldenPath, sampleEvents, sampleLines, useTempDir, writeSampleJournal } from './helpers.js';
import { SAMPLE_RUN } from './sample-run.js';

const tempDir = useTempDir();

/** Run `faultline journal <args>` in-process, as main.ts would, capturing both streams. */
async function journal(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  await journalCommand({ stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }).parseAsync(args, { from: 'user' });
  return { stdout, stderr };
}

describe('faultline journal show', () => {
  it('prints the readable summary of a journal', async () => {
    const { stdout, stderr } = await journal('show', goldenPath('deviated-run.jsonl'));
    expectGolden('deviated-run.summary.txt', stdout);
    expect(stderr).toBe('');
  });

  it('prints the summary as JSON with --json', async () => {
    const { stdout } = await journal('show', goldenPath('deviated-run.jsonl'), '--json');
    const body = JSON.parse(stdout) as { file: string; warnings: unknown[]; foreign: number; summary: { verdict: { result: string }; faults: unknown[] } };
    expect(body).toMatchObject({ file: goldenPath('deviated-run.jsonl'), warnings: [], foreign: 0, summary: { verdict: { result: 'deviated' } } });
    expect(body.summary.faults).toHaveLength(2);
  });

  it('writes JUnit with --junit, by temporary file and rename, leaving nothing else behind', async () => {
    const dir = tempDir();
    const out = join(dir, 'chaos.xml');
    writeFileSync(out, 'the previous report');
    const { stdout } = await journal('show', goldenPath('deviated-run.jsonl'), '--junit', out);
    expect(readFileSync(out, 'utf8')).toBe(junitXml(sampleEvents()));
    expect(readdirSync(dir)).toEqual(['chaos.xml']);
    expect(stdout).toContain(`JUnit written to ${out}`);
  });

  it('warns about a torn last line on standard error and summarises the rest', async () => {
    const path = join(tempDir(), 'journal.jsonl');
    writeSampleJournal(path);
    appendFileSync(path, '{"seq":35,"time":"2026-11-');
    const { stdout, stderr } = await journal('show', path);
    expect(stderr).toBe(`faultline: warning: ${path}:35: the last line (26 bytes, "{"seq":35,"time":"2026-11-") has no newline: a write cut short by a crash; left out\n`);
    expect(stdout).toMatch(/^Experiment {2}Checkout survives a slow catalog/);
  });

  it('repeats faults left behind on standard error', async () => {
    const path = join(tempDir(), 'journal.jsonl');
    writeSampleJournal(path, SAMPLE_RUN.slice(0, 14));
    const { stdout, stderr } = await journal('show', path);
    expect(stderr).toMatch(/^!!! SAFETY: 2 FAULTS WERE INJECTED AND NEVER REMOVED: THEY MAY STILL BE ACTIVE !!!\n!!! {3}catalog-latency: /);
    expect(stdout).toContain('!!! SAFETY: 2 FAULTS WERE INJECTED AND NEVER REMOVED');
  });

  it.each([
    ['a malformed journal', (dir: string) => (writeFileSync(join(dir, 'j.jsonl'), `${sampleLines()[0]}\nnot json\n`), join(dir, 'j.jsonl')), 'FAULTLINE_JOURNAL_INVALID', /j\.jsonl:2: expected one JSON event per line/],
    ['a missing journal', (dir: string) => join(dir, 'missing.jsonl'), 'FAULTLINE_JOURNAL_READ', /cannot read the journal .*missing\.jsonl/],
  ])('refuses %s with its error code, writing no JUnit', async (_name, prepare, code, message) => {
    const dir = tempDir();
    const out = join(dir, 'out.xml');
    await expect(journal('show', prepare(dir), '--junit', out)).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
    expect(existsSync(out)).toBe(false);
  });

  it('treats a missing argument as a usage error (commander exit override)', async () => {
    await expect(journal('show')).rejects.toMatchObject({ code: 'commander.missingArgument' });
  });
});
