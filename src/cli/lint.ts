import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { FaultlineError } from '../core/errors.js';
import { countFindings } from '../core/findings.js';
import type { Finding, RosterEntry } from '../postmortem/lint/finding.js';
import { formatFinding, summaryLine } from '../postmortem/lint/format.js';
import { createLinter } from '../postmortem/lint/lint.js';
import { parseRoster } from '../postmortem/lint/roster.js';

/** Where the command writes and how it ends; tests pass their own to run it in-process. */
export interface BlamelessLintIo {
  stdout(text: string): void;
  stderr(text: string): void;
  setExitCode(code: number): void;
}

const processIo: BlamelessLintIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  setExitCode: (code) => void (process.exitCode = code),
};

interface LintOptions {
  format: 'text' | 'json';
  json?: boolean;
  roster?: string;
  maxWarnings: number;
}

/**
 * `faultline lint <file.md...>`: the blameless-language linter (docs/BLAMELESS.md). Exit codes: 0
 * no errors and no more warnings than --max-warnings (default 0); 1 otherwise; 2 bad usage or an
 * unreadable file (FAULTLINE_CLI_* errors, mapped by main.ts). Notes never fail the run.
 */
export function blamelessLintCommand(io: BlamelessLintIo = processIo): Command {
  return new Command('lint')
    .description('Check post-mortems (Markdown) for blameful language: counterfactuals, blame, hindsight, names as causes, vague action items')
    .argument('<files...>', 'Markdown files, e.g. runs/<run>/postmortem.md')
    .addOption(new Option('--format <format>', 'text: file:line:col: severity rule-id: message (suggest: …); json: an array of findings').choices(['text', 'json']).default('text'))
    .option('--json', 'the same as --format json')
    .option('--roster <file>', 'names of the people involved, one per line ("Name" or "Name: role"): flagged as causes and in the account')
    .option('--max-warnings <n>', 'exit 1 when there are more than n warnings (errors always fail)', parseMaxWarnings, 0)
    .addHelpText(
      'after',
      [
        '',
        'Sections change severities: a counterfactual is an error in Summary or Contributing factors and a note inside',
        'a quotation in the Timeline; action items may name owners and propose what "would" help. Code is never checked.',
        'Suppress a deliberate quote with <!-- blameless-disable-next-line <rule-id> -- reason -->, or wrap a passage in',
        '<!-- blameless-disable <rule-id|family/*> --> … <!-- blameless-enable -->. Every rule: docs/BLAMELESS.md.',
        '',
        'Exit codes: 0 clean (notes allowed); 1 errors, or more warnings than --max-warnings (default 0); 2 bad usage or',
        'an unreadable file.',
      ].join('\n'),
    )
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .action((files: string[], options: LintOptions) => {
      const roster = options.roster !== undefined ? readRoster(options.roster) : [];
      const texts = files.map((file) => ({ file, text: readInput(file, 'post-mortem') }));
      const lint = createLinter({ roster }); // the rules compile once per roster, not once per file
      const findings: Finding[] = texts.flatMap(({ file, text }) => lint(text, file));
      const counts = countFindings(findings);
      if (options.json === true || options.format === 'json') {
        io.stdout(`${JSON.stringify(findings, null, 2)}\n`);
      } else {
        for (const finding of findings) io.stdout(`${formatFinding(finding)}\n`);
        io.stdout(`${summaryLine(files.length, counts)}\n`);
      }
      io.setExitCode(counts.errors > 0 || counts.warnings > options.maxWarnings ? 1 : 0);
    });
}

function readInput(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new FaultlineError('FAULTLINE_CLI_INPUT_UNREADABLE', `cannot read the ${what} ${path}: ${(error as Error).message}`, { file: path });
  }
}

function readRoster(path: string): RosterEntry[] {
  return parseRoster(readInput(path, 'roster'));
}

function parseMaxWarnings(value: string): number {
  if (!/^\d+$/.test(value)) throw new FaultlineError('FAULTLINE_CLI_BAD_OPTION', `--max-warnings must be a whole number of at least 0 (e.g. 5), got "${value}"`);
  return Number(value);
}
