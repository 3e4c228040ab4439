import { join, relative, sep } from 'node:path';
import { Command } from 'commander';
import { packageFile } from '../core/package-root.js';
import { loadExperiment } from '../runner/experiment/load.js';
import { generatePostmortem } from '../postmortem/postmortem.js';
import { DEFAULT_TEMPLATE } from '../postmortem/render/templates.js';
import type { JournalEvent, JsonValue } from '../runner/journal/events.js';
import { junitXml } from '../runner/journal/junit.js';
import { summariseJournal } from '../runner/journal/summary.js';
import { renderSummaryText } from '../runner/journal/summary-text.js';
import { runExperiment, type RunProgress } from '../runner/run.js';
import { atomicWrite } from './atomic-write.js';
import { parseInteger } from './options.js';
import { progressLine } from './run.js';

interface StartOptions {
  experiment: string;
  seed?: number;
  runsDir: string;
}

/** The demo: the experiment every newcomer sees first. */
const DEMO = 'experiments/payments-outage.yaml';

/**
 * `npm start`: the whole loop on the embedded default, in under a minute — the shop and its proxies
 * come up, the demo experiment drives load, takes payments down for ten seconds, watches the SLOs
 * burn and the breaker open, rolls back, and writes its journal — then a summary of what happened,
 * a blameless post-mortem draft (postmortem.md) and a report with charts (report.html).
 */
export function startCommand(): Command {
  return new Command('start')
    .description('The demo: bring the shop up, run the payments-outage experiment end to end, and summarise what happened')
    .option('--experiment <file>', 'run another experiment instead of the demo', DEMO)
    .option('--seed <n>', 'seed for the run (default: the experiment\'s)', parseInteger('seed'))
    .option('--runs-dir <dir>', 'where the run folder goes', 'runs')
    .addHelpText('after', '\nCtrl-C stops the run and rolls back every fault. The run folder holds the journal (faultline journal show) and a JUnit report.')
    .action(async (options: StartOptions) => {
      const file = options.experiment === DEMO ? packageFile(DEMO) : options.experiment;
      const loaded = await loadExperiment(file);
      const { experiment } = loaded;
      const seed = options.seed ?? experiment.seed ?? 1;
      process.stdout.write(
        [
          `Faultline demo: ${experiment.metadata.title}`,
          experiment.metadata.learningObjective ? `  What it teaches: ${experiment.metadata.learningObjective}` : '',
          ...experiment.metadata.lookFor.map((line) => `  Look for: ${line}`),
          '',
        ]
          .filter((line, index) => line !== '' || index > 0)
          .join('\n') + '\n',
      );
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const live = process.stdout.isTTY === true;
      const outcome = await runExperiment({
        experiment,
        topology: loaded.topology,
        slos: loaded.slos,
        document: loaded.raw as unknown as JsonValue,
        seed,
        runsDir: options.runsDir,
        stop: stop.signal,
        reporter: {
          line: (text) => process.stdout.write(`${live ? '\r\x1b[2K' : ''}${new Date().toISOString().slice(11, 23)} ${text}\n`),
          ...(live ? { progress: (status: RunProgress) => process.stdout.write(`\r\x1b[2K${progressLine(status)}`) } : {}),
        },
      });
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      const { postmortem, report, events } = writeRunReports(outcome);
      process.stdout.write(`${live ? '\r\x1b[2K' : ''}\n${renderSummaryText(summariseJournal(events))}\n`);
      process.stdout.write(
        [
          `Run folder: ${outcome.runDir}`,
          `  post-mortem draft: ${postmortem}  (blameless; check it with: faultline lint ${postmortem})`,
          `  report with charts: ${report}  (one file, opens offline)`,
          `  journal: ${outcome.journalPath}  (faultline journal show; faultline postmortem --template pagerduty|howie|kehoe)`,
          `  other experiments: faultline run experiments/<name>.yaml (list: docs/EXPERIMENTS.md)`,
          '',
        ].join('\n'),
      );
      // The demo's verdict is a finding, not a failure of `npm start`: only an environment error fails it.
      if (outcome.result === 'error') process.exitCode = outcome.exitCode;
    });
}

/** What the demo leaves in the run folder besides the journal. */
export interface RunReports {
  junit: string;
  /** The blameless draft, Markdown (postmortem.md). */
  postmortem: string;
  /** The same draft with charts, one HTML file (report.html). */
  report: string;
  /** The journal's events, for the summary. */
  events: readonly JournalEvent[];
}

/**
 * junit.xml, postmortem.md and report.html in the run folder, from one read of the journal and one
 * incident model: the HTML report is built around the very Markdown written to postmortem.md, and
 * both sit beside the journal, so their evidence links are the same.
 */
export function writeRunReports(run: { runDir: string; journalPath: string }): RunReports {
  const paths = { junit: join(run.runDir, 'junit.xml'), postmortem: join(run.runDir, 'postmortem.md'), report: join(run.runDir, 'report.html') };
  const journalLink = relative(run.runDir, run.journalPath).split(sep).join('/');
  const generated = generatePostmortem(run.journalPath, { template: DEFAULT_TEMPLATE, format: 'html', journalLink });
  atomicWrite(paths.junit, junitXml(generated.events));
  // The draft for the review, and the same content with charts for the room.
  atomicWrite(paths.postmortem, generated.markdown);
  atomicWrite(paths.report, generated.output);
  return { ...paths, events: generated.events };
}
