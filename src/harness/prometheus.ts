import type { Clock } from '../core/clock.js';
import { HARNESS_WEBHOOK_PATH, ScrapeJobNames } from '../core/conventions.js';
import { startPrometheusStack, type RunningPrometheusStack, type StackProcess } from '../prometheus/stack.js';
import { compileSloFile } from '../slo/compile.js';
import type { SloSet } from '../slo/model.js';
import type { RunningSystem } from '../topology/system.js';

/**
 * The real Prometheus and Alertmanager beside a running system: a scrape job per service, one for
 * the proxy and one for the harness, the SLOs compiled at the harness's time scale, a healthy
 * baseline backfilled, and Alertmanager posting to the harness's webhook.
 */
export async function startSystemPrometheus(options: {
  system: RunningSystem;
  slos: SloSet;
  timeScale: number;
  intervalMs: number;
  clock: Clock;
  onLog?(source: StackProcess, line: string, stream: 'stdout' | 'stderr'): void;
}): Promise<RunningPrometheusStack> {
  const { system, slos, timeScale, intervalMs } = options;
  const hostPort = (url: string) => new URL(url).host;
  const compiled = compileSloFile(slos, { name: 'faultline', source: 'the harness SLO set', timeScale, scrapeIntervalMs: intervalMs });
  return startPrometheusStack({
    jobs: [
      ...system.supervisor.list().map((service) => ({ job: service.name, targets: [hostPort(service.url)] })),
      { job: ScrapeJobNames.proxy, targets: [hostPort(system.endpoints.proxyApi)] },
      { job: ScrapeJobNames.harness, targets: [hostPort(system.endpoints.supervisorApi)] },
    ],
    intervalMs,
    rules: [{ name: compiled.rulesFile, text: compiled.rules }],
    webhookUrl: `${system.endpoints.supervisorApi}${HARNESS_WEBHOOK_PATH}`,
    timeScale,
    backfill: { slos },
    clock: options.clock,
    ...(options.onLog ? { onLog: options.onLog } : {}),
  });
}
