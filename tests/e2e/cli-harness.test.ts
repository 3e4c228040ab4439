import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/cli.js';
import { unusedPort } from '../helpers/data-plane.js';
import { sample } from '../helpers/system.js';

/**
 * `faultline harness` as a user runs it from the built CLI: its help names its options; an address
 * already taken is refused with FAULTLINE_HARNESS_LISTEN and no stack trace; and a harness on port 0
 * prints its URL, answers /healthz, /slo and /metrics, and exits 0 on SIGTERM.
 */

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

/** A loopback listener on a free port, kept open by the test (closed after it). */
async function occupiedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as { port: number }).port;
}


describe('faultline harness', () => {
  it('--help names its options and exits 0', async () => {
    const result = await runCli(['harness', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: faultline harness');
    for (const option of ['--container-network', '--listen <host:port>', '--toxiproxy-url <url>', '--topology <file>', '--slo <files...>', '--time-scale <K>']) {
      expect(result.stdout, option).toContain(option);
    }
  });

  it('refuses an address already taken with FAULTLINE_HARNESS_LISTEN, a message and no stack trace', async () => {
    const port = await occupiedPort();
    const result = await runCli(['harness', '--listen', `127.0.0.1:${port}`, '--toxiproxy-url', `http://127.0.0.1:${await unusedPort()}`]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`the harness cannot listen on 127.0.0.1:${port}`);
    expect(result.stderr).toContain('[FAULTLINE_HARNESS_LISTEN]');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints its URL when started on port 0, serves /healthz, /slo and /metrics, and exits 0 on SIGTERM', async () => {
    const toxiproxyUrl = `http://127.0.0.1:${await unusedPort()}`;
    const cli = await startCli(['harness', '--listen', '127.0.0.1:0', '--time-scale', '720', '--toxiproxy-url', toxiproxyUrl], /^faultline harness: judging (\d+) SLOs at (\d+)× on (http:\/\/127\.0\.0\.1:(\d+)) \(\/metrics, \/slo, \/alerts\)$/m);
    cleanups.push(() => {
      cli.child.kill('SIGKILL');
    });
    const [, slos, scale, url, port] = cli.match;
    expect(Number(slos)).toBe(5);
    expect(Number(scale)).toBe(720);
    expect(Number(port)).toBeGreaterThan(0);

    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const budgets = (await (await fetch(`${url}/slo`)).json()) as { slos: Array<{ id: string; timeScale: number }> };
    expect(budgets.slos).toHaveLength(5);
    expect(budgets.slos.every((s) => s.timeScale === 720)).toBe(true);
    // Nothing answers at --toxiproxy-url, and the metrics say so rather than showing proxies.
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/^faultline_harness_toxiproxy_up 0$/m);
    expect(sample(metrics, 'faultline_proxy_enabled')).toBe(0);
    expect((await fetch(`${url}/services`)).status).toBe(404);

    cli.child.kill('SIGTERM');
    const exit = await cli.exit;
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.stderr).toBe('');
    expect(exit.stdout).toContain('faultline harness: SIGTERM received: closing every listener and connection');
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  }, 30_000);
});
