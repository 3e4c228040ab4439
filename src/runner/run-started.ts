import { hostname } from 'node:os';
import { FAULTLINE_VERSION } from '../core/version.js';
import { promDuration } from '../slo/windows.js';
import type { RunEnvironment } from './environment.js';
import type { ExperimentPlan } from './experiment/plan.js';
import { JOURNAL_FORMAT_VERSION } from './journal/events.js';
import type { RunExperimentOptions } from './run-options.js';

/**
 * The journal's first event: everything needed to read the run later without its files — the
 * experiment as written, the topology, the SLOs at the run's time scale, versions, seed, and where
 * the run reached the system.
 */
export function runStartedEvent(options: RunExperimentOptions, plan: ExperimentPlan, runDir: string, env: Pick<RunEnvironment, 'mode'> & { toxiproxyUrl?: string; apis?: { toxiproxyUrl: string }; prometheusUrl?: string; harnessUrl?: string }) {
  const { topology, slos, experiment } = options;
  return {
    type: 'run_started' as const,
    formatVersion: JOURNAL_FORMAT_VERSION,
    experiment: { file: experiment.file, title: experiment.metadata.title, document: options.document },
    topology: {
      name: topology.name,
      services: topology.services.map((s) => ({ name: s.name, address: `${s.host}:${s.port}`, public: s.public, dependencies: s.dependencies.map((d) => d.service) })),
      proxies: topology.services.flatMap((s) => s.dependencies.map((d) => ({ name: d.proxy.name, caller: s.name, service: d.service, listen: d.proxy.listen, ...(d.proxy.upstream ? { upstream: d.proxy.upstream } : {}) }))),
    },
    slos: slos.slos.map((slo) => ({ id: slo.id, service: slo.service, name: slo.name, objective: slo.objective, period: promDuration(slo.periodMs), timeScale: experiment.timeScale, budgeting: slo.budgeting.method })),
    versions: { faultline: FAULTLINE_VERSION, node: process.version },
    seed: plan.seed,
    mode: env.mode,
    toxiproxyUrl: env.apis?.toxiproxyUrl ?? env.toxiproxyUrl ?? '',
    ...(env.prometheusUrl ? { prometheusUrl: env.prometheusUrl } : {}),
    ...(env.harnessUrl ? { harnessUrl: env.harnessUrl } : {}),
    runDir,
    host: hostname(),
  };
}
