import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Command } from 'commander';
import { Toxiproxy, type Latency } from 'toxiproxy-node-client';
import { silentLogger } from '../core/logger.js';
import { startProxyServer, type RunningProxyServer } from '../proxy/server.js';
import { parsePort } from './options.js';
import { closeOnSignals } from './shutdown.js';

interface DemoOptions {
  port: number;
  once?: boolean;
}

interface Sample {
  ok: number;
  failed: number;
  medianMs: number;
}

/**
 * `npm start`: a real, self-explaining tour of the fault proxy. It starts a small HTTP service, puts
 * a proxy in front of it, injects faults through the Toxiproxy API with the same client the
 * experiment runner uses, measures what a caller sees, and then leaves everything running for the
 * user to try by hand.
 */
export function demoCommand(): Command {
  return new Command('demo')
    .description('Start the fault proxy in front of a demo HTTP service and show what each fault does')
    .option('--port <port>', 'control API port (falls back to a free port when 8474 is taken)', parsePort, 8474)
    .option('--once', 'run the demonstration, then stop instead of staying up')
    .action(async (options: DemoOptions) => {
      const service = await startDemoService();
      const server = await startProxyWithFallback(options.port);
      const closeAll = async () => {
        await server.close();
        await new Promise<void>((resolve) => service.close(() => resolve()));
      };
      try {
        const client = new Toxiproxy(server.url);
        const proxy = await client.createProxy({ name: 'demo_http', listen: '127.0.0.1:0', upstream: `127.0.0.1:${(service.address() as AddressInfo).port}` });
        const url = `http://${proxy.listen}/`;
        const say = (line = '') => process.stdout.write(`${line}\n`);
        say(`Faultline fault proxy — Toxiproxy API on ${server.url}`);
        say(`Demo service behind proxy "demo_http": ${url}`);
        say();
        report(say, 'no fault', await sample(url));
        const latency = await proxy.addToxic<Latency>({ name: 'slow_responses', type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 200, jitter: 20 } });
        report(say, 'latency 200 ms ± 20 ms (downstream)', await sample(url));
        await latency.remove();
        const reset = await proxy.addToxic<{ timeout: number }>({ name: 'connection_resets', type: 'reset_peer', stream: 'downstream', toxicity: 1, attributes: { timeout: 0 } });
        report(say, 'reset_peer (TCP RST on first byte)', await sample(url));
        await reset.remove();
        await proxy.update({ enabled: false, listen: proxy.listen, upstream: proxy.upstream });
        report(say, 'proxy disabled (outage)', await sample(url));
        await proxy.update({ enabled: true, listen: proxy.listen, upstream: proxy.upstream });
        report(say, 'proxy re-enabled (recovered)', await sample(url));
        say();
        say('Try it yourself:');
        say(`  curl -s ${url}`);
        say(`  curl -s -XPOST ${server.url}/proxies/demo_http/toxics -d '{"type":"latency","attributes":{"latency":500}}'`);
        say(`  curl -s ${server.url}/proxies/demo_http/toxics`);
        say(`  curl -s -XPOST ${server.url}/reset`);
        say(`  curl -s ${server.url}/events        # the audit trail of every change above`);
        say(`  curl -s ${server.url}/metrics`);
      } catch (error) {
        await closeAll();
        throw error;
      }
      if (options.once) {
        await closeAll();
        return;
      }
      process.stdout.write('\nRunning until Ctrl-C.\n');
      closeOnSignals(closeAll);
    });
}

function report(say: (line: string) => void, label: string, result: Sample): void {
  const latency = result.ok > 0 ? `median ${result.medianMs.toFixed(1)} ms` : 'no response';
  say(`  ${label.padEnd(38)} ${String(result.ok).padStart(2)} ok  ${String(result.failed).padStart(2)} failed  ${latency}`);
}

async function sample(url: string, count = 10): Promise<Sample> {
  const times: number[] = [];
  let failed = 0;
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    try {
      await fetchOnce(url);
      times.push(performance.now() - started);
    } catch {
      failed++;
    }
  }
  times.sort((a, b) => a - b);
  return { ok: times.length, failed, medianMs: times[Math.floor(times.length / 2)] ?? 0 };
}

function fetchOnce(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = get(url, { agent: false, timeout: 2000 }, (response) => {
      response.resume();
      response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${response.statusCode}`))));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
  });
}

async function startDemoService(): Promise<Server> {
  let served = 0;
  const service = createServer((_request, response) => {
    served++;
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ service: 'demo', served }));
  });
  await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
  return service;
}

async function startProxyWithFallback(port: number): Promise<RunningProxyServer> {
  try {
    return await startProxyServer({ port, logger: silentLogger() });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw error;
    process.stdout.write(`Port ${port} is taken; using a free port instead.\n`);
    return startProxyServer({ port: 0, logger: silentLogger() });
  }
}
