import type { FastifyInstance } from 'fastify';
import { systemClock, type Clock } from '../core/clock.js';
import { silentLogger, type Logger } from '../core/logger.js';
import { freshSeed, seededRng } from '../core/random.js';
import { FAULTLINE_VERSION } from '../core/version.js';
import { buildProxyApi } from './api/app.js';
import { ProxyCollection } from './collection.js';
import { createProxyMetrics } from './metrics.js';
import type { ProxyInput } from './requests.js';

export interface ProxyServerOptions {
  /** API bind address; loopback unless the user asks otherwise. */
  host?: string;
  /** API port; 8474 is Toxiproxy's, 0 picks a free one. */
  port?: number;
  /** Proxies to create at start (toxiproxy-server's -config). */
  proxies?: ProxyInput[];
  /** Seed for toxicity and jitter draws; printed so a run can be replayed. */
  seed?: number;
  clock?: Clock;
  logger?: Logger;
}

export interface RunningProxyServer {
  /** Base URL of the API, e.g. http://127.0.0.1:8474, for toxiproxy-node-client. */
  url: string;
  host: string;
  port: number;
  seed: number;
  collection: ProxyCollection;
  api: FastifyInstance;
  /** Close the API, every proxy listener and every proxied connection. */
  close(): Promise<void>;
}

/** Start a Toxiproxy-compatible server: the control API plus the proxies it manages. */
export async function startProxyServer(options: ProxyServerOptions = {}): Promise<RunningProxyServer> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger();
  const seed = options.seed ?? freshSeed();
  const collection = new ProxyCollection({ clock, rng: seededRng(seed), logger });
  const metrics = createProxyMetrics(collection);
  const api = buildProxyApi({ collection, metrics, clock, logger, version: FAULTLINE_VERSION });

  if (options.proxies && options.proxies.length > 0) {
    const result = await collection.populate(options.proxies);
    if (result.error) {
      await collection.close();
      throw result.error;
    }
  }
  const host = options.host ?? '127.0.0.1';
  try {
    await api.listen({ host, port: options.port ?? 8474 });
  } catch (error) {
    await collection.close();
    throw error;
  }
  const address = api.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 8474);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    host,
    port,
    seed,
    collection,
    api,
    close() {
      closing ??= (async () => {
        await collection.close();
        await api.close();
      })();
      return closing;
    },
  };
}
