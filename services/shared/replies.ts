import { STATUS_CODES } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { CallResult } from './resilient-client.js';

/** The one error body every service sends, the same shape as Fastify's own validation errors. */
export interface ProblemBody {
  statusCode: number;
  error: string;
  message: string;
}

export function problem(statusCode: number, message: string): ProblemBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
}

export function sendProblem(reply: FastifyReply, statusCode: number, message: string): FastifyReply {
  return reply.code(statusCode).send(problem(statusCode, message));
}

type Failure = Extract<CallResult, { ok: false }>;

/**
 * The status a failed dependency call becomes for our own caller: 504 when it was too slow, 503
 * when we refused to call it (open circuit, full bulkhead) or it said it is unavailable, 502 when
 * it broke (a 5xx, a reset, a refused connection). The dependency's 503/504 pass on as they are,
 * so an outage deep in the chain keeps its meaning at the edge.
 */
export function statusForFailure(failure: Failure): 502 | 503 | 504 {
  switch (failure.outcome) {
    case 'timeout':
      return 504;
    case 'circuit_open':
    case 'rejected':
      return 503;
    case 'error': {
      const upstream = failure.response?.statusCode;
      return upstream === 503 || upstream === 504 ? upstream : 502;
    }
  }
}

/** Reply for a failed dependency call; `what` says what we were trying to do, for the reader. */
export function sendDependencyFailure(reply: FastifyReply, failure: Failure, what: string): FastifyReply {
  return sendProblem(reply, statusForFailure(failure), `${what}: ${failure.message}`);
}
