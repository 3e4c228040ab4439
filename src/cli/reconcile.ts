import { Command } from 'commander';
import { FaultlineError } from '../core/errors.js';
import { packageFile } from '../core/package-root.js';
import { toxiproxyConfig } from '../deploy/runtime-config.js';
import { serviceAddresses } from '../topology/addresses.js';
import { COMPOSE_NETWORK } from '../topology/container-network.js';
import { loadTopology } from '../topology/load.js';
import { withEphemeralPorts } from '../topology/model.js';
import { applyProxies, desiredProxies, diffProxies, type DesiredProxy, type Drift } from '../topology/reconcile.js';

interface ReconcileOptions {
  topology?: string;
  toxiproxyUrl?: string;
  supervisorUrl?: string;
  ephemeralPorts?: boolean;
  containerNetwork?: boolean;
  json?: boolean;
}

/** `faultline apply`: make the live proxies match the topology; a second run changes nothing. */
export function applyCommand(): Command {
  return withOptions(new Command('apply').description('Create or repair the proxies so they match the topology (idempotent)')).action(async (options: ReconcileOptions) => {
    const { apiUrl, desired, file } = await prepare(options);
    const repaired = await applyProxies(apiUrl, desired);
    if (options.json) process.stdout.write(`${JSON.stringify({ applied: repaired })}\n`);
    else if (repaired.length === 0) process.stdout.write(`nothing to do: ${desired.length} proxies at ${apiUrl} match ${file}\n`);
    else process.stdout.write(`${repaired.map((d) => `repaired  ${describeDrift(d)}`).join('\n')}\n`);
  });
}

/** `faultline diff`: report drift between the topology and the live proxies; exit 1 when there is some. */
export function diffCommand(): Command {
  return withOptions(new Command('diff').description('Report drift between the topology and the live proxies (exit 0: none, 1: drift)')).action(async (options: ReconcileOptions) => {
    const { apiUrl, desired, file } = await prepare(options);
    const drift = await diffProxies(apiUrl, desired);
    if (options.json) process.stdout.write(`${JSON.stringify({ drift })}\n`);
    else if (drift.length === 0) process.stdout.write(`no drift: ${desired.length} proxies at ${apiUrl} match ${file}\n`);
    else process.stdout.write(`${drift.map((d) => `drift  ${describeDrift(d)}`).join('\n')}\n`);
    if (drift.length > 0) process.exitCode = 1;
  });
}

export function describeDrift(drift: Drift): string {
  switch (drift.kind) {
    case 'missing':
      return `${drift.proxy}: missing (declared listen ${drift.declared.listen}, upstream ${drift.declared.upstream})`;
    case 'listen':
    case 'upstream':
      return `${drift.proxy}: ${drift.kind} is ${drift.live}, declared ${drift.declared}`;
    case 'disabled':
      return `${drift.proxy}: disabled (an outage fault?)`;
    case 'toxic':
      return `${drift.proxy}: toxic ${drift.toxic} (${drift.type}, ${drift.stream}) is not declared`;
    case 'undeclared':
      return `${drift.proxy}: exists but is not declared in the topology (left alone)`;
  }
}

function withOptions(command: Command): Command {
  return command
    .option('--topology <file>', 'topology file (default: the shipped services/topology.yaml)')
    .option('--toxiproxy-url <url>', "Toxiproxy API (default: the topology's proxy.api)")
    .option('--supervisor-url <url>', "supervisor API that knows where services run (default: the topology's supervisor.admin)")
    .option('--ephemeral-ports', 'the system was started with `up --ephemeral-ports`: declared ports are free ports')
    .option('--container-network', "the proxies run in docker-compose.yml's Toxiproxy: they listen on 0.0.0.0 in its container and forward to the services by name")
    .option('--json', 'print the result as JSON');
}

async function prepare(options: ReconcileOptions): Promise<{ apiUrl: string; desired: DesiredProxy[]; file: string }> {
  const loaded = await loadTopology(options.topology ?? packageFile('services/topology.yaml'));
  const topology = options.ephemeralPorts ? withEphemeralPorts(loaded) : loaded;
  const apiUrl = (options.toxiproxyUrl ?? `http://${topology.proxyApi}`).replace(/\/$/, '');
  const supervisorUrl = (options.supervisorUrl ?? `http://${topology.supervisorAdmin}`).replace(/\/$/, '');
  const reachable = await fetch(`${apiUrl}/version`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
  if (!reachable) throw new FaultlineError('FAULTLINE_TOPOLOGY_UNREACHABLE', `no Toxiproxy API answers at ${apiUrl} (start one with \`faultline up\` or \`faultline proxy\`, or pass --toxiproxy-url)`);
  const file = options.topology ?? 'services/topology.yaml';
  if (options.containerNetwork) {
    // The compose stack's own addressing, as docker/toxiproxy.json declares it (fixed ports only).
    const desired = toxiproxyConfig(topology, { network: COMPOSE_NETWORK }).map(({ name, listen, upstream }) => ({ name, listen, upstream }));
    return { apiUrl, desired, file };
  }
  const addressOf = await serviceAddresses(topology, supervisorUrl);
  return { apiUrl, desired: desiredProxies(topology, addressOf), file };
}
