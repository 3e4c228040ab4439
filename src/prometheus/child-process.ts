import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { onPath } from './binaries.js';

/**
 * One long-running child (Prometheus or Alertmanager) that must not outlive Faultline. Three layers,
 * because each covers a death the others miss:
 * - it stays in Faultline's process group (unlike the services, which the supervisor stops one by
 *   one), so a Ctrl-C at the terminal reaches it even if Faultline hangs;
 * - an `exit` hook SIGKILLs it when Faultline exits without closing the stack (an uncaught error,
 *   `process.exit()`);
 * - on Linux it is started through util-linux's `setpriv --pdeathsig KILL`, so the kernel kills it
 *   when Faultline itself is SIGKILLed (OOM killer, a test runner's timeout), where no hook runs.
 *   setpriv execs the binary, so the pid is Prometheus' own.
 */

export interface ChildOptions {
  /** For messages: `prometheus`, `alertmanager`. */
  name: string;
  command: string;
  args: readonly string[];
  onLine(line: string, stream: 'stdout' | 'stderr'): void;
  /** A log line that means the child is of no use even if it keeps running (see `fatalLine`). */
  fatal?: RegExp;
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the binary could not be started at all (ENOENT, EACCES). */
  error?: Error;
}

/** Lines kept for error messages: enough for Go's usual fatal "msg=... err=..." and its context. */
const TAIL_LINES = 20;

const living = new Set<ChildProcess>();
let exitHookInstalled = false;

export class ManagedChild {
  readonly name: string;
  readonly pid: number | undefined;
  /** Settles once when the process has ended (never rejects). */
  readonly exited: Promise<ChildExit>;
  /** Set by stop(): an exit after it is expected, not news. */
  stopping = false;
  /**
   * The first line matching `fatal`. Alertmanager 0.25 logs `Listen error ... address already in
   * use` and keeps running without a web server (checked), so its exit cannot be waited for.
   */
  fatalLine: string | undefined;
  private result: ChildExit | undefined;
  private readonly lines: string[] = [];
  private readonly child: ChildProcess;

  constructor(options: ChildOptions) {
    this.name = options.name;
    const wrapper = parentDeathWrapper();
    const [command, args] = wrapper ? [wrapper, ['--pdeathsig', 'KILL', '--', options.command, ...options.args]] : [options.command, [...options.args]];
    this.child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.pid = this.child.pid;
    installExitHook();
    living.add(this.child);
    for (const stream of ['stdout', 'stderr'] as const) {
      const source = this.child[stream];
      if (!source) continue;
      createInterface({ input: source }).on('line', (line) => {
        this.lines.push(line);
        if (this.fatalLine === undefined && options.fatal?.test(line)) this.fatalLine = line;
        if (this.lines.length > TAIL_LINES) this.lines.shift();
        options.onLine(line, stream);
      });
    }
    this.exited = new Promise((resolve) => {
      const settle = (result: ChildExit) => {
        if (this.result) return;
        this.result = result;
        living.delete(this.child);
        resolve(result);
      };
      this.child.once('exit', (code, signal) => settle({ code, signal }));
      this.child.once('error', (error) => settle({ code: null, signal: null, error }));
    });
  }

  get running(): boolean {
    return this.result === undefined;
  }

  /** The last lines it wrote, oldest first. */
  tail(): string[] {
    return [...this.lines];
  }

  /** How it ended, for messages: `exit code 1`, `signal SIGKILL`, or the spawn error. */
  describeExit(): string {
    const result = this.result;
    if (!result) return 'still running';
    if (result.error) return result.error.message;
    return result.signal ? `signal ${result.signal}` : `exit code ${result.code}`;
  }

  /** SIGTERM (both binaries then shut down cleanly), SIGKILL if it is still there after `graceMs`. */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    if (!this.running) return;
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), graceMs);
    });
    const outcome = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    if (outcome === 'late') {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' handlers must be synchronous; kill() is.
  process.on('exit', () => {
    for (const child of living) child.kill('SIGKILL');
  });
}

let wrapperProbe: { path: string | undefined } | undefined;

/** `setpriv` when it exists and knows --pdeathsig (util-linux 2.33+, Linux only); probed once. */
function parentDeathWrapper(): string | undefined {
  if (!wrapperProbe) {
    const path = process.platform === 'linux' ? onPath('setpriv') : undefined;
    const knows = path !== undefined && /--pdeathsig/.test(spawnSync(path, ['--help'], { encoding: 'utf8' }).stdout ?? '');
    wrapperProbe = { path: knows ? path : undefined };
  }
  return wrapperProbe.path;
}
