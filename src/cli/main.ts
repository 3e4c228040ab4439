#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { isFaultlineError } from '../core/errors.js';
import { FAULTLINE_VERSION } from '../core/version.js';
import { dashboardsCommand } from './dashboards.js';
import { demoCommand } from './demo.js';
import { harnessCommand } from './harness.js';
import { journalCommand } from './journal.js';
import { blamelessLintCommand } from './lint.js';
import { panicCommand } from './panic.js';
import { postmortemCommand } from './postmortem.js';
import { proxyCommand } from './proxy.js';
import { applyCommand, diffCommand } from './reconcile.js';
import { runCommand } from './run.js';
import { sloCommand } from './slo.js';
import { startCommand } from './start.js';
import { upCommand } from './up.js';

/** Exit codes, documented in the README: 0 success, 1 failure at run time, 2 bad input or usage. */
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

const program = new Command('faultline')
  .description('Chaos-engineering and SRE training harness: fault proxy, SLOs, experiments, post-mortems')
  .version(FAULTLINE_VERSION)
  .showHelpAfterError()
  .exitOverride()
  .addCommand(proxyCommand())
  .addCommand(startCommand())
  .addCommand(upCommand())
  .addCommand(harnessCommand())
  .addCommand(applyCommand())
  .addCommand(diffCommand())
  .addCommand(sloCommand())
  .addCommand(runCommand())
  .addCommand(panicCommand())
  .addCommand(journalCommand())
  .addCommand(postmortemCommand())
  .addCommand(blamelessLintCommand())
  .addCommand(dashboardsCommand())
  .addCommand(demoCommand());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = exitCodeFor(error);
}

/** The only place errors become exit codes: a message, never a stack trace. */
function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
  if (isFaultlineError(error)) {
    process.stderr.write(`faultline: ${error.message} [${error.code}]\n`);
    return /^FAULTLINE_(CONFIG|CLI|TOPOLOGY_ADDRESS|JOURNAL_(READ|INVALID))/.test(error.code) ? EXIT_USAGE : EXIT_FAILURE;
  }
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`faultline: ${message}${code ? ` [${code}]` : ''}\n`);
  return EXIT_FAILURE;
}
