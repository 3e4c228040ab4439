import { fork, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { SERVICE_CONFIG_ENV, type ServiceMessage, type ServiceName, type ServiceRuntimeConfig } from '../core/service-contract.js';

export type ProcessState = 'starting' | 'running' | 'paused' | 'stopped' | 'crashed';

export interface ServiceProcessEvents {
  /** A line the service wrote to standard output or standard error. */
  log(service: ServiceName, line: string, stream: 'stdout' | 'stderr'): void;
  /** The process ended without being asked to (crash, or killed from outside). */
  exited(service: ServiceName, code: number | null, signal: NodeJS.Signals | null): void;
}

/** How long a service may take to report readiness, and to stop after SIGTERM, before we give up on it. */
const READY_TIMEOUT_MS = 20_000;
const STOP_GRACE_MS = 5_000;

/**
 * One service running as its own child process, so process faults are real: SIGKILL kills it,
 * SIGSTOP freezes it mid-request, SIGCONT thaws it. The service reports its port over IPC once it
 * listens (port 0 picks a free one); a restart reuses that port so proxies keep pointing at it.
 */
export class ServiceProcess {
  state: ProcessState = 'stopped';
  port: number;
  pid: number | undefined;
  restarts = 0;
  startedAt: number | undefined;
  private child: ChildProcess | undefined;
  private guard: ChildProcess | undefined;
  private expectingExit = false;

  constructor(
    readonly name: ServiceName,
    private readonly entry: string,
    private config: ServiceRuntimeConfig,
    private readonly events: ServiceProcessEvents,
    /** The built pause guard (dist/src/topology/pause-guard.js); without it a pause is unguarded. */
    private readonly pauseGuardEntry?: string,
  ) {
    this.port = config.port;
  }

  get url(): string {
    const host = this.config.host.includes(':') ? `[${this.config.host}]` : this.config.host;
    return `http://${host}:${this.port}`;
  }

  /** Fork the process and resolve once it listens; reject (and kill it) if it fails or is too slow. */
  async start(): Promise<void> {
    const config = { ...this.config, port: this.port };
    const child = fork(this.entry, [], {
      env: { ...process.env, [SERVICE_CONFIG_ENV]: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // Its own process group: a Ctrl-C at the terminal reaches only the supervisor, which then
      // stops services callers-first instead of all of them dying at once. A service whose
      // supervisor dies still exits, on the IPC channel closing.
      detached: true,
    });
    this.child = child;
    this.pid = child.pid;
    this.state = 'starting';
    this.expectingExit = false;
    for (const stream of ['stdout', 'stderr'] as const) {
      const source = child[stream];
      if (source) createInterface({ input: source }).on('line', (line) => this.events.log(this.name, line, stream));
    }
    try {
      this.port = await waitForReady(child, this.name);
    } catch (error) {
      this.expectingExit = true;
      child.kill('SIGKILL');
      this.state = 'crashed';
      throw error;
    }
    this.state = 'running';
    this.startedAt = Date.now();
    child.once('exit', (code, signal) => {
      if (this.child !== child) return;
      this.child = undefined;
      this.pid = undefined;
      if (this.expectingExit) {
        this.state = 'stopped';
        return;
      }
      this.state = 'crashed';
      this.events.exited(this.name, code, signal);
    });
  }

  /** SIGTERM, then SIGKILL if it has not exited within the grace period. Resumes a paused process first. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) {
      this.state = 'stopped';
      return;
    }
    this.expectingExit = true;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    if (this.state === 'paused') child.kill('SIGCONT');
    this.releaseGuard();
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
    this.state = 'stopped';
  }

  /** SIGKILL: the process dies at once, mid-request, as in a real crash. No restart follows. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.expectingExit = true;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    this.releaseGuard();
    await exited;
    this.state = 'stopped';
  }

  /**
   * SIGSTOP, guarded: the pause guard is armed first, so from the moment the service is frozen,
   * the supervisor dying (even by SIGKILL) thaws it.
   */
  async pause(): Promise<boolean> {
    if (!this.child || this.state !== 'running') return false;
    const child = this.child;
    if (this.pauseGuardEntry && child.pid) this.guard = await armGuard(this.pauseGuardEntry, child.pid);
    if (this.child !== child || this.state !== 'running') {
      this.releaseGuard();
      return false;
    }
    child.kill('SIGSTOP');
    this.state = 'paused';
    return true;
  }

  resume(): boolean {
    if (!this.child || this.state !== 'paused') return false;
    this.child.kill('SIGCONT');
    this.state = 'running';
    this.releaseGuard();
    return true;
  }

  private releaseGuard(): void {
    const guard = this.guard;
    this.guard = undefined;
    if (guard?.connected) guard.send('release');
  }

  async restart(): Promise<void> {
    await this.stop();
    this.restarts++;
    await this.start();
  }
}

/** Fork the pause guard for a pid and wait until it holds its IPC channel. */
function armGuard(entry: string, pid: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const guard = fork(entry, [String(pid)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const onExit = (code: number | null) => reject(new Error(`the pause guard exited before arming (exit code ${code})`));
    guard.once('exit', onExit);
    guard.once('error', reject);
    guard.once('message', () => {
      guard.off('exit', onExit);
      // The guard must never keep the supervisor alive, and never outlive its purpose unnoticed.
      guard.unref();
      guard.channel?.unref();
      resolve(guard);
    });
  });
}

function waitForReady(child: ChildProcess, name: ServiceName): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`${name} did not report ready within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
    const onMessage = (message: ServiceMessage) => {
      if (message?.type === 'ready') finish(undefined, message.port);
      else if (message?.type === 'failed') finish(new Error(`${name} failed to start: ${message.message}`));
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => finish(new Error(`${name} exited before it was ready (${signal ?? `exit code ${code}`})`));
    const finish = (error?: Error, port?: number) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(port as number);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
