import type { Clock } from '../core/clock.js';
import { EventLog } from '../core/event-log.js';
import { LeaseBook, type Lease } from '../core/leases.js';
import type { DependencyRuntime, ServiceName, ServiceRuntimeConfig } from '../core/service-contract.js';
import type { ServiceModel, Topology } from './model.js';
import { applyProxies, desiredProxies, liveListens } from './reconcile.js';
import { ServiceProcess, type ProcessState } from './service-process.js';

export type SupervisorEventType = 'service.started' | 'service.stopped' | 'service.crashed' | 'service.restarted' | 'service.killed' | 'service.paused' | 'service.resumed';

export interface SupervisorOptions {
  topology: Topology;
  /** The Toxiproxy API that carries the topology's proxies. */
  proxyApiUrl: string;
  /** The built entry file of a service (dist/services/<name>/server.js). */
  entryFor(service: ServiceName): string;
  dataDir?: string;
  seed: number;
  logLevel?: string;
  clock: Clock;
  onLog(service: ServiceName, line: string, stream: 'stdout' | 'stderr'): void;
  /** Told about crashes and restarts, for the console. */
  onNotice?(message: string): void;
  /**
   * `direct` wires services straight to each other, with no proxy: only for measuring what the
   * proxies cost (bench/system); faults cannot be injected into a direct system.
   */
  wiring?: 'proxied' | 'direct';
  /** The built pause guard, which thaws a paused service if the supervisor dies (src/topology/pause-guard.ts). */
  pauseGuardEntry?: string;
}

/** A pause that ends by itself unless its holder (a runner) renews it: a dead runner cannot leave a service frozen. */
export interface PauseLease {
  service: ServiceName;
  holder: string;
  ttlMs: number;
  expiresAt: string;
}

function pauseLease({ key, holder, ttlMs, expiresAt }: Lease<ServiceName>): PauseLease {
  return { service: key, holder, ttlMs, expiresAt };
}

export interface ServiceStatus {
  name: ServiceName;
  state: ProcessState;
  pid: number | null;
  url: string;
  restarts: number;
  public: boolean;
}

/** A crash loop is left down: more than this many crashes within CRASH_WINDOW_MS stops restarts. */
const MAX_CRASHES = 5;
const CRASH_WINDOW_MS = 60_000;
const RESTART_DELAY_MS = 500;

/**
 * Starts the topology's services as child processes in dependency order, wiring each dependency
 * through its proxy, restarts crashed services as the topology says, and offers the process faults
 * experiments use (kill, pause, resume, restart). Every action is an event with a timestamp.
 */
export class Supervisor {
  readonly events: EventLog<SupervisorEventType>;
  private readonly processes = new Map<ServiceName, ServiceProcess>();
  private readonly crashes = new Map<ServiceName, number[]>();
  /** Pause leases by service; a lapsed one resumes its service. */
  private readonly leases: LeaseBook<ServiceName>;
  private stopping = false;

  constructor(private readonly options: SupervisorOptions) {
    this.events = new EventLog(options.clock);
    this.leases = new LeaseBook<ServiceName>(options.clock, (lease) => this.resume(lease.key, 'lease expired'));
  }

  async start(): Promise<void> {
    for (const service of this.options.topology.services) {
      const dependencies = await this.wireDependencies(service);
      const process = new ServiceProcess(service.name, this.options.entryFor(service.name), this.configFor(service, dependencies), {
        log: this.options.onLog,
        exited: (name, code, signal) => void this.onCrash(name, code, signal),
      }, this.options.pauseGuardEntry);
      this.processes.set(service.name, process);
      await process.start();
      this.events.record('service.started', { service: service.name, detail: { pid: process.pid, port: process.port } });
    }
  }

