import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { packageFile } from '../../../src/core/package-root.js';
import type { ServiceRuntimeConfig } from '../../../src/core/service-contract.js';
import { renderCompose } from '../../../src/deploy/compose.js';
import { renderToxiproxyConfig, type ToxiproxyConfigEntry } from '../../../src/deploy/runtime-config.js';
import { loadTopology } from '../../../src/topology/load.js';
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
  ports?: unknown;
  networks?: unknown;
  profiles?: string[];
}
const composeText = golden('docker-compose.yml', renderCompose(topology));
const toxiproxyText = golden('docker/toxiproxy.json', renderToxiproxyConfig(topology));
const compose = parse(composeText) as { version: string; services: Record<string, ComposeService>; networks?: unknown };
const proxies = JSON.parse(toxiproxyText) as ToxiproxyConfigEntry[];

describe('docker-compose.yml and docker/toxiproxy.json agree with services/topology.yaml', () => {
  it('are exactly what the generator makes of the topology', () => {
    expect(composeText, 'regenerate: UPDATE_GOLDEN=1 npx vitest run tests/unit/compose').toBe(renderCompose(topology));
    expect(toxiproxyText, 'regenerate: UPDATE_GOLDEN=1 npx vitest run tests/unit/compose').toBe(renderToxiproxyConfig(topology));
  });

  it('runs every service of the topology, and no other Faultline service', () => {
    const shop = Object.entries(compose.services).filter(([, s]) => s.command?.[0] === 'service').map(([name]) => name);
    expect(shop.sort()).toEqual(topology.services.map((s) => s.name).sort());
  });

  it.each(topology.services.map((s) => [s.name, s] as const))('%s listens on its declared address and calls its dependencies through their proxies', (name, service) => {
    const config = JSON.parse(compose.services[name]?.environment?.FAULTLINE_SERVICE_CONFIG ?? 'null') as ServiceRuntimeConfig;
    expect(config).toMatchObject({ name, host: service.host, port: service.port });
    expect(Object.keys(config.dependencies).sort()).toEqual(service.dependencies.map((d) => d.service).sort());
    for (const dependency of service.dependencies) {
      expect(config.dependencies[dependency.service]).toEqual({ url: `http://${dependency.proxy.listen}`, required: dependency.required, policy: dependency.policy });
      expect(compose.services[name]?.depends_on?.[dependency.service]).toEqual({ condition: 'service_healthy' });
    }
    expect(compose.services[name]?.healthcheck?.test.join(' ')).toContain(`http://${service.host}:${service.port}/healthz`);
  });

  it('gives Toxiproxy every declared proxy, listening where declared and forwarding to the called service', () => {
    const expected = declaredProxies(topology).map(({ dependency }) => {
      const callee = topology.services.find((s) => s.name === dependency.service);
      return { name: dependency.proxy.name, listen: dependency.proxy.listen, upstream: dependency.proxy.upstream ?? `${callee?.host}:${callee?.port}`, enabled: true };
    });
    expect(proxies).toEqual(expected);
    expect(compose.services.toxiproxy?.command).toEqual(expect.arrayContaining([`-host=${topology.proxyApi.split(':')[0]}`, `-port=${topology.proxyApi.split(':')[1]}`]));
  });

  it('keeps every container on the host network with a health check, publishing nothing and creating no network', () => {
    expect(compose.networks).toBeUndefined();
    for (const [name, service] of Object.entries(compose.services)) {
      expect(service.network_mode, name).toBe('host');
      expect(service.ports, name).toBeUndefined();
      expect(service.networks, name).toBeUndefined();
      expect(service.healthcheck?.test[0], name).toBe('CMD');
    }
  });

  it('never binds another interface than loopback', () => {
    for (const address of [...composeText.matchAll(/\b(\d{1,3}(?:\.\d{1,3}){3})\b/g)].map((m) => m[1])) expect(address).toMatch(/^127\./);
  });

  it('runs k6 only under its profile', () => {
    expect(compose.services.k6?.profiles).toEqual(['k6']);
    expect(Object.entries(compose.services).filter(([, s]) => s.profiles).map(([name]) => name)).toEqual(['k6']);
  });
});
