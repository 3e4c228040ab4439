import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { HttpMetricNames, LATENCY_BUCKETS_SECONDS } from '../../../src/core/conventions.js';

/** Small loopback servers and Prometheus API calls for the stack's integration tests. */

export interface TestServer {
  /** `127.0.0.1:port` */
  address: string;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<TestServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A scrape target that always answers /metrics with the same text, as a service that saw no traffic since. */
export function startStaticTarget(metrics: string): Promise<TestServer> {
  return listen(
    createServer((request, response) => {
      response.writeHead(request.url === '/metrics' ? 200 : 404, { 'content-type': 'text/plain; version=0.0.4' });
      response.end(request.url === '/metrics' ? metrics : '');
    }),
  );
}

/**
 * A freshly started gateway serving `perSecond` catalogue requests (GET /products), all fast, a
 * share `errorRatio` of them 5xx: its counters grow with the whole seconds since it started, as
 * prom-client would export them (every bucket of LATENCY_BUCKETS_SECONDS).
 */
export function startGatewayTarget(perSecond: number, errorRatio: number): Promise<TestServer> {
  const started = performance.now();
  const name = HttpMetricNames.serverDuration;
  const series = (status: string, value: number) => {
    const labels = `service="gateway",method="GET",route="/products",status_code="${status}"`;
    return [
      ...[...LATENCY_BUCKETS_SECONDS.map(String), '+Inf'].map((le) => `${name}_bucket{le="${le}",${labels}} ${value}`),
      `${name}_sum{${labels}} ${value * 0.002}`,
      `${name}_count{${labels}} ${value}`,
    ];
  };
  return listen(
    createServer((request, response) => {
      const requests = Math.floor((performance.now() - started) / 1000) * perSecond;
      const errors = Math.round(requests * errorRatio);
      response.writeHead(request.url === '/metrics' ? 200 : 404, { 'content-type': 'text/plain; version=0.0.4' });
      response.end(request.url === '/metrics' ? [`# TYPE ${name} histogram`, ...series('200', requests - errors), ...series('500', errors), ''].join('\n') : '');
    }),
  );
}

/** Alertmanager's webhook payload, the fields the tests read. */
export interface WebhookPayload {
  status: 'firing' | 'resolved';
  alerts: Array<{ status: 'firing' | 'resolved'; labels: Record<string, string>; generatorURL: string }>;
  externalURL: string;
}

/** A webhook receiver that keeps every notification it is sent. */
export async function startWebhook(): Promise<TestServer & { url: string; received: WebhookPayload[] }> {
  const received: WebhookPayload[] = [];
  const server = await listen(
    createServer((request, response) => {
      void readBody(request).then((body) => {
        received.push(JSON.parse(body) as WebhookPayload);
        response.end();
      });
    }),
  );
  return { ...server, url: `http://${server.address}/alerts`, received };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

export interface Sample {
  metric: Record<string, string>;
  value: number;
}

/** An instant query through Prometheus' HTTP API. */
export async function query(prometheusUrl: string, expr: string): Promise<Sample[]> {
  const response = await fetch(`${prometheusUrl}/api/v1/query?${new URLSearchParams({ query: expr })}`);
  const body = (await response.json()) as { status: string; error?: string; data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
  expect(body.status, body.error).toBe('success');
  return body.data.result.map((sample) => ({ metric: sample.metric, value: Number(sample.value[1]) }));
}

export async function apiData<T>(baseUrl: string, path: string): Promise<T> {
  const body = (await (await fetch(`${baseUrl}${path}`)).json()) as { status: string; data: T };
  expect(body.status).toBe('success');
  return body.data;
}

/** Whether a process with this pid still exists (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
