import { Pool } from 'undici';
import { REQUEST_ID_HEADER } from './request-id.js';

export interface OutboundRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path on the dependency, starting with '/', e.g. `/stock/p-01`. */
  path: string;
  /** Sent as JSON when present. */
  body?: unknown;
  headers?: Record<string, string>;
  /** The incoming request's id, propagated so one id follows a request through every hop. */
  requestId?: string;
}

export interface DependencyResponse {
  statusCode: number;
  /** The parsed JSON body; the raw text when it is not JSON; undefined when empty. */
  body: unknown;
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * One keep-alive connection pool per dependency (undici), so calls reuse sockets instead of paying
 * a TCP handshake each; through a Faultline proxy, that is also what makes connection-level toxics
 * (reset_peer, slow_close) hit the way they hit real services.
 */
export class HttpTransport {
  private readonly pool: Pool;
  /** A dependency URL may carry a path prefix; it is prepended to every request path. */
  private readonly basePath: string;

  constructor(url: string) {
    const parsed = new URL(url);
    this.pool = new Pool(parsed.origin);
    this.basePath = parsed.pathname.replace(/\/+$/, '');
  }

  /** One HTTP exchange, body read in full; throws on network errors and when `signal` aborts. */
  async send(request: OutboundRequest, signal?: AbortSignal): Promise<DependencyResponse> {
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    if (request.requestId !== undefined) headers[REQUEST_ID_HEADER] = request.requestId;
    let body: string | undefined;
    if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.body);
    }
    const response = await this.pool.request({ method: request.method, path: this.basePath + request.path, headers, body, signal });
    // Read the whole body inside the attempt: the timeout covers it, and the socket goes back to the pool.
    return { statusCode: response.statusCode, body: parseBody(await response.body.text()) };
  }

  /** Drop every connection now; called once the app has stopped serving, so nothing waits on them. */
  close(): Promise<void> {
    return this.pool.destroy();
  }
}
