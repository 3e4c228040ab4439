import { LogController, type FastifyServerOptions } from 'fastify';
import { pino } from 'pino';
import type { ServiceRuntimeConfig } from '../../src/core/service-contract.js';

/**
 * One line per request instead of Fastify's two: "incoming request" drops to debug, the completion
 * line (status, responseTime) stays at info. Every line carries `requestId`, the id that followed the
 * request from the gateway.
 */
class ServiceLogController extends LogController {
  constructor() {
    super({ requestIdLogLabel: 'requestId' });
  }

  override incomingRequest(request: Parameters<LogController['incomingRequest']>[0]): void {
    request.log.debug({ req: request }, 'incoming request');
  }
}

/**
 * Fastify's logger settings for a service: pino JSON lines on standard error (standard output is
 * left to the supervisor), written synchronously so the last lines before a crash are not lost.
 */
export function loggerOptions(config: ServiceRuntimeConfig, enabled: boolean): Pick<FastifyServerOptions, 'logger' | 'logController'> {
  if (!enabled) return { logger: false };
  return {
    logger: { level: config.logLevel ?? 'info', name: config.name, stream: pino.destination({ fd: 2, sync: true }) },
    logController: new ServiceLogController(),
  };
}
