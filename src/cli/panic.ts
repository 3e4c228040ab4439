import { Command } from 'commander';
import { packageFile } from '../core/package-root.js';
import { panic } from '../runner/panic.js';
import { dockerAnswers, dockerProcessControl } from '../runner/process-control.js';
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
      const supervisorAnswers = await fetch(`${supervisorUrl}/services`, { signal: AbortSignal.timeout(2000) }).then(
        (r) => r.ok,
        () => false,
      );
      // Without a supervisor, services may be containers: Docker unpauses and starts them.
      const containers = !supervisorAnswers && (await dockerAnswers()) ? dockerProcessControl() : undefined;
      const result = await panic({ toxiproxyUrl, ...(supervisorAnswers ? { supervisorUrl } : {}), ...(containers ? { containers } : {}), topology });
      if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else {
        process.stdout.write(result.removed.length === 0 ? 'No fault was in place.\n' : `Removed:\n${result.removed.map((r) => `  - ${r}`).join('\n')}\n`);
        if (!supervisorAnswers && !containers) process.stdout.write(`(no supervisor answers at ${supervisorUrl} and no Docker engine runs here: process faults were not checked)\n`);
      }
      if (result.failed.length > 0) {
        process.stderr.write(`faultline panic: could not remove:\n${result.failed.map((f) => `  - ${f}`).join('\n')}\n`);
        process.exitCode = 1;
      }
    });
}
