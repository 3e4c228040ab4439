import { FaultlineError } from '../core/errors.js';
import type { ManagedChild } from './child-process.js';

/**
 * Prometheus and Alertmanager both answer `GET /-/ready` with 200 once they serve (Prometheus: once
 * its TSDB, backfilled blocks included, is open). Poll it until a deadline; a child that exits first,
 * or logs a fatal line, fails at once, with what it last logged, instead of making the caller wait
 * out the deadline (or, worse, taking the answer of whatever else holds the port).
 */

export interface ReadyOptions {
  timeoutMs: number;
  /** Between attempts; short, since Prometheus is usually ready within a second. */
  intervalMs?: number;
}

export async function waitUntilReady(child: ManagedChild, baseUrl: string, options: ReadyOptions): Promise<void> {
  const intervalMs = options.intervalMs ?? 100;
  const deadline = performance.now() + options.timeoutMs;
  for (;;) {
    if (child.fatalLine !== undefined) throw startError(child, `${child.name} cannot serve ${baseUrl}${child.running ? '' : ` (${child.describeExit()})`}`);
    if (!child.running) throw startError(child, `${child.name} exited before it was ready (${child.describeExit()})`);
    const ok = await fetch(`${baseUrl}/-/ready`, { signal: AbortSignal.timeout(1_000) }).then(
      async (response) => {
        await response.arrayBuffer();
        return response.ok;
      },
      () => false,
    );
    if (ok) return;
    const left = deadline - performance.now();
    if (left <= 0) throw startError(child, `${child.name} did not answer ${baseUrl}/-/ready within ${options.timeoutMs / 1000} s`);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([child.exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.min(intervalMs, left))))]);
    clearTimeout(timer);
  }
}

export function startError(child: ManagedChild, message: string): FaultlineError {
  const tail = child.tail();
  const logged = tail.length > 0 ? `; its last lines:\n${tail.map((line) => `  ${line}`).join('\n')}` : '';
  return new FaultlineError('FAULTLINE_PROMETHEUS_START', `${message}${logged}`, { process: child.name, exit: child.describeExit(), tail });
}
