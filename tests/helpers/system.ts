import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageFile } from '../../src/core/package-root.js';
import { loadTopology } from '../../src/topology/load.js';
import { withEphemeralPorts } from '../../src/topology/model.js';
import { startSystem, type RunningSystem } from '../../src/topology/system.js';
import { startHarness, type RunningHarness } from '../../src/harness/harness.js';
import { load } from '../unit/slo/helpers.js';

/** The shipped topology on free ports, started through the same code path as `faultline up`. */
export async function startTestSystem(seed = 7): Promise<RunningSystem & { dataDir: string; logs: string[] }> {
  const topology = withEphemeralPorts(await loadTopology(packageFile('services/topology.yaml')));
  const dataDir = mkdtempSync(join(tmpdir(), 'faultline-system-'));
  const logs: string[] = [];
  const system = await startSystem({ topology, dataDir, seed, onLog: (service, line) => logs.push(`[${service}] ${line}`), onNotice: (line) => logs.push(`notice: ${line}`) });
  return {
    ...system,
    dataDir,
    logs,
    close: async () => {
      await system.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Value of one sample in Prometheus text, or 0 when absent; `labels` must all match. */
export function sample(metrics: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of metrics.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`))) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

/** Poll `check` until it returns true or the deadline passes (for state that settles on its own). */
export async function eventually(check: () => Promise<boolean>, deadlineMs = 10_000, everyMs = 50): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`condition not met within ${deadlineMs} ms`);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The shipped topology on free ports with the shipped SLOs evaluated live, through the code path of `faultline up`. */
export async function startTestHarness(options: { seed?: number; timeScale?: number; prometheus?: 'on' | 'off' } = {}): Promise<RunningHarness & { dataDir: string; logs: string[] }> {
  const topology = withEphemeralPorts(await loadTopology(packageFile('services/topology.yaml')));
  const slos = load(readFileSync(packageFile('slo/shop.yaml'), 'utf8'));
  const dataDir = mkdtempSync(join(tmpdir(), 'faultline-harness-'));
  const logs: string[] = [];
  const harness = await startHarness({
    topology,
    slos,
    ...(options.timeScale !== undefined ? { timeScale: options.timeScale } : {}),
    ...(options.prometheus ? { prometheus: options.prometheus } : {}),
    dataDir,
    seed: options.seed ?? 7,
    onLog: (service, line) => logs.push(`[${service}] ${line}`),
    onNotice: (line) => logs.push(`notice: ${line}`),
  });
  return {
    ...harness,
    dataDir,
    logs,
    close: async () => {
      await harness.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
