import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CommanderError } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { postmortemCommand, writePostmortem } from '../../../src/cli/postmortem.js';
import { FaultlineError } from '../../../src/core/errors.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/journals/payments-outage.jsonl', import.meta.url));

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-postmortem-'));
  dirs.push(dir);
  return dir;
}

/** Run `faultline postmortem <args>` in-process, as main.ts would, capturing both streams. */
async function postmortem(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  await postmortemCommand({ stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }).parseAsync(args, { from: 'user' });
  return { stdout, stderr };
}

describe('faultline postmortem', () => {
  it('prints the Google-style draft on standard output, linking the journal as given', async () => {
    const dir = tempDir();
    const journal = join(dir, 'journal.jsonl');
    copyFileSync(FIXTURE, journal);
    const { stdout, stderr } = await postmortem(journal);
    expect(stdout).toMatch(/^# Payments outage\n\n\*\*Date:\*\* 2026-11-27/);
    expect(stdout).toContain(`[L19](${journal}#L19)`);
    expect(stderr).toBe('');
  });

  it('writes another template to -o atomically, with links relative to the written file', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'run'));
    const journal = join(dir, 'run', 'journal.jsonl');
    copyFileSync(FIXTURE, journal);
    const out = join(dir, 'reports', 'postmortem.md');
    const { stdout } = await postmortem(journal, '--template', 'pagerduty', '-o', out);
    expect(stdout).toBe(`Post-mortem draft (pagerduty, md) written to ${out}\n`);
    const written = readFileSync(out, 'utf8');
    expect(written).toMatch(/^# Post-mortem: Payments outage/);
    expect(written).toContain('[L19](../run/journal.jsonl#L19)');
    expect(readdirSync(join(dir, 'reports'))).toEqual(['postmortem.md']);
  });

  it('writes the HTML report with --format html', async () => {
    const out = join(tempDir(), 'postmortem.html');
    await postmortem(FIXTURE, '--format', 'html', '-o', out);
    const html = readFileSync(out, 'utf8');
    expect(html.slice(0, 15).toLowerCase()).toBe('<!doctype html>');
    expect(html).toContain('Payments outage');
  });

  it('counts slow requests against --slow', async () => {
    const { stdout } = await postmortem(FIXTURE, '--slow', '100ms');
    expect(stdout).toContain('| Slow (> 100 ms) |');
    expect(stdout).toContain('"Slow" means answered later than 100 ms (given on the command line)');
  });

  it('warns about a torn last line and drafts from the rest', async () => {
    const journal = join(tempDir(), 'journal.jsonl');
    copyFileSync(FIXTURE, journal);
    appendFileSync(journal, '{"seq":129,"time":"2026-11-');
    const { stdout, stderr } = await postmortem(journal);
    expect(stderr).toMatch(/^faultline: warning: .*journal\.jsonl:129: the last line \(27 bytes/);
    expect(stdout).toMatch(/^# Payments outage/);
  });

  it.each([
    { name: 'a missing journal', setup: (dir: string) => join(dir, 'nope.jsonl'), code: 'FAULTLINE_JOURNAL_READ', message: /cannot read the journal .*nope\.jsonl/ },
    { name: 'a malformed journal', setup: (dir: string) => write(dir, 'not json\n'), code: 'FAULTLINE_JOURNAL_INVALID', message: /is not a valid journal/ },
    { name: 'an empty journal', setup: (dir: string) => write(dir, ''), code: 'FAULTLINE_JOURNAL_INVALID', message: /holds no event/ },
  ])('refuses $name with $code (main.ts turns it into exit code 2)', async ({ setup, code, message }) => {
    const path = setup(tempDir());
    const error = await postmortem(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FaultlineError);
    expect(error).toMatchObject({ code, message: expect.stringMatching(message) });
  });

  it.each([
    { args: ['--slow', 'soon'], code: 'FAULTLINE_CLI_BAD_OPTION' },
    { args: ['--slow', '0ms'], code: 'FAULTLINE_CLI_BAD_OPTION' },
  ])('refuses $args', async ({ args, code }) => {
    await expect(postmortem(FIXTURE, ...args)).rejects.toMatchObject({ code });
  });

  it('refuses an unknown template as a usage error, listing the templates', async () => {
    let stderr = '';
    const error = await postmortemCommand({ stdout: () => undefined, stderr: (t) => (stderr += t) }).parseAsync([FIXTURE, '--template', 'rca'], { from: 'user' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommanderError);
    expect(stderr).toContain('Allowed choices are google, pagerduty, howie, kehoe');
  });

  it('gives `npm start` a function that leaves the draft next to the journal', () => {
    const dir = tempDir();
    const journal = join(dir, 'journal.jsonl');
    copyFileSync(FIXTURE, journal);
    const result = writePostmortem(journal, { output: join(dir, 'postmortem.md') });
    expect(result.written).toBe(join(dir, 'postmortem.md'));
    expect(readFileSync(join(dir, 'postmortem.md'), 'utf8')).toBe(result.markdown);
    expect(result.markdown).toContain('[L19](journal.jsonl#L19)');
    expect(result.model.run.verdict?.result).toBe('deviated');
  });
});

function write(dir: string, text: string): string {
  const path = join(dir, 'journal.jsonl');
  writeFileSync(path, text);
  return path;
}
