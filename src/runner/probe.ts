import type { ProbeResult } from './checks.js';

/** One HTTP probe of the steady state: a GET of a path on the entry point (or a loopback URL), judged by its status. */
export async function probeOnce(gatewayUrl: string, target: { path: string } | { url: string }, expectStatus: readonly number[], timeoutMs: number): Promise<ProbeResult> {
  const url = 'url' in target ? target.url : `${gatewayUrl}${target.path}`;
  const started = performance.now();
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    return { ok: expectStatus.includes(response.status), status: response.status, latencyMs };
  } catch (error) {
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : ((error as Error).cause as Error | undefined)?.message ?? (error as Error).message;
    return { ok: false, latencyMs, error: reason };
  }
}
