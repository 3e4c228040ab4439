import { join } from 'node:path';
import { Command } from 'commander';
import { isFaultlineError } from '../core/errors.js';
import { freshSeed } from '../core/random.js';
import { planExperiment } from '../runner/experiment/plan.js';
import { loadExperiment } from '../runner/experiment/load.js';
import { renderPlan } from '../runner/experiment/render-plan.js';
import { speedUp } from '../runner/experiment/speed.js';
import { RUN_EXIT_CODES, type JsonValue } from '../runner/journal/events.js';
import { junitXml } from '../runner/journal/junit.js';
import { readJournal } from '../runner/journal/reader.js';
import { runExperiment, type RunProgress } from '../runner/run.js';
import { atomicWrite } from './atomic-write.js';
import { parseInteger, parseSpeed } from './options.js';

interface RunOptions {
  dryRun?: boolean;
  seed?: number;
  toxiproxyUrl?: string;
  supervisorUrl?: string;
  prometheus?: boolean;
  runsDir: string;
  junit?: string;
  json?: boolean;
  speed?: number;
  prometheusUrl?: string;
}

/** `faultline run <experiment>`: one experiment, end to end, with its journal in runs/<time>-<name>/. */
export function runCommand(): Command {
  return new Command('run')
    .description('Run a chaos experiment: load, faults on schedule, steady-state checks, rollback, verdict; everything in a journal')
    .argument('<experiment>', 'experiment file, e.g. experiments/payments-outage.yaml')
    .option('--dry-run', 'print the plan (every fault at its time, the load, the checks) and touch nothing')
    .option('--seed <n>', "seed for the run's random choices (default: the experiment's, else a fresh one, printed)", parseInteger('seed'))
    .option('--toxiproxy-url <url>', 'drive this Toxiproxy API (e.g. the docker-compose stack) instead of looking for a running system')
    .option('--prometheus-url <url>', 'the Prometheus watching a running system (e.g. the compose stack\'s http://127.0.0.1:9090): checked at preflight, recorded in the journal')
    .option('--supervisor-url <url>', "the running system's supervisor API, when it is not at the topology's address (e.g. `faultline up --ephemeral-ports`)")
    .option('--prometheus', 'with the embedded system, also run Prometheus and Alertmanager (alerts go into the journal)')
    .option('--runs-dir <dir>', 'where run folders go', 'runs')
    .option('--junit <file>', 'also write a JUnit report (one test case per hypothesis check)')
    .option('--json', 'print the outcome as one JSON object on standard output')
    .option('--speed <K>', 'run K times faster (every duration ÷ K, SLO time scale × K): a smoke run, as CI runs the catalogue', parseSpeed)
    .addHelpText(
      'after',
      [
        '',
        'If a Faultline system is already up (`faultline up`, its proxy API answering at the topology\'s address), the run',
        'drives it; otherwise it starts the embedded system on free ports and stops it afterwards.',
        'Every fault is removed on success, failure, abort, Ctrl-C and SIGTERM; proxy faults and pauses carry leases, so',
        'even a runner killed with SIGKILL leaves nothing behind for longer than the lease. `faultline panic` removes everything.',
        '',
        'Exit codes: 0 the hypothesis held, 1 it deviated, 2 the run was aborted, 3 invalid input, 4 environment error.',
      ].join('\n'),
    )
    .action(async (file: string, options: RunOptions) => {
      let loaded;
      try {
        loaded = await loadExperiment(file);
      } catch (error) {
        if (!isFaultlineError(error)) throw error;
        process.stderr.write(`faultline: ${error.message} [${error.code}]\n`);
        process.exitCode = RUN_EXIT_CODES.invalidInput;
        return;
      }
      const seed = options.seed ?? loaded.experiment.seed ?? freshSeed();
      const { experiment, slos } = options.speed ? speedUp(loaded.experiment, loaded.slos, options.speed) : loaded;
      if (options.dryRun) {
        process.stdout.write(renderPlan(planExperiment(experiment, loaded.topology, slos, { seed })));
        return;
      }
      const stop = new AbortController();
      let signals = 0;
      const onSignal = (signal: NodeJS.Signals) => {
        signals += 1;
        // A second signal while rolling back does not exit: leaving faults behind is worse than waiting.
        process.stderr.write(signals === 1 ? `\n${signal}: stopping the run and rolling back every fault...\n` : `${signal}: still rolling back; the faults' leases expire by themselves if this process is killed\n`);
        stop.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const live = process.stderr.isTTY && !options.json;
      const out = options.json ? process.stderr : process.stdout;
      const outcome = await runExperiment({
        experiment,
        topology: loaded.topology,
        slos,
        document: loaded.raw as unknown as JsonValue,
        seed,
        runsDir: options.runsDir,
        ...(options.toxiproxyUrl ? { toxiproxyUrl: options.toxiproxyUrl.replace(/\/$/, '') } : {}),
        ...(options.supervisorUrl ? { supervisorUrl: options.supervisorUrl.replace(/\/$/, '') } : {}),
        ...(options.prometheusUrl ? { prometheusUrl: options.prometheusUrl.replace(/\/$/, '') } : {}),
        prometheus: options.prometheus ? 'on' : 'off',
        stop: stop.signal,
        reporter: {
          line: (text) => {
            if (live) process.stderr.write('\r\x1b[2K');
            out.write(`${new Date().toISOString().slice(11, 23)} ${text}\n`);
          },
          ...(live ? { progress: (status: RunProgress) => process.stderr.write(`\r\x1b[2K${progressLine(status)}`) } : {}),
        },
      });
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      if (live) process.stderr.write('\r\x1b[2K');
      // The run folder always gets its JUnit report; --junit writes one more where CI wants it.
      const junit = junitXml(readJournal(outcome.journalPath).events);
      atomicWrite(join(outcome.runDir, 'junit.xml'), junit);
      if (options.junit) atomicWrite(options.junit, junit);
      if (options.json) process.stdout.write(`${JSON.stringify({ result: outcome.result, exitCode: outcome.exitCode, reasons: outcome.reasons, runDir: outcome.runDir, journal: outcome.journalPath, seed })}\n`);
      else out.write(`\nrun folder: ${outcome.runDir} (seed ${seed})\n`);
      process.exitCode = outcome.exitCode;
    });
}

/** One line of live status for a terminal. */
export function progressLine(status: RunProgress): string {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(0)}s`;
  const pct = (value: number | undefined) => (value === undefined ? '—' : `${(value * 100).toFixed(1)}%`);
  const budget = status.budgetBurned
    .filter((b) => b.consumed > 0)
    .map((b) => `${b.slo} ${pct(b.consumed)}`)
    .join(', ');
  return [
    `[${status.phase}] ${seconds(status.elapsedMs)}/${seconds(status.totalMs)}`,
    `${status.requestsPerSecond.toFixed(0)} req/s`,
    `errors ${pct(status.errorRatio)}`,
    `p99 ${status.p99Ms === undefined ? '—' : Number.isFinite(status.p99Ms) ? `${status.p99Ms.toFixed(0)}ms` : 'timeout'}`,
    `budget ${budget || 'untouched'}`,
    `faults ${status.activeFaults.join(', ') || 'none'}`,
  ].join(' · ');
}
