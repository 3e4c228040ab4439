import { dirname, relative, resolve, sep } from 'node:path';
import { Command, Option } from 'commander';
import { parseDuration } from '../core/durations.js';
import { FaultlineError } from '../core/errors.js';
import { generatePostmortem, type Postmortem, type PostmortemFormat } from '../postmortem/postmortem.js';
import { DEFAULT_TEMPLATE, TEMPLATE_NAMES, type TemplateName } from '../postmortem/render/templates.js';
import { atomicWrite } from './atomic-write.js';

interface CommandOptions {
  template: TemplateName;
  format: PostmortemFormat;
  output?: string;
  slow?: number;
}

/** Where the command writes; tests pass their own to run it in-process. */
export interface PostmortemCommandOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processOutput: PostmortemCommandOutput = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

export interface WritePostmortemOptions {
  template?: TemplateName;
  format?: PostmortemFormat;
  /** Write here (atomically); without it nothing is written and the caller prints `output`. */
  output?: string;
  slowThresholdMs?: number;
}

/**
 * Build the draft from a journal and, with `output`, write it atomically (temporary file, rename).
 * Evidence links point to the journal relative to where the draft goes, so they work from the
 * written file; `npm start` calls this after the demo run to leave `postmortem.md` in the run folder.
 */
export function writePostmortem(journalPath: string, options: WritePostmortemOptions = {}): Postmortem & { written?: string } {
  const journalLink = options.output ? toPosix(relative(dirname(resolve(options.output)), resolve(journalPath))) : toPosix(journalPath);
  const postmortem = generatePostmortem(journalPath, {
    template: options.template ?? DEFAULT_TEMPLATE,
    format: options.format ?? 'md',
    journalLink,
    ...(options.slowThresholdMs !== undefined ? { slowThresholdMs: options.slowThresholdMs } : {}),
  });
  if (!options.output) return postmortem;
  atomicWrite(options.output, postmortem.output);
  return { ...postmortem, written: options.output };
}

/** `faultline postmortem <journal>`: a blameless post-mortem draft from a run's journal. */
export function postmortemCommand(output: PostmortemCommandOutput = processOutput): Command {
  const command = new Command('postmortem')
    .description('Draft a blameless post-mortem from a run\'s journal: timeline with phase markers, impact, budget per fault, detection, prompts and action items')
    .argument('<journal>', 'the journal file, e.g. runs/<run>/journal.jsonl')
    .addOption(new Option('--template <name>', 'post-mortem template').choices(TEMPLATE_NAMES).default(DEFAULT_TEMPLATE))
    .addOption(new Option('--format <format>', 'md (Markdown) or html (one self-contained page with charts)').choices(['md', 'html']).default('md'))
    .option('-o, --output <file>', 'write the draft to this file (atomically) instead of standard output')
    .option('--slow <duration>', 'count requests answered later than this as slow (default: the experiment\'s tightest latency check), e.g. 300ms', parseSlow)
    .addHelpText(
      'after',
      [
        '',
        'Templates: google (SRE book, the default), pagerduty, howie ("How We Got Here"), kehoe. See docs/POSTMORTEMS.md.',
        'Facts come from the journal with their evidence (journal lines, PromQL, alerts); contributing factors, luck and',
        'review questions are prompts for the review, never conclusions. People appear only as roles.',
        'Exit code 0 when the draft was written; 2 when the journal cannot be read or is malformed, or an option is invalid.',
        'Example: faultline postmortem runs/latest/journal.jsonl --template pagerduty -o runs/latest/postmortem.md',
      ].join('\n'),
    )
    .action((journal: string, options: CommandOptions) => {
      const result = writePostmortem(journal, { template: options.template, format: options.format, ...(options.output ? { output: options.output } : {}), ...(options.slow !== undefined ? { slowThresholdMs: options.slow } : {}) });
      for (const warning of result.warnings) output.stderr(`faultline: warning: ${warning}\n`);
      if (result.written) output.stdout(`Post-mortem draft (${options.template}, ${options.format}) written to ${result.written}\n`);
      else output.stdout(result.output);
    });
  // addCommand() does not pass the program's exitOverride down (see slo.ts): keep usage errors at 2.
  return command.exitOverride().configureOutput({ writeOut: output.stdout, writeErr: output.stderr });
}

function parseSlow(value: string): number {
  try {
    const ms = parseDuration(value);
    if (ms > 0) return ms;
  } catch {
    // reported below, as an option error
  }
  throw new FaultlineError('FAULTLINE_CLI_BAD_OPTION', `--slow must be a positive duration such as 300ms or 1s, got "${value}"`);
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}
