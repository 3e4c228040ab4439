import type { ServiceName, ServiceRuntimeConfig } from '../core/service-contract.js';
import { proxyListen, proxyReach, serviceListenHost, serviceReach, type ContainerNetwork } from '../topology/container-network.js';
import { desiredProxies, type DesiredProxy } from '../topology/reconcile.js';
import type { ServiceModel, Topology } from '../topology/model.js';

/**
 * What a deployment without Faultline's supervisor (a container, a compose stack) needs from the
 * topology: each service's runtime config with its dependencies wired through their declared
 * proxies, and the proxies themselves as Toxiproxy's `-config` / `POST /populate` takes them. Pure:
 * the same topology always gives the same text, so generated files can be golden-tested.
 */

export interface DeployOptions {
  /** Seed handed to every service (the supervisor does the same). */
  seed?: number;
  logLevel?: string;
  /**
   * The containers' own network (the shipped compose file): components reach one another by
   * service name. Absent: the topology's loopback addresses, as host networking sees them.
   */
  network?: ContainerNetwork;
}

/** A Toxiproxy proxy as its JSON config file lists it. */
export interface ToxiproxyConfigEntry extends DesiredProxy {
  enabled: boolean;
}

function fixedPort(service: ServiceModel): ServiceModel {
  if (service.port === 0) throw new Error(`service ${service.name} has port 0: a deployment needs fixed ports`);
  return service;
}

/** The config `faultline-entrypoint service <name>` reads from $FAULTLINE_SERVICE_CONFIG. */
export function serviceRuntimeConfig(topology: Topology, name: ServiceName, options: DeployOptions = {}): ServiceRuntimeConfig {
  const declared = topology.services.find((s) => s.name === name);
  if (!declared) throw new Error(`the topology has no service "${name}"`);
  const service = fixedPort(declared);
  const dependencies: ServiceRuntimeConfig['dependencies'] = {};
  for (const dependency of service.dependencies) {
    if (dependency.proxy.listen.endsWith(':0')) throw new Error(`proxy ${dependency.proxy.name} listens on port 0: a deployment needs fixed ports`);
    dependencies[dependency.service] = { url: `http://${proxyReach(dependency.proxy.listen, options.network)}`, required: dependency.required, policy: dependency.policy };
  }
  return {
    name: service.name,
    host: serviceListenHost(service, options.network),
    port: service.port,
    dependencies,
    seed: options.seed ?? 1,
    ...(options.logLevel ? { logLevel: options.logLevel } : {}),
  };
}

/**
 * Every declared proxy, forwarding to the called service's address (on a container network, its
 * name). A proxy whose topology entry names an explicit upstream keeps it: that is a system
 * outside the topology, reached the same way from anywhere.
 */
export function toxiproxyConfig(topology: Topology, options: Pick<DeployOptions, 'network'> = {}): ToxiproxyConfigEntry[] {
  const byName = new Map(topology.services.map((s) => [s.name, s]));
  return desiredProxies(topology, (name) => {
    const service = byName.get(name);
    return service ? serviceReach(fixedPort(service), options.network) : undefined;
  }).map((proxy) => ({ ...proxy, listen: proxyListen(proxy.listen, options.network), enabled: true }));
}

export function renderToxiproxyConfig(topology: Topology, options: Pick<DeployOptions, 'network'> = {}): string {
  return `${JSON.stringify(toxiproxyConfig(topology, options), null, 2)}\n`;
}
