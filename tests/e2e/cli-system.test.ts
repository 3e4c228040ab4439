import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Toxiproxy } from 'toxiproxy-node-client';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/cli.js';
import { lintMarkdown } from '../../src/postmortem/lint/lint.js';
import { readJournal } from '../../src/runner/journal/reader.js';
import { summariseJournal } from '../../src/runner/journal/summary.js';
import { optionalBinary } from '../helpers/binaries.js';
import { Cleanup, startTestProxyServer } from '../helpers/sockets.js';
import { eventually, isAlive } from '../helpers/system.js';

const prometheusMissing = optionalBinary('prometheus', 'apt-get install prometheus prometheus-alertmanager').skip;

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.();
});

interface UpJson {
  gateway: string;
  slo: string;
  prometheus?: string;
  proxyApi: string;
  supervisorApi: string;
  services: Array<{ name: string; url: string; metrics: string }>;
}

async function up(prometheus = '--no-prometheus'): Promise<{ endpoints: UpJson; stop: () => Promise<{ code: number | null }>; kill: () => Promise<unknown>; pids: number[] }> {
  const cli = await startCli(['up', '--ephemeral-ports', '--json', '--quiet', '--seed', '5', ...(prometheus ? [prometheus] : [])], /^(\{.*\})$/m);
  cleanups.push(() => cli.child.kill('SIGKILL'));
  const endpoints = JSON.parse(cli.match[1] as string) as UpJson;
  const services = (await (await fetch(`${endpoints.supervisorApi}/services`)).json()) as { services: Array<{ pid: number }> };
  return {
    endpoints,
    pids: services.services.map((s) => s.pid),
    stop: async () => {
      cli.child.kill('SIGTERM');
      return cli.exit;
    },
    kill: async () => {
      cli.child.kill('SIGKILL');
      return cli.exit;
    },
  };
}

