import type { ResiliencePolicy, ServiceName } from '../core/service-contract.js';

export type RestartPolicy = 'never' | 'on-failure' | 'always';

/** One declared call from a service to another, and the proxy that carries it. */
export interface DependencyModel {
  /** The service being called. */
  service: ServiceName;
  required: boolean;
  proxy: {
    name: string;
    /** host:port; port 0 picks a free one. */
    listen: string;
    /** host:port; when absent, the called service's address once it is running. */
    upstream?: string;
  };
  policy: ResiliencePolicy;
}

export interface ServiceModel {
  name: ServiceName;
  host: string;
  /** 0 picks a free port. */
  port: number;
  public: boolean;
  restart: RestartPolicy;
  dependencies: DependencyModel[];
}

/** The declared system, validated; services are in start order (every dependency before its callers). */
export interface Topology {
  name: string;
  description?: string;
  /** host:port of the Toxiproxy API. */
  proxyApi: string;
  /** host:port of the supervisor's admin API. */
  supervisorAdmin: string;
  services: ServiceModel[];
}

export function findService(topology: Topology, name: string): ServiceModel | undefined {
  return topology.services.find((s) => s.name === name);
}

/** Every proxy the topology declares, with the service that calls through it. */
export function declaredProxies(topology: Topology): Array<{ caller: ServiceName; dependency: DependencyModel }> {
  return topology.services.flatMap((caller) => caller.dependencies.map((dependency) => ({ caller: caller.name, dependency })));
}

/**
 * The same topology with every port set to 0, so several systems can run side by side (tests, CI,
 * a second game day on one laptop). Explicit upstreams are kept: they point outside the embedded system.
 */
export function withEphemeralPorts(topology: Topology): Topology {
  const anyPort = (address: string) => `${address.slice(0, address.lastIndexOf(':'))}:0`;
  return {
    ...topology,
    proxyApi: anyPort(topology.proxyApi),
    supervisorAdmin: anyPort(topology.supervisorAdmin),
    services: topology.services.map((service) => ({
      ...service,
      port: 0,
      dependencies: service.dependencies.map((d) => ({ ...d, proxy: { ...d.proxy, listen: anyPort(d.proxy.listen) } })),
    })),
  };
}
