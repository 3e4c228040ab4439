import type { RunEnvironment } from './environment.js';
import type { Experiment } from './experiment/model.js';
import type { ExperimentPlan } from './experiment/plan.js';
import { readLiveProxies } from '../topology/live-proxies.js';
import { faultsInPlace } from './proxy-state.js';

/**
 * Before the load starts: every proxy and service the experiment targets exists and is healthy,
 * nothing is left over from an earlier run (a stray toxic would make the baseline a lie), and the
 * entry point answers. Returns every problem, in words a trainee can act on.
 */
export async function preflight(env: RunEnvironment, experiment: Experiment, plan: ExperimentPlan): Promise<string[]> {
  const problems: string[] = [];
  let proxies;
  try {
    proxies = await readLiveProxies(env.apis.toxiproxyUrl);
  } catch (error) {
    return [`the Toxiproxy API at ${env.apis.toxiproxyUrl} does not answer: ${(error as Error).message}`];
  }
  const names = new Set(proxies.map((p) => p.name));
  for (const proxy of experiment.target.proxies) {
    if (!names.has(proxy)) problems.push(`proxy ${proxy} is not on the Toxiproxy API at ${env.apis.toxiproxyUrl} (it has ${[...names].join(', ') || 'none'}); run \`faultline apply\` to create the topology's proxies`);
  }
  const leftOver = faultsInPlace(proxies);
  if (leftOver.length > 0) problems.push(`faults from an earlier run are still in place (${leftOver.join('; ')}); remove them with \`faultline panic\` before running`);

  if (experiment.target.services.length > 0 || plan.faults.some((f) => f.kind === 'process')) {
    const processes = env.apis.processes;
    if (!processes) problems.push('this experiment injects process faults, which need the Faultline supervisor or a Docker engine running the services, and this system has neither');
    else {
      const listed = await processes.services().catch(() => undefined);
      for (const service of experiment.target.services) {
        const status = listed?.find((s) => s.name === service);
        if (!status) problems.push(`service ${service} is not known to ${processes.where}`);
        else if (status.state !== 'running') problems.push(`service ${service} is ${status.state}, not running; \`faultline panic\` resumes paused and restarts stopped services`);
      }
    }
  }

  if (env.prometheusUrl) {
    const ready = await fetch(`${env.prometheusUrl}/-/ready`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.status,
      (error: Error) => error.message,
    );
    if (ready !== 200) problems.push(`Prometheus at ${env.prometheusUrl} is not ready (GET /-/ready: ${ready})`);
  }

  const health = await fetch(`${env.gatewayUrl}/healthz`, { signal: AbortSignal.timeout(2000) }).then(
    (r) => r.status,
    (error: Error) => error.message,
  );
  if (health !== 200) problems.push(`the entry point ${env.gatewayUrl} is not healthy (GET /healthz: ${health})`);
  return problems;
}
