import { join } from 'node:path';
import { Command } from 'commander';
import { packageFile } from '../core/package-root.js';
import { generateDashboardFiles } from '../dashboards/files.js';
import { loadTopology } from '../topology/load.js';
import { atomicWrite } from './atomic-write.js';
import { parseTimeScale } from './options.js';
import { displayPath } from './slo-inputs.js';

interface GenerateOptions {
  output: string;
  topology?: string;
  timeScale?: number;
  json?: boolean;
}

/** `faultline dashboards`: Grafana dashboards and the Prometheus, Alertmanager and Grafana configs beside them. */
export function dashboardsCommand(): Command {
  const dashboards = new Command('dashboards')
    .description('Grafana dashboards (SLO overview, service RED, experiments) and the Prometheus, Alertmanager and Grafana provisioning files of a compose stack')
    .addCommand(generateCommand());
  // addCommand() does not pass the program's exitOverride down (see slo.ts): usage errors exit 2.
  for (const command of [dashboards, ...dashboards.commands]) command.exitOverride();
  return dashboards;
}

function generateCommand(): Command {
  return new Command('generate')
    .description('Write the dashboards (grafana/*.json), Grafana provisioning, prometheus/prometheus.yml and alertmanager/alertmanager.yml, generated from the topology')
    .option('-o, --output <dir>', 'folder to write into', 'dashboards')
    .option('--topology <file>', 'topology naming the services, proxy and harness addresses (default: the shipped services/topology.yaml)')
    .option('--time-scale <K>', 'the K the SLO rules were compiled with: 1 scrapes every 30 s; above 1 every second, with Alertmanager timings divided by K', parseTimeScale)
    .option('--json', 'print the files written as JSON')
    .addHelpText(
      'after',
      [
        '',
        'The checked-in dashboards/ is `faultline dashboards generate` at time scale 1, matching slo/generated/.',
        'For a compressed game day compile the rules and the stack with the same K:',
        '  faultline slo compile --time-scale 720 -o rules/ && faultline dashboards generate --time-scale 720 -o stack/',
        'The dashboards themselves do not depend on K: they read every window the rules record.',
      ].join('\n'),
    )
    .action(async (options: GenerateOptions) => {
      const topologyPath = options.topology ?? packageFile('services/topology.yaml');
      const topology = await loadTopology(topologyPath);
      const files = generateDashboardFiles({
        topology,
        ...(options.timeScale !== undefined ? { timeScale: options.timeScale } : {}),
        source: options.topology ? displayPath(options.topology) : 'services/topology.yaml',
      });
      const written = files.map((file) => {
        const path = join(options.output, ...file.path.split('/'));
        atomicWrite(path, file.text);
        return displayPath(path);
      });
      if (options.json) process.stdout.write(`${JSON.stringify({ files: written })}\n`);
      else for (const path of written) process.stdout.write(`wrote ${path}\n`);
    });
}
