import type { ServiceName, ServiceRuntimeConfig } from '../core/service-contract.js';
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
}

/** A Toxiproxy proxy as its JSON config file lists it. */
export interface ToxiproxyConfigEntry extends DesiredProxy {
  enabled: boolean;
}

function serviceAddress(service: ServiceModel): string {
  if (service.port === 0) throw new Error(`service ${service.name} has port 0: a deployment needs fixed ports`);
  return `${service.host}:${service.port}`;
}

/** The config `faultline-entrypoint service <name>` reads from $FAULTLINE_SERVICE_CONFIG. */
export function serviceRuntimeConfig(topology: Topology, name: ServiceName, options: DeployOptions = {}): ServiceRuntimeConfig {
  const service = topology.services.find((s) => s.name === name);
  if (!service) throw new Error(`the topology has no service "${name}"`);
  serviceAddress(service);
  const dependencies: ServiceRuntimeConfig['dependencies'] = {};
  for (const dependency of service.dependencies) {
    if (dependency.proxy.listen.endsWith(':0')) throw new Error(`proxy ${dependency.proxy.name} listens on port 0: a deployment needs fixed ports`);
    dependencies[dependency.service] = { url: `http://${dependency.proxy.listen}`, required: dependency.required, policy: dependency.policy };
  }
  return {
    name: service.name,
    host: service.host,
    port: service.port,
    dependencies,
    seed: options.seed ?? 1,
    ...(options.logLevel ? { logLevel: options.logLevel } : {}),
  };
}

/** Every declared proxy, upstream resolved to the called service's declared address. */
export function toxiproxyConfig(topology: Topology): ToxiproxyConfigEntry[] {
  const byName = new Map(topology.services.map((s) => [s.name, s]));
  return desiredProxies(topology, (name) => {
    const service = byName.get(name);
    return service ? serviceAddress(service) : undefined;
  }).map((proxy) => ({ ...proxy, enabled: true }));
}

export function renderToxiproxyConfig(topology: Topology): string {
  return `${JSON.stringify(toxiproxyConfig(topology), null, 2)}\n`;
}

/** host and port of a `host:port` address. */
export function splitAddress(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(':');
  return { host: address.slice(0, at), port: Number(address.slice(at + 1)) };
}
