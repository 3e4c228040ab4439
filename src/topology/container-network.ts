import { splitAddress } from './host-port.js';
import type { ServiceModel, Topology } from './model.js';

/**
 * The topology's addresses as containers on a network of their own see them (docker-compose's
 * bridge network on a user's machine): a component reaches another by its compose service name on
 * the declared port (`catalog:9101`, `toxiproxy:18101`), and binds `listenHost` inside its
 * container (0.0.0.0 there, so the port compose publishes on the host's 127.0.0.1 answers). The
 * ports stay the topology's, inside and out, so from the host the stack looks exactly like
 * `faultline up`: the runner, `slo budget` and the browser use the declared loopback addresses.
 *
 * Without a network (host networking, the embedded system) every address is the topology's own.
 */
export interface ContainerNetwork {
  /** Where every component binds inside its container. */
  listenHost: string;
}

/** The shipped compose file's network: bind every interface of the container, publish on 127.0.0.1. */
export const COMPOSE_NETWORK: ContainerNetwork = { listenHost: '0.0.0.0' };

/** The compose service that runs the proxies (the official Toxiproxy image). */
export const TOXIPROXY_SERVICE = 'toxiproxy';

/** The port of a `host:port` address (the topology's addresses are validated when loaded). */
export function portOf(address: string): number {
  return splitAddress(address).port;
}

/** How the other components reach a service. */
export function serviceReach(service: ServiceModel, network?: ContainerNetwork): string {
  return network ? `${service.name}:${service.port}` : `${service.host}:${service.port}`;
}

/** The host a service binds. */
export function serviceListenHost(service: ServiceModel, network?: ContainerNetwork): string {
  return network ? network.listenHost : service.host;
}

/** Where the proxy toxiproxy runs for a dependency listens, given the topology's `listen`. */
export function proxyListen(listen: string, network?: ContainerNetwork): string {
  return network ? `${network.listenHost}:${portOf(listen)}` : listen;
}

/** How the calling service reaches that proxy. */
export function proxyReach(listen: string, network?: ContainerNetwork): string {
  return network ? `${TOXIPROXY_SERVICE}:${portOf(listen)}` : listen;
}

/** Where the proxy API binds. */
export function proxyApiListen(topology: Topology, network?: ContainerNetwork): string {
  return network ? `${network.listenHost}:${portOf(topology.proxyApi)}` : topology.proxyApi;
}

/** How Prometheus (beside the proxies) reaches the proxy API. */
export function proxyApiReach(topology: Topology, network?: ContainerNetwork): string {
  return network ? `${TOXIPROXY_SERVICE}:${portOf(topology.proxyApi)}` : topology.proxyApi;
}
