import { Command } from 'commander';
import { createLogger } from '../core/logger.js';
import { loadProxyConfig } from '../proxy/config-file.js';
import { startProxyServer } from '../proxy/server.js';
import { parseInteger, parsePort } from './options.js';
import { closeOnSignals } from './shutdown.js';

interface ProxyOptions {
  host: string;
  port: number;
  config?: string;
  seed?: number;
}

export function proxyCommand(): Command {
  return new Command('proxy')
    .description('Run the Toxiproxy-compatible fault proxy server (a drop-in for toxiproxy-server)')
    .option('--host <address>', 'address the control API binds to', '127.0.0.1')
    .option('--port <port>', 'control API port (0 = any free port)', parsePort, 8474)
    .option('--config <file>', 'JSON array of proxies to create at start, as POST /populate takes')
    .option('--seed <n>', 'seed for toxicity and jitter draws, to replay a run', parseInteger('seed'))
    .addHelpText(
      'after',
      `
Examples:
  faultline proxy                              API on http://127.0.0.1:8474
  faultline proxy --port 0 --config proxies.json
  curl -s -XPOST 127.0.0.1:8474/proxies -d '{"name":"db","listen":"127.0.0.1:26379","upstream":"127.0.0.1:6379"}'

Ctrl-C or SIGTERM closes every listener and connection. Logs are JSON lines on standard error
(LOG_LEVEL=debug for more).`,
    )
    .action(async (options: ProxyOptions) => {
      const logger = createLogger({ name: 'faultline-proxy' });
      const proxies = options.config ? await loadProxyConfig(options.config) : [];
      const server = await startProxyServer({ host: options.host, port: options.port, proxies, ...(options.seed !== undefined ? { seed: options.seed } : {}), logger });
      process.stdout.write(`faultline proxy: Toxiproxy API on ${server.url} (seed ${server.seed}, ${proxies.length} proxies from config)\n`);
      logger.info({ url: server.url, seed: server.seed, proxies: proxies.map((p) => p.name) }, 'proxy server listening');
      closeOnSignals(() => server.close(), (line) => process.stdout.write(`faultline proxy: ${line}\n`));
    });
}
