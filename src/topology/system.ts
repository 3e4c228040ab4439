import { mkdir } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { systemClock, type Clock } from '../core/clock.js';
import { silentLogger, type Logger } from '../core/logger.js';
import { packageFile } from '../core/package-root.js';
import { freshSeed } from '../core/random.js';
import type { ServiceName } from '../core/service-contract.js';
import { startProxyServer, type RunningProxyServer } from '../proxy/server.js';
import { buildSupervisorApi } from './admin-api.js';
import { splitAddress } from './host-port.js';
import type { Topology } from './model.js';
import { applyProxies, desiredProxies } from './reconcile.js';
import { Supervisor, type ServiceStatus } from './supervisor.js';

export interface SystemOptions {
  topology: Topology;
  /** Use this Toxiproxy API instead of starting the embedded proxy (e.g. the real one in docker-compose). */
  toxiproxyUrl?: string;
  /** Folder for services' files (orders' SQLite); in memory when absent. */
  dataDir?: string;
  seed?: number;
  serviceLogLevel?: string;
  clock?: Clock;
  logger?: Logger;
  onLog?(service: ServiceName, line: string, stream: 'stdout' | 'stderr'): void;
  onNotice?(message: string): void;
  /** `direct` skips the proxies (for bench/system's baseline only). */
  wiring?: 'proxied' | 'direct';
  /** Add routes to the harness API (the supervisor's admin server) before it listens: /metrics, /slo, alert webhooks. */
  extendApi?(app: FastifyInstance): void | Promise<void>;
}

export interface Endpoints {
  gateway: string;
  proxyApi: string;
  supervisorApi: string;
  services: Array<{ name: ServiceName; url: string; metrics: string }>;
}

export interface RunningSystem {
  topology: Topology;
  supervisor: Supervisor;
  endpoints: Endpoints;
  seed: number;
  /** Stop every service and proxy and close every port this system opened. */
  close(): Promise<void>;
}

/**
 * `faultline up` as a function: the embedded proxy (unless an external Toxiproxy is given), every
 * service as a child process wired through its proxies, and the supervisor's admin API. Tests and
 * the CLI share this one code path. On a failure half-way, everything already started is stopped.
 */
export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const clock = options.clock ?? systemClock;
  const seed = options.seed ?? freshSeed();
  const { topology } = options;
  const cleanups: Array<() => Promise<void>> = [];
  const close = async () => {
    while (cleanups.length > 0) await cleanups.pop()?.();
  };
  try {
    if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
    let proxyServer: RunningProxyServer | undefined;
    if (!options.toxiproxyUrl) {
      const { host, port } = splitAddress(topology.proxyApi);
      proxyServer = await startProxyServer({ host, port, seed, clock, logger: options.logger ?? silentLogger() });
      cleanups.push(() => (proxyServer as RunningProxyServer).close());
    }
    const proxyApiUrl = options.toxiproxyUrl ?? (proxyServer as RunningProxyServer).url;
    const supervisor = new Supervisor({
      topology,
      proxyApiUrl,
      entryFor: (name) => packageFile(`dist/services/${name}/server.js`),
      pauseGuardEntry: packageFile('dist/src/topology/pause-guard.js'),
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      seed,
      ...(options.serviceLogLevel ? { logLevel: options.serviceLogLevel } : {}),
      clock,
      onLog: options.onLog ?? (() => {}),
      ...(options.onNotice ? { onNotice: options.onNotice } : {}),
      wiring: options.wiring ?? 'proxied',
    });
    cleanups.push(() => supervisor.stop());
    await supervisor.start();
    // Every proxy exists by now; one more pass proves the whole declaration holds.
    if (options.wiring !== 'direct') await applyProxies(proxyApiUrl, desiredProxies(topology, (name) => supervisor.addressOf(name)));

    const admin: FastifyInstance = buildSupervisorApi(supervisor);
    await options.extendApi?.(admin);
    const { host: adminHost, port: adminPort } = splitAddress(topology.supervisorAdmin);
    await admin.listen({ host: adminHost, port: adminPort });
    cleanups.push(() => admin.close());
    const adminAddress = admin.server.address();
    const supervisorApi = `http://${adminHost}:${typeof adminAddress === 'object' && adminAddress ? adminAddress.port : adminPort}`;

    return { topology, supervisor, seed, endpoints: endpointsOf(supervisor.list(), proxyApiUrl, supervisorApi), close };
  } catch (error) {
    await close();
    throw error;
  }
}

function endpointsOf(services: ServiceStatus[], proxyApi: string, supervisorApi: string): Endpoints {
  const gateway = services.find((s) => s.public)?.url ?? services[services.length - 1]?.url ?? '';
  return { gateway, proxyApi, supervisorApi, services: services.map((s) => ({ name: s.name, url: s.url, metrics: `${s.url}/metrics` })) };
}

