import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/cli.js';
import { Cleanup, startEchoServer } from '../helpers/sockets.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.closeAll());

function tempFile(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'faultline-cli-')), name);
  writeFileSync(path, content);
  return path;
}

function canConnect(address: string): Promise<boolean> {
  const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.slice(address.lastIndexOf(':') + 1))];
  return new Promise((resolve) => {
    const socket = connect({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

describe('faultline --help', () => {
  it('lists the commands and exits 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/proxy \[options\]/);
    expect(result.stdout).toMatch(/demo \[options\]/);
  });

  it('explains the proxy command and its defaults', async () => {
    const result = await runCli(['proxy', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/--host <address>.*\(default: "127\.0\.0\.1"\)/);
    expect(result.stdout).toMatch(/--port <port>.*\(default: 8474\)/);
    expect(result.stdout).toMatch(/--config <file>/);
  });
});

describe('faultline proxy with bad input', () => {
  it.each([
    [['proxy', '--port', 'abc'], /--port must be a whole number from 0 to 65535, got "abc" \[FAULTLINE_CLI_BAD_OPTION\]/],
    [['proxy', '--seed', '-1'], /error: option '--seed <n>' argument missing|--seed must be a non-negative whole number/],
    [['proxy', '--config', '/nonexistent/proxies.json'], /\/nonexistent\/proxies\.json: cannot read the proxies file.*\[FAULTLINE_CONFIG_READ\]/],
    [['bogus'], /unknown command 'bogus'/],
  ])('%j exits 2 with a message and no stack trace', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('names the file and every bad entry of an invalid --config', async () => {
    const file = tempFile('proxies.json', JSON.stringify([{ name: 'ok', upstream: '127.0.0.1:1' }, { listen: '127.0.0.1:0', upstream: '127.0.0.1:2' }, { name: 'x', upstream: 'nocolon' }]));
    const result = await runCli(['proxy', '--port', '0', '--config', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}: invalid proxies file`);
    expect(result.stderr).toContain('$[1].name: missing required field');
    expect(result.stderr).toContain('$[2]: upstream address nocolon: missing port in address');
    expect(result.stderr).toContain('[FAULTLINE_CONFIG_INVALID]');
  });

  it('refuses a config that is not JSON', async () => {
    const file = tempFile('proxies.json', '[{"name":');
    const result = await runCli(['proxy', '--port', '0', '--config', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/proxies\.json: invalid proxies file:\n {2}- \$: not valid JSON/);
  });
});

describe('faultline proxy', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('serves proxies from --config and closes every listener on %s', async (signal) => {
    const upstream = await startEchoServer(cleanup);
    const file = tempFile('proxies.json', JSON.stringify([{ name: 'echo', listen: '127.0.0.1:0', upstream: `127.0.0.1:${upstream}` }]));
    const cli = await startCli(['proxy', '--port', '0', '--config', file, '--seed', '7'], /API on (http:\/\/127\.0\.0\.1:\d+) \(seed 7, 1 proxies from config\)/);
    cleanup.add(() => {
      cli.child.kill('SIGKILL');
    });
    const api = cli.match[1] as string;
    const proxy = (await (await fetch(`${api}/proxies/echo`)).json()) as { listen: string; enabled: boolean };
    expect(proxy.enabled).toBe(true);
    expect(await canConnect(proxy.listen)).toBe(true);

    cli.child.kill(signal);
    const result = await cli.exit;
    expect(result.code).toBe(0);
    expect(await canConnect(proxy.listen)).toBe(false);
    expect(await canConnect(api.replace('http://', ''))).toBe(false);
  });

  it('exits 1 with Go-style wording when the API port is taken', async () => {
    const first = await startCli(['proxy', '--port', '0'], /API on http:\/\/127\.0\.0\.1:(\d+)/);
    cleanup.add(() => {
      first.child.kill('SIGKILL');
    });
    const result = await runCli(['proxy', '--port', first.match[1] as string]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/EADDRINUSE/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('faultline demo --once', () => {
  it('shows each fault changing what a caller sees, then stops', async () => {
    const result = await runCli(['demo', '--once', '--port', '0'], { timeoutMs: 30_000 });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/no fault\s+10 ok\s+0 failed/);
    expect(result.stdout).toMatch(/latency 200 ms ± 20 ms \(downstream\)\s+10 ok\s+0 failed\s+median (\d+)\.\d ms/);
    const latency = Number(/latency 200 ms.*median (\d+)\.\d ms/.exec(result.stdout)?.[1]);
    expect(latency).toBeGreaterThanOrEqual(170);
    expect(result.stdout).toMatch(/reset_peer.*\s0 ok\s+10 failed/);
    expect(result.stdout).toMatch(/proxy disabled \(outage\)\s+0 ok\s+10 failed/);
    expect(result.stdout).toMatch(/proxy re-enabled \(recovered\)\s+10 ok\s+0 failed/);
  });
});
