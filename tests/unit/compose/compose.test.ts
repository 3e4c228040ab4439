import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { packageFile } from '../../../src/core/package-root.js';
import type { ServiceRuntimeConfig } from '../../../src/core/service-contract.js';
import { renderCompose } from '../../../src/deploy/compose.js';
import { renderToxiproxyConfig, type ToxiproxyConfigEntry } from '../../../src/deploy/runtime-config.js';
import { loadTopology } from '../../../src/topology/load.js';
import { COMPOSE_NETWORK, portOf } from '../../../src/topology/container-network.js';
import { declaredProxies } from '../../../src/topology/model.js';

/**
 * docker-compose.yml and docker/toxiproxy.json are generated from services/topology.yaml and
 * checked in. After a topology change, regenerate with
 * `UPDATE_GOLDEN=1 npx vitest run tests/unit/compose` and review the diff.
 */
const topology = await loadTopology(packageFile('services/topology.yaml'));
const update = process.env.UPDATE_GOLDEN === '1';

function golden(relative: string, text: string): string {
  const path = packageFile(relative);
  if (update) writeFileSync(path, text);
  expect(existsSync(path), `${relative} is missing: run UPDATE_GOLDEN=1 npx vitest run tests/unit/compose`).toBe(true);
  return readFileSync(path, 'utf8');
}

interface ComposeService {
  image?: string;
  network_mode?: string;
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
  networks?: unknown;
  profiles?: string[];
}
const composeText = golden('docker-compose.yml', renderCompose(topology));
const toxiproxyText = golden('docker/toxiproxy.json', renderToxiproxyConfig(topology, { network: COMPOSE_NETWORK }));
const compose = parse(composeText) as { version: string; services: Record<string, ComposeService>; networks?: unknown };
const proxies = JSON.parse(toxiproxyText) as ToxiproxyConfigEntry[];

describe('docker-compose.yml and docker/toxiproxy.json agree with services/topology.yaml', () => {
  it('are exactly what the generator makes of the topology', () => {
    expect(composeText, 'regenerate: UPDATE_GOLDEN=1 npx vitest run tests/unit/compose').toBe(renderCompose(topology));
    expect(toxiproxyText, 'regenerate: UPDATE_GOLDEN=1 npx vitest run tests/unit/compose').toBe(renderToxiproxyConfig(topology, { network: COMPOSE_NETWORK }));
  });

  it('runs every service of the topology, the harness, and no other Faultline service', () => {
    const shop = Object.entries(compose.services).filter(([, s]) => s.command?.[0] === 'service').map(([name]) => name);
    expect(shop.sort()).toEqual(topology.services.map((s) => s.name).sort());
    expect(compose.services.harness?.command).toEqual(['harness', '--container-network', '--listen', `0.0.0.0:${portOf(topology.supervisorAdmin)}`, '--toxiproxy-url', `http://toxiproxy:${portOf(topology.proxyApi)}`]);
  });

  it.each(topology.services.map((s) => [s.name, s] as const))('%s listens on its declared port and calls its dependencies by name through their proxies', (name, service) => {
    const config = JSON.parse(compose.services[name]?.environment?.FAULTLINE_SERVICE_CONFIG ?? 'null') as ServiceRuntimeConfig;
    expect(config).toMatchObject({ name, host: '0.0.0.0', port: service.port });
    expect(Object.keys(config.dependencies).sort()).toEqual(service.dependencies.map((d) => d.service).sort());
    for (const dependency of service.dependencies) {
      expect(config.dependencies[dependency.service]).toEqual({ url: `http://toxiproxy:${portOf(dependency.proxy.listen)}`, required: dependency.required, policy: dependency.policy });
      expect(compose.services[name]?.depends_on?.[dependency.service]).toEqual({ condition: 'service_healthy' });
    }
    expect(compose.services[name]?.ports).toEqual([`127.0.0.1:${service.port}:${service.port}`]);
    expect(compose.services[name]?.healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${service.port}/healthz`);
  });

  it('gives Toxiproxy every declared proxy, on the declared port and forwarding to the called service by name', () => {
    const expected = declaredProxies(topology).map(({ dependency }) => {
      const callee = topology.services.find((s) => s.name === dependency.service);
      return { name: dependency.proxy.name, listen: `0.0.0.0:${portOf(dependency.proxy.listen)}`, upstream: dependency.proxy.upstream ?? `${callee?.name}:${callee?.port}`, enabled: true };
    });
    expect(proxies).toEqual(expected);
    // -proxy-metrics, or Toxiproxy serves no /metrics and Prometheus's faultline-proxy job is always down.
    expect(compose.services.toxiproxy?.command).toEqual(expect.arrayContaining(['-host=0.0.0.0', `-port=${portOf(topology.proxyApi)}`, '-proxy-metrics']));
    expect(compose.services.toxiproxy?.ports).toEqual([`127.0.0.1:${portOf(topology.proxyApi)}:${portOf(topology.proxyApi)}`]);
  });

  it("runs every container on the stack's own network with a health check, none on the host's", () => {
    expect(compose.networks).toBeUndefined();
    for (const [name, service] of Object.entries(compose.services)) {
      expect(service.network_mode, name).toBeUndefined();
      expect(service.networks, name).toBeUndefined();
      expect(service.healthcheck?.test[0], name).toBe('CMD');
    }
  });

  it("publishes every port on the host's 127.0.0.1 only, at the port the topology declares, so the host sees what `faultline up` shows", () => {
    const published = Object.values(compose.services).flatMap((s) => s.ports ?? []);
    for (const port of published) expect(port).toMatch(/^127\.0\.0\.1:(\d+):\1$/);
    const hostPorts = published.map((p) => Number(p.split(':')[1]));
    expect(new Set(hostPorts).size, 'two services publish one port').toBe(hostPorts.length);
    expect(hostPorts).toEqual(expect.arrayContaining([...topology.services.map((s) => s.port), portOf(topology.proxyApi), portOf(topology.supervisorAdmin), 9090, 9093, 3000]));
  });

  it('names no address but loopback and "any" inside a container', () => {
    for (const address of [...composeText.matchAll(/\b(\d{1,3}(?:\.\d{1,3}){3})\b/g)].map((m) => m[1])) expect(address).toMatch(/^(127\.\d+\.\d+\.\d+|0\.0\.0\.0)$/);
  });

  it('runs k6 only under its profile', () => {
    expect(compose.services.k6?.profiles).toEqual(['k6']);
    expect(Object.entries(compose.services).filter(([, s]) => s.profiles).map(([name]) => name)).toEqual(['k6']);
  });
});
