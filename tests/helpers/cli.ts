import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Run the built CLI to completion. */
export function runCli(args: string[], options: { timeoutMs?: number } = {}): Promise<CliResult> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1' } });
  return collect(child, options.timeoutMs ?? 20_000);
}

/** Start the CLI and resolve once its standard output matches `ready`. */
export function startCli(args: string[], ready: RegExp): Promise<{ child: ChildProcessWithoutNullStreams; match: RegExpMatchArray; output: () => string; exit: Promise<CliResult> }> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1' } });
  const exit = collect(child, 60_000);
  let stdout = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = stdout.match(ready);
      if (match) resolve({ child, match, output: () => stdout, exit });
    });
    exit.then((result) => reject(new Error(`CLI exited before it was ready: ${JSON.stringify(result)}`)));
  });
}

function collect(child: ChildProcessWithoutNullStreams, timeoutMs: number): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
