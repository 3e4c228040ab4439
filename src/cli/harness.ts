import { Command } from 'commander';
import { packageFile } from '../core/package-root.js';
import { startStackHarness } from '../harness/stack-harness.js';
import { COMPOSE_NETWORK } from '../topology/container-network.js';
import { loadTopology } from '../topology/load.js';
import { parseTimeScale } from './options.js';
import { closeOnSignals } from './shutdown.js';
import { loadSlosFor } from './slo-files.js';

interface HarnessOptions {
  topology?: string;
  slo?: string[];
  timeScale?: number;
  listen?: string;
  toxiproxyUrl?: string;
  containerNetwork?: boolean;
}

/** `faultline harness`: judge a system someone else runs (a compose stack) as `faultline up` judges its own. */
export function harnessCommand(): Command {
  return new Command('harness')
    .description("Judge a running stack without supervising it: the SLO evaluator scraping every service, faultline_slo_* and the proxies' fault state on /metrics, budgets on /slo, and Alertmanager's webhook")
    .option('--topology <file>', 'topology file (default: the shipped services/topology.yaml)')
    .option('--slo <files...>', "SLO files to evaluate (default: the package's slo/*.yaml)")
    .option('--time-scale <K>', "compress SLO periods and alert windows K times (default: the SLO files' timeScale)", parseTimeScale)
    .option('--listen <host:port>', "where the harness API binds (default: the topology's supervisor.admin, 127.0.0.1:8475)")
    .option('--toxiproxy-url <url>', "the Toxiproxy API whose faults it reports (default: the topology's proxy.api)")
    .option('--container-network', 'reach the services by their compose service names (the harness runs on the stack\'s network)')
    .addHelpText(
      'after',
      [
        '',
        'The compose file runs it as its `harness` service: Prometheus scrapes it (the experiments dashboard), Alertmanager',
        'posts alerts to its /alerts/webhook, and `faultline run` journals those alerts from its /alerts.',
        'It starts and stops nothing else; Ctrl-C or SIGTERM closes it.',
      ].join('\n'),
    )
    .action(async (options: HarnessOptions) => {
      const topology = await loadTopology(options.topology ?? packageFile('services/topology.yaml'));
      const slos = await loadSlosFor(topology, options.slo, options.timeScale);
      const harness = await startStackHarness({
        topology,
        slos,
        ...(options.timeScale !== undefined ? { timeScale: options.timeScale } : {}),
        ...(options.listen ? { listen: options.listen } : {}),
        toxiproxyUrl: options.toxiproxyUrl ?? `http://${topology.proxyApi}`,
        ...(options.containerNetwork ? { network: COMPOSE_NETWORK } : {}),
      });
      process.stdout.write(`faultline harness: judging ${slos.slos.length} SLOs at ${harness.timeScale}× on ${harness.url} (/metrics, /slo, /alerts)\n`);
      closeOnSignals(() => harness.close(), (line) => process.stdout.write(`faultline harness: ${line}\n`));
    });
}