  /** Stop every service, callers first, so no service sees its dependency vanish mid-shutdown. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.leases.clear();
    for (const process of [...this.processes.values()].reverse()) {
      await process.stop();
      this.events.record('service.stopped', { service: process.name });
    }
  }

  list(): ServiceStatus[] {
    return this.options.topology.services.map((service) => {
      const process = this.processes.get(service.name);
      return { name: service.name, state: process?.state ?? 'stopped', pid: process?.pid ?? null, url: process?.url ?? '', restarts: process?.restarts ?? 0, public: service.public };
    });
  }

  /** Where a running service listens (host:port), for proxies' upstreams. */
  addressOf(name: ServiceName): string | undefined {
    const process = this.processes.get(name);
    return process ? process.url.replace(/^http:\/\//, '') : undefined;
  }

  has(name: string): name is ServiceName {
    return this.processes.has(name as ServiceName);
  }

  async kill(name: ServiceName): Promise<void> {
    this.leases.release(name);
    await this.get(name).kill();
    this.events.record('service.killed', { service: name, detail: { signal: 'SIGKILL' } });
  }

  /** SIGSTOP the service; with a lease, it resumes by itself unless the holder renews in time. */
  async pause(name: ServiceName, lease?: { holder: string; ttlMs: number }): Promise<boolean> {
    const changed = await this.get(name).pause();
    if (!changed) return false;
    this.events.record('service.paused', { service: name, detail: { signal: 'SIGSTOP', ...(lease ? { holder: lease.holder, ttl_ms: lease.ttlMs } : {}) } });
    if (lease) this.leases.set(name, lease.ttlMs, lease.holder);
    return true;
  }

  resume(name: ServiceName, reason?: string): boolean {
    this.leases.release(name);
    const changed = this.get(name).resume();
    if (changed) this.events.record('service.resumed', { service: name, detail: { signal: 'SIGCONT', ...(reason ? { reason } : {}) } });
    return changed;
  }

  /** Renew every pause lease of a holder (the runner calls this every second). */
  renewLeases(holder: string, ttlMs?: number): PauseLease[] {
    return this.leases.renewHolder(holder, ttlMs).map(pauseLease);
  }

  pauseLeases(): PauseLease[] {
    return this.leases.list().map(pauseLease);
  }

  async restart(name: ServiceName): Promise<void> {
    const process = this.get(name);
    // A restart ends any pause: its lease must not later resume a pause it does not own.
    this.leases.release(name);
    if (process.state === 'stopped' || process.state === 'crashed') await process.start();
    else await process.restart();
    this.events.record('service.restarted', { service: name, detail: { pid: process.pid, port: process.port } });
  }

  /** Undo every process fault: resume what is paused, start what is down (the big red button). */
  async restoreAll(): Promise<ServiceName[]> {
    const restored: ServiceName[] = [];
    for (const process of this.processes.values()) {
      if (process.state === 'paused') this.resume(process.name);
      else if (process.state === 'stopped' || process.state === 'crashed') await this.restart(process.name);
      else continue;
      restored.push(process.name);
    }
    return restored;
  }

  private get(name: ServiceName): ServiceProcess {
    const process = this.processes.get(name);
    if (!process) throw new Error(`unknown service "${name}"`);
    return process;
  }

  /** Create or repair the proxies this service calls through, and return the URLs to call. */
  private async wireDependencies(service: ServiceModel): Promise<Partial<Record<ServiceName, DependencyRuntime>>> {
    if (service.dependencies.length === 0) return {};
    if (this.options.wiring === 'direct') {
      return Object.fromEntries(service.dependencies.map((d) => [d.service, { url: `http://${this.addressOf(d.service)}`, required: d.required, policy: d.policy }]));
    }
    const own: Topology = { ...this.options.topology, services: [service] };
    await applyProxies(this.options.proxyApiUrl, desiredProxies(own, (name) => this.addressOf(name)));
    const listens = await liveListens(this.options.proxyApiUrl);
    const wired: Partial<Record<ServiceName, DependencyRuntime>> = {};
    for (const dependency of service.dependencies) {
      wired[dependency.service] = { url: `http://${listens.get(dependency.proxy.name)}`, required: dependency.required, policy: dependency.policy };
    }
    return wired;
  }

  private configFor(service: ServiceModel, dependencies: Partial<Record<ServiceName, DependencyRuntime>>): ServiceRuntimeConfig {
    return {
      name: service.name,
      host: service.host,
      port: service.port,
      dependencies,
      ...(this.options.dataDir ? { dataDir: this.options.dataDir } : {}),
      seed: this.options.seed,
      ...(this.options.logLevel ? { logLevel: this.options.logLevel } : {}),
    };
  }

  private async onCrash(name: ServiceName, code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    if (this.stopping) return;
    const how = signal ?? `exit code ${code}`;
    this.events.record('service.crashed', { service: name, detail: { code, signal } });
    const service = this.options.topology.services.find((s) => s.name === name);
    const now = this.options.clock.now();
    const recent = [...(this.crashes.get(name) ?? []), now].filter((at) => now - at < CRASH_WINDOW_MS);
    this.crashes.set(name, recent);
    if (!service || service.restart === 'never') {
      this.options.onNotice?.(`${name} exited unexpectedly (${how}); restart policy is "never", leaving it down`);
      return;
    }
    if (recent.length > MAX_CRASHES) {
      this.options.onNotice?.(`${name} crashed ${recent.length} times in a minute (${how}); not restarting it again`);
      return;
    }
    this.options.onNotice?.(`${name} exited unexpectedly (${how}); restarting it`);
    await new Promise<void>((resolve) => this.options.clock.setTimer(resolve, RESTART_DELAY_MS));
    if (this.stopping) return;
    try {
      await this.restart(name);
    } catch (error) {
      this.options.onNotice?.(`${name} could not be restarted: ${(error as Error).message}`);
    }
  }
}
