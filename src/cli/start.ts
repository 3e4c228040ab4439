import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { systemClock } from '../core/clock.js';
import { parseDuration } from '../core/durations.js';
import { packageFile } from '../core/package-root.js';
import { parsePrometheusText, type MetricSample } from '../core/prometheus-text.js';
import { freshSeed } from '../core/random.js';
import { shopMix } from '../load/request-mix.js';
import { summariseWindow, type ServiceWindow } from '../load/service-summary.js';
import { driveTraffic } from '../load/traffic.js';
import { loadTopology } from '../topology/load.js';
import { withEphemeralPorts } from '../topology/model.js';
import { startHarness } from '../harness/harness.js';
import type { RunningSystem } from '../topology/system.js';
import { parseInteger } from './options.js';
import { closeOnSignals } from './shutdown.js';
import { loadSlosFor } from './slo-files.js';
import { endpointTable } from './up.js';

interface StartOptions {
  topology?: string;
  rate: number;
  burst: string;
  every: string;
  stopAfter?: string;
  ephemeralPorts?: boolean;
  seed?: number;
}

/**
 * `npm start`: the whole system up, a burst of realistic traffic through the gateway, and a live
 * per-service summary (request rate, error ratio, p99) every few seconds until Ctrl-C.
 */
export function startCommand(): Command {
  return new Command('start')
    .description('Bring the system up, drive a burst of traffic through the gateway, and show a live summary')
    .option('--topology <file>', 'topology file (default: the shipped services/topology.yaml)')
    .option('--rate <n>', 'requests per second during the burst', parseInteger('rate'), 50)
    .option('--burst <duration>', 'how long to drive traffic', '10s')
    .option('--every <duration>', 'how often to print the summary', '2s')
    .option('--stop-after <duration>', 'stop by itself after this long (default: run until Ctrl-C)')
    .option('--ephemeral-ports', 'pick free ports instead of the topology ones')
    .option('--seed <n>', 'seed for traffic and faults, to replay a run', parseInteger('seed'))
    .action(async (options: StartOptions) => {
      const burstMs = parseDuration(options.burst);
      const everyMs = parseDuration(options.every);
      const loaded = await loadTopology(options.topology ?? packageFile('services/topology.yaml'));
      const topology = options.ephemeralPorts ? withEphemeralPorts(loaded) : loaded;
      const seed = options.seed ?? freshSeed();
      const slos = await loadSlosFor(topology, undefined);
      const harness = await startHarness({ topology, slos, seed, dataDir: mkdtempSync(join(tmpdir(), 'faultline-start-')), onNotice: (line) => process.stderr.write(`faultline: ${line}\n`) });
      const { system } = harness;
      process.stdout.write(endpointTable(harness.endpoints, seed, harness.timeScale));
      let stopping = false;
      const stop = async () => {
        stopping = true;
        await harness.close();
      };
      closeOnSignals(stop, (line) => process.stdout.write(`faultline: ${line}\n`));

      process.stdout.write(`\nDriving ${options.rate} requests/s of mixed traffic (browse, product pages, orders) for ${options.burst}.\n`);
      const products = (await (await fetch(`${system.endpoints.gateway}/products`)).json()) as { products: Array<{ id: string }> };
      const traffic = driveTraffic({ target: system.endpoints.gateway, ratePerSecond: options.rate, durationMs: burstMs, mix: shopMix, productIds: products.products.map((p) => p.id), seed, clock: systemClock });
      traffic.then((result) => {
        if (!stopping) process.stdout.write(`\nBurst done: ${result.sent} requests, ${result.ok} answered, ${result.failed} failed. Summary continues until Ctrl-C.\n`);
      });
      const deadline = options.stopAfter ? Date.now() + parseDuration(options.stopAfter) : Infinity;
      let previous = await scrapeAll(system);
      while (!stopping && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(everyMs, Math.max(0, deadline - Date.now()))));
        if (stopping) break;
        const current = await scrapeAll(system);
        process.stdout.write(summaryTable([...current.keys()].map((service) => summariseWindow(service, previous.get(service) ?? [], current.get(service) ?? [], everyMs / 1000))));
        previous = current;
      }
      await traffic;
      if (!stopping) await stop();
    });
}

async function scrapeAll(system: RunningSystem): Promise<Map<string, MetricSample[]>> {
  const scraped = new Map<string, MetricSample[]>();
  for (const service of system.endpoints.services) {
    const text = await fetch(service.metrics, { signal: AbortSignal.timeout(1000) }).then((r) => r.text(), () => '');
    scraped.set(service.name, parsePrometheusText(text));
  }
  return scraped;
}

export function summaryTable(windows: readonly ServiceWindow[]): string {
  const time = new Date().toISOString().slice(11, 19);
  const number = (value: number, digits: number, unit = '') => (Number.isFinite(value) ? `${value.toFixed(digits)}${unit}` : '—');
  const rows = windows.map((w) => `  ${w.service.padEnd(10)} ${number(w.requestsPerSecond, 1).padStart(8)} ${number(w.errorRatio * 100, 1, ' %').padStart(9)} ${number(w.p99Ms, 1, ' ms').padStart(10)}`);
  return `\n${time} UTC   req/s    errors        p99\n${rows.join('\n')}\n`;
}
