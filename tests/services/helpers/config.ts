import { createServer, type AddressInfo } from 'node:net';
import type { DependencyRuntime, ResiliencePolicy, ServiceName, ServiceRuntimeConfig } from '../../../src/core/service-contract.js';

/** A runtime config as the supervisor would send it, on loopback port 0. */
export function serviceConfig(name: ServiceName, dependencies: ServiceRuntimeConfig['dependencies'] = {}, extra: Partial<ServiceRuntimeConfig> = {}): ServiceRuntimeConfig {
  return { name, host: '127.0.0.1', port: 0, dependencies, seed: 42, ...extra };
}

export function dependency(url: string, policy: ResiliencePolicy = {}, required = true): DependencyRuntime {
  return { url, required, policy };
}

/** A loopback URL nothing listens on: a port the OS just handed out, closed again (connections are refused). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
