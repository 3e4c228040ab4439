import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { blamelessLintCommand } from '../../../../src/cli/lint.js';
import { createLinter, lintMarkdown } from '../../../../src/postmortem/lint/lint.js';
import { RULES } from '../../../../src/postmortem/lint/registry.js';
import { parseRoster } from '../../../../src/postmortem/lint/roster.js';
import { ROSTER } from './helpers.js';

const fixture = (name: string) => new URL(`../../../fixtures/postmortems/${name}`, import.meta.url).pathname;
const blameful = readFileSync(fixture('blameful.md'), 'utf8');
const blameless = readFileSync(fixture('blameless.md'), 'utf8');
const fixtureRoster = parseRoster(readFileSync(fixture('roster.txt'), 'utf8'));

/** Texts that exercise every stage: roster names, quotes, supersession, suppression comments, a byte-order mark. */
const suppressed = [
  '## Summary',
  '',
  '<!-- blameless-disable-next-line judgement/careless -- quoted from the ticket -->',
  'It was a careless edit, and Alice should have known.',
  '',
  '<!-- blameless-disable counterfactual/* -->',
  'We should have rolled back. Bob failed to notice the page.',
  '<!-- blameless-enable -->',
  '',
  '## Timeline',
  '',
  '- 14:09 Priya said "we should have rolled back".',
].join('\n');
const bom = '\uFEFF## Action items\n\nImprove alerting. Human error by sydneythree.\n';

afterEach(() => vi.restoreAllMocks());

describe('createLinter', () => {
  it('gives a linter reused across texts the same findings as linting each text separately', () => {
    for (const roster of [ROSTER, fixtureRoster, []]) {
      const lint = createLinter({ roster });
      const texts: Array<[string, string]> = [
        [blameful, 'blameful.md'],
        [suppressed, 'suppressed.md'],
        [blameless, 'blameless.md'],
        [bom, 'bom.md'],
        [blameful, 'again.md'], // the first text again, after the others: nothing carries over
      ];
      for (const [text, file] of texts) expect(lint(text, file)).toEqual(lintMarkdown(text, { roster, file }));
      expect(lint(suppressed)).toEqual(lintMarkdown(suppressed, { roster }));
    }
  });

  it('finds something in every text it is given (the comparison above is not of empty lists)', () => {
    const lint = createLinter({ roster: ROSTER });
    for (const text of [blameful, suppressed, bom]) expect(lint(text).length).toBeGreaterThan(0);
    expect(lint(blameful, 'a.md').every((f) => f.file === 'a.md')).toBe(true);
    expect(lint(blameful).some((f) => 'file' in f)).toBe(false);
  });

  it('compiles the rules once, when it is created, not once per text', () => {
    const compile = vi.spyOn(RULES[0]!, 'compile');
    const lint = createLinter({ roster: ROSTER });
    expect(compile).toHaveBeenCalledTimes(1);
    lint(blameful, 'a.md');
    lint(suppressed, 'b.md');
    expect(compile).toHaveBeenCalledTimes(1);
  });

  it('is what faultline lint uses: one compile for several files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-linter-'));
    const inputs = [blameful, suppressed, bom];
    const files = inputs.map((text, i) => {
      const file = join(dir, `${i}.md`);
      writeFileSync(file, text);
      return file;
    });
    const compile = vi.spyOn(RULES[0]!, 'compile');
    let stdout = '';
    await blamelessLintCommand({ stdout: (t) => (stdout += t), stderr: () => {}, setExitCode: () => {} }).parseAsync([...files, '--roster', fixture('roster.txt'), '--json'], { from: 'user' });
    expect(compile).toHaveBeenCalledTimes(1);
    const separately = files.flatMap((file, i) => lintMarkdown(inputs[i] as string, { roster: fixtureRoster, file }));
    expect(JSON.parse(stdout)).toEqual(separately);
  });
});
