import { Command } from 'commander';
import { junitXml } from '../runner/journal/junit.js';
import { describeTornLine, readJournal } from '../runner/journal/reader.js';
import { leftBehindBanner, renderSummaryText } from '../runner/journal/summary-text.js';
import { summariseJournal } from '../runner/journal/summary.js';
import { atomicWrite } from './atomic-write.js';

interface ShowOptions {
  json?: boolean;
  junit?: string;
}

/** Where the command writes; tests pass their own to run it in-process. */
export interface JournalCommandOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processOutput: JournalCommandOutput = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/** `faultline journal`: read the JSON Lines journal a run wrote. */
export function journalCommand(output: JournalCommandOutput = processOutput): Command {
  const journal = new Command('journal').description('Read experiment journals (the JSON Lines file each run writes; see docs/JOURNAL.md)').addCommand(showCommand(output));
  // addCommand() does not pass the program's exitOverride down (see slo.ts): keep usage errors at 2.
  for (const command of [journal, ...journal.commands]) command.exitOverride().configureOutput({ writeOut: output.stdout, writeErr: output.stderr });
  return journal;
}

function showCommand(output: JournalCommandOutput): Command {
  return new Command('show')
    .description('Summarise a run from its journal: verdict, phases, faults (and any left behind), hypothesis checks, load, budgets, alerts')
    .argument('<journal>', 'the journal file, e.g. runs/<run>/journal.jsonl')
    .option('--json', 'print the summary as JSON instead of text')
    .option('--junit <out.xml>', 'also write the run as JUnit XML (one test case per hypothesis check, plus "no fault left behind")')
    .addHelpText(
      'after',
      [
        '',
        'A torn last line (a crash mid-write) is reported on standard error and left out; any other malformed line is an',
        'error naming file:line. Faults injected and never removed are printed on standard error too.',
        'Exit code 0 when the journal was read (whatever the run\'s verdict), non-zero when it cannot be read or is malformed.',
        'Example: faultline journal show runs/latest/journal.jsonl --junit reports/chaos.xml',
      ].join('\n'),
    )
    .action((file: string, options: ShowOptions) => {
      const contents = readJournal(file);
      if (contents.torn) output.stderr(`faultline: warning: ${describeTornLine(file, contents.torn)}\n`);
      for (const warning of contents.warnings) output.stderr(`faultline: warning: ${file}:${warning.line}: ${warning.message}\n`);
      const summary = summariseJournal(contents.events);
      if (summary.faultsLeftBehind.length > 0) output.stderr(`${leftBehindBanner(summary.faultsLeftBehind).join('\n')}\n`);
      if (options.junit) atomicWrite(options.junit, junitXml(contents.events));
      if (options.json) {
        const torn = contents.torn ? { torn: contents.torn } : {};
        output.stdout(`${JSON.stringify({ file, ...torn, warnings: contents.warnings, foreign: contents.foreign.length, summary }, null, 2)}\n`);
      } else {
        output.stdout(renderSummaryText(summary));
        if (options.junit) output.stdout(`\nJUnit written to ${options.junit}\n`);
      }
    });
}
