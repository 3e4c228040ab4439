import type { FastifyReply } from 'fastify';

/**
 * Toxiproxy's wire format, which clients depend on: success bodies are compact JSON with no
 * trailing newline; errors come from Go's http.Error, so they are `text/plain` with `nosniff` and a
 * JSON body followed by a newline.
 */
export function sendJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  // A Buffer, because Fastify appends `; charset=utf-8` to a JSON type sent as a string.
  return reply.code(status).type('application/json').send(Buffer.from(JSON.stringify(body)));
}

export function sendError(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply
    .code(status)
    .type('text/plain; charset=utf-8')
    .header('X-Content-Type-Options', 'nosniff')
    .send(`${JSON.stringify({ error: message, status })}\n`);
}

export function sendEmpty(reply: FastifyReply, status = 204): FastifyReply {
  return reply.code(status).send();
}

/** Decode a raw request body as Go's json.Decoder would see it: an empty body is `EOF`. */
export function parseBody(raw: unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  const text = typeof raw === 'string' ? raw : '';
  if (text.trim() === '') return { ok: false, message: 'EOF' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: `invalid JSON: ${(error as Error).message}` };
  }
}
