import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { packageFile } from '../../../src/core/package-root.js';
import { findServiceHost } from '../../../src/runner/process-control.js';
import { loadTopology } from '../../../src/topology/load.js';
import type { Topology } from '../../../src/topology/model.js';
import { startFakeDocker, type FakeDocker } from './fake-docker.js';

/**
 * The one rule that decides what runs the services, for a run against a running system
 * (environment.ts) and for `faultline panic` alike: the supervisor when it answers, else a Docker
 * engine running at least one of the topology's services, else neither (and why, for panic's note).
 */
let topology: Topology;
let supervisor: { url: string; server: Server };
const listed = [{ name: 'payments', state: 'paused', pid: 1, url: 'http://127.0.0.1:4004', restarts: 0, public: false }];
/** Nothing listens here: a supervisor that does not answer. */
const silent = 'http://127.0.0.1:9';
const dockers: FakeDocker[] = [];

beforeAll(async () => {
  topology = await loadTopology(packageFile('services/topology.yaml'));
  const server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/services') response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ services: listed }));
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  supervisor = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
});
afterAll(async () => {
  await new Promise<void>((resolve) => (supervisor ? supervisor.server.close(() => resolve()) : resolve()));
});
afterEach(async () => {
  for (const docker of dockers.splice(0)) await docker.close();
});

async function fakeDocker(containers: Parameters<typeof startFakeDocker>[0]): Promise<FakeDocker> {
  const docker = await startFakeDocker(containers);
  dockers.push(docker);
  return docker;
}

describe('findServiceHost', () => {
  it('chooses the supervisor when it answers, with the services it lists, and does not ask Docker', async () => {
    const docker = await fakeDocker([{ service: 'payments', state: 'running' }]);
    const host = await findServiceHost(topology, supervisor.url, { socketPath: docker.socketPath });
    expect(host.processes).toMatchObject({ kind: 'supervisor', address: supervisor.url, where: `the supervisor at ${supervisor.url}` });
    expect(host.supervised).toEqual(listed);
    expect(host.reason).toBeUndefined();
    expect(docker.calls).toEqual([]);
  });

  it('chooses Docker when no supervisor answers and the engine runs one of the services, stopped ones included', async () => {
    const docker = await fakeDocker([{ service: 'payments', state: 'exited' }]);
    const host = await findServiceHost(topology, silent, { socketPath: docker.socketPath });
    expect(host.processes).toMatchObject({ kind: 'docker', address: docker.socketPath, where: `Docker containers (${docker.socketPath})` });
    expect(host.supervised).toBeUndefined();
    expect(host.reason).toBeUndefined();
    expect(docker.calls).toEqual(['GET /_ping', 'GET /v1.41/containers/json?all=1']);
  });

  it("chooses neither when the Docker engine runs none of the topology's services (its other containers are not touched)", async () => {
    const docker = await fakeDocker([{ service: 'postgres', state: 'exited', project: 'someone-else' }]);
    const host = await findServiceHost(topology, silent, { socketPath: docker.socketPath });
    expect(host).toEqual({ processes: undefined, supervised: undefined, reason: "the Docker engine here runs none of the topology's services" });
    expect(docker.calls).toEqual(['GET /_ping', 'GET /v1.41/containers/json?all=1']);
  });

  it('chooses neither when no Docker engine answers', async () => {
    const docker = await fakeDocker([]);
    const socketPath = docker.socketPath;
    await docker.close();
    dockers.splice(0);
    expect(await findServiceHost(topology, silent, { socketPath })).toEqual({ processes: undefined, supervised: undefined, reason: 'no Docker engine runs here' });
  });
});
