import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

export const REQUEST_ID_HEADER = 'x-request-id';

/** What we accept from a caller: short and printable, so a hostile header cannot bloat every log line. */
const ACCEPTABLE_ID = /^[\w.:@/+=-]{1,128}$/;

/**
 * Fastify's request id, reused from the caller's x-request-id when there is an acceptable one and
 * generated otherwise. Fastify puts `request.id` in every line of the request's child logger;
 * resilient clients send it on as x-request-id, so one id follows a request through all five hops.
 */
export function requestIdFor(raw: IncomingMessage): string {
  const incoming = raw.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && ACCEPTABLE_ID.test(incoming) ? incoming : randomUUID();
}

/** Echo the id on every reply, so a caller can quote it when reporting a problem. */
export function installRequestIdHeader(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
}
