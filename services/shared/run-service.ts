import type { FastifyInstance } from 'fastify';
import { SERVICE_CONFIG_ENV, SERVICE_NAMES, type ServiceMessage, type ServiceName, type ServiceRuntimeConfig } from '../../src/core/service-contract.js';
import { readServiceConfig } from './config.js';

export type BuildApp = (config: ServiceRuntimeConfig) => FastifyInstance | Promise<FastifyInstance>;

/**
 * How long a graceful stop may take before the process exits anyway (e.g. a request stuck on a
 * dependency with no timeout). Under the supervisor's 5 s SIGKILL grace, so the reason is logged.
 */
const SHUTDOWN_DEADLINE_MS = 4_000;

/** Send to the supervisor when forked with an IPC channel; resolves once the message is handed over. */
function tell(message: ServiceMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

async function fail(service: ServiceName | undefined, message: string): Promise<never> {
  process.stderr.write(`${service ?? 'service'}: ${message}\n`);
  // Exit only after the message is out, or the supervisor would see a bare exit code.
  if (service) await tell({ type: 'failed', service, message });
  process.exit(1);
}

/**
 * The entry point of a service process: read $FAULTLINE_SERVICE_CONFIG, build the app, listen, and
 * tell the supervisor (over IPC, when forked) either {type:'ready', port} with the real port (the
 * config may ask for 0) or {type:'failed', message} before exiting 1. SIGTERM/SIGINT, or the
 * supervisor disconnecting, close the app gracefully (in-flight requests are answered, then client
 * connections and the database are closed) and exit 0.
 */
export async function runService(buildApp: BuildApp): Promise<void> {
  const read = readServiceConfig();
  if (!read.ok) return fail(nameFromRawConfig(), `invalid service config: ${read.problems.join('; ')}`);
  const { config } = read;
  let app: FastifyInstance;
  try {
    app = await buildApp(config);
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    return fail(config.name, `could not start: ${(error as Error).message}`);
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  await tell({ type: 'ready', service: config.name, port });

  let stopping = false;
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ reason }, 'stopping');
    setTimeout(() => {
      process.stderr.write(`${config.name}: graceful stop took over ${SHUTDOWN_DEADLINE_MS} ms; exiting\n`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    app.close().then(
      () => process.exit(0),
      (error: Error) => {
        process.stderr.write(`${config.name}: error while stopping: ${error.message}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  // A supervisor that dies must not leave an orphan holding its port (only fires when forked).
  process.once('disconnect', () => stop('supervisor disconnected'));
}

/** The service name of a config that failed validation, if it still has a usable one. */
function nameFromRawConfig(): ServiceName | undefined {
  try {
    const name = (JSON.parse(process.env[SERVICE_CONFIG_ENV] ?? '') as { name?: unknown }).name;
    return (SERVICE_NAMES as readonly unknown[]).includes(name) ? (name as ServiceName) : undefined;
  } catch {
    return undefined;
  }
}
