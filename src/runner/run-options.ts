import type { Clock } from '../core/clock.js';
import type { SloSet } from '../slo/model.js';
import type { Topology } from '../topology/model.js';
import type { Experiment } from './experiment/model.js';
import type { ExperimentPlan } from './experiment/plan.js';
import type { JsonValue } from './journal/events.js';
import type { RunReporter } from './reporter.js';
import type { Verdict } from './verdict.js';

/** What `runExperiment` takes and gives back (src/runner/run.ts). */
export interface RunExperimentOptions {
  experiment: Experiment;
  topology: Topology;
  slos: SloSet;
  /** The experiment file's text as parsed (journalled so the journal explains itself). */
  document: JsonValue;
  seed: number;
  runsDir: string;
  clock?: Clock;
  toxiproxyUrl?: string;
  /** The running system's supervisor API, when it is not at the topology's address (see EnvironmentOptions). */
  supervisorUrl?: string;
  /** A Prometheus watching a running system (the compose stack's): in the journal, checked at preflight. */
  prometheusUrl?: string;
  prometheus?: 'on' | 'auto' | 'off';
  reporter?: RunReporter;
  /** Aborting it stops the run cleanly (Ctrl-C, SIGTERM): rollback, then the verdict `aborted`. */
  stop?: AbortSignal;
}

export interface RunOutcome extends Verdict {
  runDir: string;
  journalPath: string;
  plan: ExperimentPlan;
}
