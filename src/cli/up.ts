import { Command } from 'commander';
import { packageFile } from '../core/package-root.js';
import { startHarness, type HarnessEndpoints } from '../harness/harness.js';
import { loadTopology } from '../topology/load.js';
import { withEphemeralPorts } from '../topology/model.js';
import { parseInteger, parseTimeScale } from './options.js';
import { formatServiceLine } from './service-logs.js';
import { closeOnSignals } from './shutdown.js';
import { loadSlosFor } from './slo-files.js';

interface UpOptions {
  topology?: string;
  slo?: string[];
  timeScale?: number;
  toxiproxyUrl?: string;
  dataDir: string;
  ephemeralPorts?: boolean;
  seed?: number;
  json?: boolean;
  quiet?: boolean;
  prometheus?: boolean;
}

export function upCommand(): Command {
  return new Command('up')
    .description('Start the system under test (the fault proxy, every service as its own process, wired through proxies) and the SLO evaluator')
    .option('--topology <file>', 'topology file (default: the shipped services/topology.yaml)')
    .option('--slo <files...>', "SLO files to evaluate live (default: the package's slo/*.yaml)")
    .option('--time-scale <K>', 'compress SLO periods and alert windows K times (default: the SLO files\' timeScale)', parseTimeScale)
    .option('--toxiproxy-url <url>', 'use this Toxiproxy API instead of starting the embedded proxy')
    .option('--data-dir <dir>', "folder for the services' files (orders' SQLite database)", '.faultline/data')
    .option('--ephemeral-ports', 'ignore the ports in the topology and pick free ones (run several systems side by side)')
    .option('--seed <n>', 'seed for fault and service randomness, to replay a run', parseInteger('seed'))
    .option('--json', 'print the endpoints as one JSON object on standard output; logs go to standard error')
    .option('--quiet', "do not forward the services' logs")
    .option('--prometheus', 'also run Prometheus and Alertmanager (default: when prometheus is on the PATH)')
    .option('--no-prometheus', 'do not run Prometheus even when it is installed')
    .addHelpText(
      'after',
      [
        '',
        'Live error budgets: `faultline slo budget` (or GET <harness>/slo); Prometheus series on <harness>/metrics.',
        'With Prometheus (Debian/Ubuntu: apt-get install prometheus prometheus-alertmanager), the SLOs are compiled at the',
        'run\'s time scale, a healthy history is backfilled, and Alertmanager posts alerts to <harness>/alerts/webhook.',
        'Binaries are found on the PATH, or at $FAULTLINE_PROMETHEUS, $FAULTLINE_ALERTMANAGER and $FAULTLINE_PROMTOOL.',
        'Ctrl-C or SIGTERM stops every service and proxy and leaves no process or port behind.',
      ].join('\n'),
    )
    .action(async (options: UpOptions) => {
      const loaded = await loadTopology(options.topology ?? packageFile('services/topology.yaml'));
      const topology = options.ephemeralPorts ? withEphemeralPorts(loaded) : loaded;
      const slos = await loadSlosFor(topology, options.slo, options.timeScale);
      const out = options.json ? process.stderr : process.stdout;
      const harness = await startHarness({
        topology,
        slos,
        ...(options.toxiproxyUrl ? { toxiproxyUrl: options.toxiproxyUrl.replace(/\/$/, '') } : {}),
        dataDir: options.dataDir,
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
        onLog: (service, line) => {
          if (!options.quiet) out.write(`${formatServiceLine(service, line)}\n`);
        },
        onNotice: (message) => process.stderr.write(`faultline up: ${message}\n`),
        // --prometheus: required; --no-prometheus: never; neither: when the binaries are installed.
        prometheus: options.prometheus === true ? 'on' : options.prometheus === false ? 'off' : 'auto',
      });
      const { seed } = harness.system;
      if (options.json) process.stdout.write(`${JSON.stringify({ ...harness.endpoints, seed, timeScale: harness.timeScale })}\n`);
      else process.stdout.write(endpointTable(harness.endpoints, seed, harness.timeScale));
      closeOnSignals(() => harness.close(), (line) => out.write(`faultline up: ${line}\n`));
    });
}

export function endpointTable(endpoints: HarnessEndpoints, seed: number, timeScale: number): string {
  const rows: Array<[string, string]> = [
    ['gateway (public API)', endpoints.gateway],
    ...endpoints.services.map((s): [string, string] => [`${s.name} metrics`, s.metrics]),
    ['proxy API (Toxiproxy)', endpoints.proxyApi],
    ['supervisor API', endpoints.supervisorApi],
    [`SLO budgets${timeScale > 1 ? ` (${timeScale}× compressed)` : ''}`, endpoints.slo],
    ['harness metrics', endpoints.harnessMetrics],
    ...(endpoints.prometheus ? ([['Prometheus', endpoints.prometheus]] as Array<[string, string]>) : []),
    ...(endpoints.alertmanager ? ([['Alertmanager', endpoints.alertmanager]] as Array<[string, string]>) : []),
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return `\nFaultline system is up (seed ${seed}):\n${rows.map(([label, url]) => `  ${label.padEnd(width)}  ${url}`).join('\n')}\n\nCtrl-C stops everything.\n`;
}
