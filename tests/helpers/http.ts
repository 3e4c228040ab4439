import { expect } from 'vitest';
import type { ProxyJson } from '../../src/proxy/proxy.js';
import { connectTo, readBytes, startEchoServer, startTestProxyServer, type Cleanup } from './sockets.js';

/** A raw HTTP answer from the proxy API: status, headers and the body exactly as sent. */
export interface RawResponse {
  status: number;
  headers: Headers;
  /** The body, byte for byte (decoded as UTF-8). */
  text: string;
  /** The body parsed as JSON (throws when it is not JSON). */
  json<T = unknown>(): T;
}

export interface RequestOptions {
  /** A string is sent verbatim (garbage, empty, ...); anything else is JSON-encoded. Omit for no body. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** One request with fetch(), no client conveniences: what a Toxiproxy client sees on the wire. */
export async function request(baseUrl: string, method: string, path: string, options: RequestOptions = {}): Promise<RawResponse> {
  const init: RequestInit = { method, headers: options.headers ?? {} };
  if (options.body !== undefined) init.body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const response = await fetch(`${baseUrl}${path}`, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: <T>() => JSON.parse(text) as T };
}

/** A small client bound to one API base URL. */
export function apiClient(baseUrl: string) {
  return {
    get: (path: string, headers?: Record<string, string>) => request(baseUrl, 'GET', path, { headers }),
    post: (path: string, body?: unknown) => request(baseUrl, 'POST', path, { body }),
    patch: (path: string, body?: unknown) => request(baseUrl, 'PATCH', path, { body }),
    put: (path: string, body?: unknown) => request(baseUrl, 'PUT', path, { body }),
    delete: (path: string) => request(baseUrl, 'DELETE', path),
    send: (method: string, path: string, options?: RequestOptions) => request(baseUrl, method, path, options),
  };
}

export type ApiClient = ReturnType<typeof apiClient>;

/** The body Toxiproxy's http.Error produces: `{"error":"...","status":N}` and a newline. */
export function errorBody(message: string, status: number): string {
  return `${JSON.stringify({ error: message, status })}\n`;
}

/**
 * Poll `probe` until it returns a value other than undefined, or fail after `timeoutMs`. For waiting
 * on timed behaviour (a lease lapsing), never for readiness that an awaited call already gives.
 */
export async function pollUntil<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string, intervalMs = 10): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export type { ProxyJson } from '../../src/proxy/proxy.js';
export type { ToxicJson } from '../../src/proxy/toxic-state.js';

/** Assert Go's http.Error shape: text/plain, nosniff, `{"error":"...","status":N}\n`. */
export function expectError(response: RawResponse, status: number, message: string): void {
  expect({ status: response.status, text: response.text }).toEqual({ status, text: errorBody(message, status) });
  expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
}

/** Assert Toxiproxy's success shape: the status, `application/json`, compact JSON, no trailing newline. */
export function expectJson(response: RawResponse, status: number): void {
  expect(response.status, response.text).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/json');
  expect(response.text).toBe(JSON.stringify(response.json()));
}

/** POST /proxies, asserting the 201. */
export async function createProxy(api: ApiClient, body: Record<string, unknown>): Promise<ProxyJson> {
  const response = await api.post('/proxies', body);
  expect(response.status, response.text).toBe(201);
  return response.json<ProxyJson>();
}

/** The port of a bound loopback listen such as `127.0.0.1:43191` (fails for anything else, port 0 included). */
export function loopbackPort(listen: string): number {
  const match = /^127\.0\.0\.1:(\d+)$/.exec(listen);
  if (!match || Number(match[1]) === 0) throw new Error(`listen ${JSON.stringify(listen)} is not a bound 127.0.0.1:<port>`);
  return Number(match[1]);
}

/** A proxy server and an echo upstream, both closed by `cleanup`. */
export async function apiWithEchoUpstream(cleanup: Cleanup): Promise<{ api: ApiClient; upstream: string; upstreamPort: number }> {
  const server = await startTestProxyServer(cleanup);
  const upstreamPort = await startEchoServer(cleanup);
  return { api: apiClient(server.url), upstream: `127.0.0.1:${upstreamPort}`, upstreamPort };
}

/** Connect through `port` and check one echo round trip; the socket stays open for more. */
export async function expectEcho(cleanup: Cleanup, port: number, text = 'ping') {
  const socket = await connectTo(port, cleanup);
  socket.write(text);
  expect((await readBytes(socket, text.length)).toString()).toBe(text);
  return socket;
}
