import Fastify, { type FastifyInstance, type FastifyReply, type HTTPMethods } from 'fastify';
import type { Registry } from 'prom-client';
import type { Clock } from '../../core/clock.js';
import { isFaultlineError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { ProxyApiError } from '../api-errors.js';
import type { ProxyCollection } from '../collection.js';
import { sendError } from './replies.js';
import { requestId } from './request-id.js';
import { registerExtensionRoutes, TOXIPROXY_API_VERSION } from './routes-extensions.js';
import { registerProxyRoutes } from './routes-proxies.js';
import { registerToxicRoutes } from './routes-toxics.js';

export interface ProxyApiOptions {
  collection: ProxyCollection;
  metrics: Registry;
  clock: Clock;
  logger: Logger;
  /** Faultline's own version, reported by GET /faultline. */
  version: string;
}

const METHODS: HTTPMethods[] = ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT', 'OPTIONS'];

/** Every routed path and the methods it serves; any other method on it gets Toxiproxy's empty 405. */
const ROUTES: Record<string, HTTPMethods[]> = {
  '/proxies': ['GET', 'POST'],
  '/proxies/:proxy': ['GET', 'POST', 'PATCH', 'DELETE'],
  '/proxies/:proxy/toxics': ['GET', 'POST'],
  '/proxies/:proxy/toxics/:toxic': ['GET', 'POST', 'PATCH', 'DELETE'],
  '/populate': ['POST'],
  '/reset': ['POST'],
  '/version': ['GET'],
  '/faultline': ['GET'],
  '/events': ['GET'],
  '/leases': ['GET'],
  '/leases/renew': ['POST'],
  '/proxies/:proxy/lease': ['GET', 'PUT', 'DELETE'],
  '/proxies/:proxy/toxics/:toxic/lease': ['GET', 'PUT', 'DELETE'],
};

/**
 * The Toxiproxy-compatible control API. Fastify's conveniences are turned off where they would
 * change what a Toxiproxy client sees: no automatic HEAD routes, no JSON body parser (Toxiproxy
 * ignores Content-Type and reports decode errors in its own words), its 404 and 405 bodies.
 */
export function buildProxyApi(options: ProxyApiOptions): FastifyInstance {
  const { collection, metrics, clock, logger } = options;
  const app = Fastify({ logger: false, exposeHeadRoutes: false, return503OnClosing: false, forceCloseConnections: true });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  const notFound = (reply: FastifyReply) =>
    reply.code(404).type('text/plain; charset=utf-8').header('X-Content-Type-Options', 'nosniff').send('404 page not found\n');

  app.addHook('onRequest', async (request, reply) => {
    if (request.is404 || request.routeOptions.config.methodNotAllowed) return;
    // gorilla/mux needs a non-empty segment for {proxy}: `/proxies/` is an unknown path, not a proxy named "".
    if (Object.values(request.params as Record<string, string>).some((value) => value === '')) return notFound(reply);
    reply.header('X-Toxiproxy-Request-Id', requestId(clock.now()));
    // Toxiproxy refuses browsers: a web page must not be able to drive fault injection (CSRF).
    if (request.headers['user-agent']?.startsWith('Mozilla/')) {
      return reply.code(403).type('text/plain; charset=utf-8').header('X-Content-Type-Options', 'nosniff').send('User agent not allowed\n');
    }
  });

  app.setNotFoundHandler((_request, reply) => notFound(reply));

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ProxyApiError) {
      if (error.status >= 500) logger.error({ code: error.code, url: request.url }, error.message);
      else logger.info({ code: error.code, method: request.method, url: request.url }, error.message);
      return sendError(reply, error.status, error.message);
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500 || !isFaultlineError(error)) logger.error({ err: error, url: request.url }, 'proxy API request failed');
    return sendError(reply, status, status === 413 ? 'bad request body: request body is too large' : (error as Error).message);
  });

  registerProxyRoutes(app, collection);
  registerToxicRoutes(app, collection);
  registerExtensionRoutes(app, collection, options.version);

  app.get('/version', async (_request, reply) =>
    reply.code(200).type('application/json;charset=utf-8').send(`{"version": "${TOXIPROXY_API_VERSION}"}\n`),
  );

  app.all('/metrics', async (_request, reply) => reply.code(200).type(metrics.contentType).send(await metrics.metrics()));

  for (const [url, allowed] of Object.entries(ROUTES)) {
    const others = METHODS.filter((method) => !allowed.includes(method));
    app.route({ method: others, url, config: { methodNotAllowed: true }, handler: async (_request, reply) => reply.code(405).header('Content-Length', '0').send() });
  }
  return app;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    methodNotAllowed?: boolean;
  }
}
