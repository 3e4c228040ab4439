import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A Docker Engine API on a unix socket, answering only the calls Faultline's Docker process control
 * makes (ping, list containers, unpause, start), over containers given as compose service + state.
 * Each call is recorded, so a test can tell whether the engine was consulted at all.
 */
export interface FakeDocker {
  socketPath: string;
  calls: string[];
  /** service → Docker state (running, paused, exited, …), as the last call left it. */
  states(): Record<string, string>;
  /** Make GET /containers/json answer this status (500: an engine in trouble). */
  failListing(status: number): void;
  close(): Promise<void>;
}

export async function startFakeDocker(containers: Array<{ service: string; state: string; project?: string }>): Promise<FakeDocker> {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-fake-docker-'));
  const socketPath = join(dir, 'docker.sock');
  const all = containers.map((c, i) => ({ Id: `c${i}`, State: c.state, Labels: { 'com.docker.compose.service': c.service, 'com.docker.compose.project': c.project ?? 'shop' } }));
  const calls: string[] = [];
  let listingStatus = 200;
  const server: Server = createServer((request, response) => {
    const call = `${request.method} ${request.url}`;
    calls.push(call);
    const reply = (status: number, body?: unknown) => {
      response.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
      response.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (call === 'GET /_ping') return reply(200, 'OK');
    if (call === 'GET /v1.41/containers/json?all=1') return listingStatus === 200 ? reply(200, all) : reply(listingStatus, { message: 'engine in trouble' });
    const action = /^POST \/v1\.41\/containers\/([^/]+)\/(unpause|start)$/.exec(call);
    const container = all.find((c) => c.Id === action?.[1]);
    if (!action || !container) return reply(404, { message: `no such call: ${call}` });
    container.State = 'running';
    return reply(204);
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    socketPath,
    calls,
    states: () => Object.fromEntries(all.map((c) => [c.Labels['com.docker.compose.service'], c.State])),
    failListing: (status) => {
      listingStatus = status;
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