describe('faultline up', () => {
  it('prints its endpoints as JSON, serves the shop, and leaves no process behind on SIGTERM', async () => {
    const system = await up();
    expect(system.endpoints.services.map((s) => s.name)).toEqual(['inventory', 'payments', 'catalog', 'orders', 'gateway']);
    expect((await fetch(`${system.endpoints.gateway}/products`)).status).toBe(200);
    expect(system.pids).toHaveLength(5);
    expect(system.pids.every(isAlive)).toBe(true);
    expect((await system.stop()).code).toBe(0);
    expect(system.pids.filter(isAlive)).toEqual([]);
    await expect(fetch(`${system.endpoints.proxyApi}/version`)).rejects.toThrow();
  }, 60_000);

  it('leaves no service behind even when the supervisor itself is killed with SIGKILL', async () => {
    const system = await up();
    expect(system.pids.every(isAlive)).toBe(true);
    await system.kill();
    await eventually(async () => system.pids.every((pid) => !isAlive(pid)), 10_000);
  }, 60_000);

  it('thaws and ends a paused service when the supervisor is killed with SIGKILL (the pause guard)', async () => {
    const system = await up();
    const payments = system.endpoints.services.find((s) => s.name === 'payments');
    expect((await fetch(`${system.endpoints.supervisorApi}/services/payments/pause`, { method: 'POST' })).status).toBe(200);
    await expect(fetch(`${payments?.url}/healthz`, { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    await system.kill();
    // A frozen process cannot notice its parent died; its guard thaws it, and then it exits like the rest.
    await eventually(async () => system.pids.every((pid) => !isAlive(pid)), 10_000);
  }, 60_000);

  it.skipIf(prometheusMissing)('runs Prometheus and Alertmanager when they are installed, and stops them with everything else', async () => {
    const system = await up('');
    expect(system.endpoints.prometheus).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${system.endpoints.prometheus}/-/ready`)).status).toBe(200);
    expect(((await (await fetch(system.endpoints.slo)).json()) as { slos: unknown[] }).slos).toHaveLength(5);
    expect((await system.stop()).code).toBe(0);
    await expect(fetch(`${system.endpoints.prometheus}/-/ready`)).rejects.toThrow();
  }, 90_000);

  it('refuses an invalid topology with its file, line and path, and starts nothing', async () => {
    const result = await runCli(['up', '--topology', 'tests/fixtures/invalid/topology-unknown-field.yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('tests/fixtures/invalid/topology-unknown-field.yaml:9:5: services.gateway.restrat: unknown field "restrat"');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('faultline apply and diff', () => {
  it('report no drift on a fresh system, find an injected toxic, repair it, and are idempotent', async () => {
    const system = await up();
    const flags = ['--ephemeral-ports', '--toxiproxy-url', system.endpoints.proxyApi, '--supervisor-url', system.endpoints.supervisorApi];
    const clean = await runCli(['diff', ...flags]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/^no drift: 5 proxies at http:\/\/127\.0\.0\.1:\d+ match services\/topology\.yaml$/m);

    const proxy = await new Toxiproxy(system.endpoints.proxyApi).get('orders_payments');
    await proxy.addToxic({ name: 'drift', type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 50, jitter: 0 } });
    const drifted = await runCli(['diff', ...flags]);
    expect(drifted.code).toBe(1);
    expect(drifted.stdout).toContain('drift  orders_payments: toxic drift (latency, downstream) is not declared');

    const applied = await runCli(['apply', ...flags]);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('repaired  orders_payments: toxic drift (latency, downstream) is not declared');
    const again = await runCli(['apply', ...flags, '--json']);
    expect(JSON.parse(again.stdout)).toEqual({ applied: [] });
    expect((await runCli(['diff', ...flags])).code).toBe(0);
    await system.stop();
  }, 60_000);

  it("compares with the compose stack's addressing under --container-network (proxies on 0.0.0.0 in Toxiproxy's container, upstreams by service name)", async () => {
    const cleanup = new Cleanup();
    try {
      // An empty proxy server: every declared proxy is missing, and the report says where each was expected.
      const server = await startTestProxyServer(cleanup);
      const compose = await runCli(['diff', '--container-network', '--toxiproxy-url', server.url, '--json']);
      expect(compose.code).toBe(1);
      const missing = (JSON.parse(compose.stdout) as { drift: Array<{ proxy: string; kind: string; declared: { listen: string; upstream: string } }> }).drift;
      expect(missing).toHaveLength(5);
      expect(missing.find((d) => d.proxy === 'orders_payments')).toEqual({ proxy: 'orders_payments', kind: 'missing', declared: { name: 'orders_payments', listen: '0.0.0.0:29104', upstream: 'payments:9104' } });
      const host = await runCli(['diff', '--toxiproxy-url', server.url, '--supervisor-url', 'http://127.0.0.1:9', '--json']);
      expect(JSON.parse(host.stdout).drift.find((d: { proxy: string }) => d.proxy === 'orders_payments').declared).toMatchObject({ listen: '127.0.0.1:29104', upstream: '127.0.0.1:9104' });
    } finally {
      await cleanup.closeAll();
    }
  });

  it('says when no Toxiproxy answers', async () => {
    const result = await runCli(['diff', '--toxiproxy-url', 'http://127.0.0.1:9', '--supervisor-url', 'http://127.0.0.1:9']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no Toxiproxy API answers at http://127.0.0.1:9');
    expect(result.stderr).toContain('[FAULTLINE_TOPOLOGY_UNREACHABLE]');
  });
});

describe('faultline start (npm start)', () => {
  it('runs the demo experiment end to end in under a minute, rolls back, and summarises the journal', async () => {
    const runsDir = mkdtempSync(join(tmpdir(), 'faultline-start-'));
    cleanups.push(() => rmSync(runsDir, { recursive: true, force: true }));
    const started = Date.now();
    const result = await runCli(['start', '--runs-dir', runsDir], { timeoutMs: 60_000 });
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Faultline demo: Payments outage$/m);
    expect(result.stdout).toMatch(/injected payments-down/);
    expect(result.stdout).toMatch(/removed payments-down \(scheduled\)/);
    expect(result.stdout).toMatch(/verdict: (HELD|DEVIATED) \(exit [01]\)/);
    const [folder] = readdirSync(runsDir);
    expect(folder).toMatch(/^\d{8}T\d{6}Z-payments-outage$/);
    const journal = readJournal(join(runsDir, folder as string, 'journal.jsonl'));
    expect(journal.torn).toBeUndefined();
    expect(summariseJournal(journal.events).faultsLeftBehind).toEqual([]);
    expect(result.stdout).toContain(`Run folder: ${join(runsDir, folder as string)}`);
    // It ends with the post-mortem draft (which passes the blameless linter) and the HTML report.
    const postmortem = join(runsDir, folder as string, 'postmortem.md');
    expect(result.stdout).toContain(`post-mortem draft: ${postmortem}`);
    expect(result.stdout).toContain(`report with charts: ${join(runsDir, folder as string, 'report.html')}`);
    expect(lintMarkdown(readFileSync(postmortem, 'utf8'))).toEqual([]);
    expect(readFileSync(join(runsDir, folder as string, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/i);
  }, 70_000);
});
