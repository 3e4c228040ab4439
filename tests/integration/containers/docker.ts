import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { parseDocument } from 'yaml';
import { packageFile } from '../../../src/core/package-root.js';
import type { Topology } from '../../../src/topology/model.js';

/**
 * The container tests need a Docker engine and the locally built images (.ci/docker-setup). On a
 * laptop without them the tests skip and say why; in CI (`FAULTLINE_REQUIRE_ALL=1`) they run anyway
 * and fail loudly, so CI can never pass by skipping (like tests/helpers/binaries.ts).
 */
export const FAULTLINE_IMAGE = 'faultline:local';
export const PROMETHEUS_IMAGE = 'local/prometheus:bookworm';

// No registry on the team's machines: Ryuk's image cannot be pulled, and the bridge-gateway lookup
// would try to pull alpine. Containers are removed by each test's teardown instead.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
process.env.TESTCONTAINERS_HOST_OVERRIDE ??= 'localhost';

export function optionalDocker(images: readonly string[]): { skip: boolean } {
  const required = process.env.FAULTLINE_REQUIRE_ALL === '1';
  const info = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 15_000 });
  let reason: string | undefined;
  if (info.error || info.status !== 0) {
    reason = `no Docker engine answers \`docker info\` (${info.error?.message ?? info.stderr.trim().split('\n')[0]})`;
  } else {
    const missing = images.filter((image) => spawnSync('docker', ['image', 'inspect', image], { timeout: 15_000 }).status !== 0);
    if (missing.length > 0) reason = `image(s) ${missing.join(', ')} not built`;
  }
  if (reason && !required) process.stderr.write(`skipping container tests: ${reason}; run .ci/docker-setup (CI sets FAULTLINE_REQUIRE_ALL=1 to make them mandatory)\n`);
  return { skip: reason !== undefined && !required };
}

/** `n` distinct free ports on 127.0.0.1 (held together while picked, so they differ). */
export async function freePorts(n: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
    }
    return servers.map((s) => (s.address() as { port: number }).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }
}

/**
 * The shipped services/topology.yaml with the addresses of `topology` (ports picked free here), for
 * a container that reads a topology file (`faultline harness --topology`).
 */
export function topologyYaml(topology: Topology): string {
  const document = parseDocument(readFileSync(packageFile('services/topology.yaml'), 'utf8'));
  document.setIn(['proxy', 'api'], topology.proxyApi);
  document.setIn(['supervisor', 'admin'], topology.supervisorAdmin);
  for (const service of topology.services) {
    document.setIn(['services', service.name, 'port'], service.port);
    for (const dependency of service.dependencies) document.setIn(['services', service.name, 'dependencies', dependency.service, 'proxy', 'listen'], dependency.proxy.listen);
  }
  return document.toString();
}
