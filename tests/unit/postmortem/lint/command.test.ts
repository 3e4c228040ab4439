import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { blamelessLintCommand } from '../../../../src/cli/lint.js';
import { isFaultlineError } from '../../../../src/core/errors.js';
import type { Finding } from '../../../../src/postmortem/lint/finding.js';

const fixture = (name: string) => new URL(`../../../fixtures/postmortems/${name}`, import.meta.url).pathname;

interface Run {
  stdout: string;
  stderr: string;
  /** As main.ts would map it: the action's exit code, 2 for usage errors and FAULTLINE_CLI_* errors. */
  code: number;
  error?: unknown;
}

/** Run `faultline lint <args>` in-process, capturing both streams and the exit code. */
async function lint(...args: string[]): Promise<Run> {
  const run: Run = { stdout: '', stderr: '', code: 0 };
  const command = blamelessLintCommand({ stdout: (t) => (run.stdout += t), stderr: (t) => (run.stderr += t), setExitCode: (c) => (run.code = c) });
  try {
    await command.parseAsync(args, { from: 'user' });
  } catch (error) {
    run.error = error;
    if (error instanceof CommanderError) run.code = error.exitCode === 0 ? 0 : 2;
    else if (isFaultlineError(error) && error.code.startsWith('FAULTLINE_CLI')) run.code = 2;
    else throw error;
  }
  return run;
}

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'faultline-lint-')), name);
  writeFileSync(path, text);
  return path;
}

describe('faultline lint (in-process)', () => {
  it('exits 0 on the blameless fixture and says so', async () => {
    const run = await lint(fixture('blameless.md'), '--roster', fixture('roster.txt'));
    expect(run).toMatchObject({ code: 0, stderr: '', stdout: '1 file: no findings\n' });
  });

  it('prints file:line:col: severity rule-id: message (suggest: …) and exits 1 on the blameful fixture', async () => {
    const path = fixture('blameful.md');
    const run = await lint(path, '--roster', fixture('roster.txt'));
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`${path}:7:34: error names/name-as-cause: "because Alice": a name as the cause (suggest: Refer to the role, not the person: "the on-call engineer"; say what allowed it, not who)`);
    expect(lines).toContain(`${path}:20:65: note counterfactual/should-have: "should have rolled": counterfactual; judges with hindsight (suggest: Describe what they knew and saw at the time; ask "what made the chosen action look reasonable then?")`);
    expect(lines.at(-1)).toBe('1 file: 19 errors, 17 warnings, 4 notes');
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/^\S+:\d+:\d+: (error|warning|note) [a-z-]+\/[a-z-]+: .+ \(suggest: .+\)$/);
  });

  it('prints a JSON array with --format json (and --json)', async () => {
    for (const flag of [['--format', 'json'], ['--json']]) {
      const run = await lint(fixture('blameful.md'), ...flag);
      const findings = JSON.parse(run.stdout) as Finding[];
      expect(Array.isArray(findings)).toBe(true);
      expect(findings[0]).toEqual({
        file: fixture('blameful.md'),
        line: 7,
        column: 69,
        endLine: 7,
        endColumn: 83,
        severity: 'warning',
        rule: 'root-cause/singular',
        message: '"The root cause": single-cause fallacy',
        suggest: '"Contributing factors were …" (plural), plus "Trigger"',
        section: 'Summary',
        context: 'analysis',
        text: 'The root cause',
      });
      expect(run.code).toBe(1);
    }
  });

  it('prints an empty array for a clean file', async () => {
    const run = await lint(tempFile('clean.md', '## Summary\n\nThe page fired 1.0 s after the fault.\n'), '--format', 'json');
    expect(run).toMatchObject({ code: 0, stdout: '[]\n' });
  });

  it('lets notes pass and fails warnings unless --max-warnings allows them', async () => {
    const notesOnly = tempFile('notes.md', '## Timeline\n\n- 14:09 The IC said "we should have rolled back".\n');
    expect(await lint(notesOnly)).toMatchObject({ code: 0 });
    const warnings = tempFile('warnings.md', '## Summary\n\nObviously, of course, it was simple.\n');
    expect(await lint(warnings)).toMatchObject({ code: 1 });
    expect(await lint(warnings, '--max-warnings', '1')).toMatchObject({ code: 1 });
    expect(await lint(warnings, '--max-warnings', '2')).toMatchObject({ code: 0 });
    const errors = tempFile('errors.md', '## Summary\n\nIt was careless.\n');
    expect(await lint(errors, '--max-warnings', '100')).toMatchObject({ code: 1 });
  });

  it('lints several files and counts them', async () => {
    const run = await lint(fixture('blameless.md'), tempFile('b.md', 'It was careless.\n'));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/b\.md:1:8: error judgement\/careless: .*\n2 files: 1 error, 0 warnings, 0 notes\n$/);
  });

  it('exits 2 with FAULTLINE_CLI_INPUT_UNREADABLE for a missing file or roster', async () => {
    const missing = await lint('/nonexistent/postmortem.md');
    expect(missing.code).toBe(2);
    expect(missing.error).toMatchObject({ code: 'FAULTLINE_CLI_INPUT_UNREADABLE', message: expect.stringMatching(/^cannot read the post-mortem \/nonexistent\/postmortem\.md: ENOENT/) });
    const roster = await lint(fixture('blameless.md'), '--roster', '/nonexistent/roster.txt');
    expect(roster.error).toMatchObject({ code: 'FAULTLINE_CLI_INPUT_UNREADABLE', message: expect.stringMatching(/^cannot read the roster/) });
    expect(roster.stdout).toBe('');
  });

  it.each([
    [['--format', 'yaml'], /argument 'yaml' is invalid/],
    [['--max-warnings', '-1'], /--max-warnings must be a whole number/],
    [['--bogus'], /unknown option/],
    [[], /missing required argument/],
  ])('exits 2 on bad usage: %j', async (args, message) => {
    const run = await lint(...(args.length > 0 ? [fixture('blameless.md'), ...args] : []));
    expect(run.code).toBe(2);
    expect(`${run.stderr}${(run.error as Error).message}`).toMatch(message);
  });
});
