import { Command } from 'commander';
import { packageFile } from '../core/package-root.js';
import { httpControlApis } from '../runner/control-apis.js';
import { panic } from '../runner/panic.js';
import { findServiceHost } from '../runner/process-control.js';
import { loadTopology } from '../topology/load.js';

interface PanicOptions {
  topology?: string;
  toxiproxyUrl?: string;
  supervisorUrl?: string;
  json?: boolean;
}

/** `faultline panic`: remove every fault from a running system, whoever injected it. */
export function panicCommand(): Command {
  return new Command('panic')
    .description('The big red button: remove every toxic, re-enable every proxy, resume or restart every service (supervisor or Docker containers), restore every resilience policy')
    .option('--topology <file>', 'topology naming the proxy and supervisor addresses (default: the shipped services/topology.yaml)')
    .option('--toxiproxy-url <url>', "the Toxiproxy API (default: the topology's proxy.api)")
    .option('--supervisor-url <url>', "the supervisor API (default: the topology's supervisor.admin; skipped when it does not answer)")
    .option('--json', 'print what was removed as JSON')
    .addHelpText('after', '\nExit code 0 when nothing is left in place, 1 when something could not be removed (listed).')
    .action(async (options: PanicOptions) => {
      const topology = await loadTopology(options.topology ?? packageFile('services/topology.yaml'));
      const toxiproxyUrl = (options.toxiproxyUrl ?? `http://${topology.proxyApi}`).replace(/\/$/, '');
      const supervisorUrl = (options.supervisorUrl ?? `http://${topology.supervisorAdmin}`).replace(/\/$/, '');
      // The supervisor, else a Docker engine running the topology's services as containers: the run's rule.
      const host = await findServiceHost(topology, supervisorUrl);
      const urls = new Map(host.supervised?.map((s) => [s.name, s.url]));
      const apis = httpControlApis({ toxiproxyUrl, ...(host.processes ? { processes: host.processes } : {}), serviceUrl: (name) => urls.get(name) });
      const result = await panic({ apis, topology });
      if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else {
        process.stdout.write(result.removed.length === 0 ? 'No fault was in place.\n' : `Removed:\n${result.removed.map((r) => `  - ${r}`).join('\n')}\n`);
        if (!host.processes) process.stdout.write(`(no supervisor answers at ${supervisorUrl} and ${host.reason}: process faults were not checked)\n`);
      }
      if (result.failed.length > 0) {
        process.stderr.write(`faultline panic: could not remove:\n${result.failed.map((f) => `  - ${f}`).join('\n')}\n`);
        process.exitCode = 1;
      }
    });
}
