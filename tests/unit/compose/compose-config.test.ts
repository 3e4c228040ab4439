import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { packageFile } from '../../../src/core/package-root.js';
import { optionalBinary } from '../../helpers/binaries.js';

/**
 * docker-compose.yml must be a file compose accepts, checked by Debian's docker-compose v1
 * (1.29.2: the oldest compose the project supports; v2 reads the same file). `config` needs no
 * daemon, so this runs before or without dockerd.
 */
const compose = optionalBinary('docker-compose', 'apt-get install docker-compose, or .ci/docker-setup');

function config(...args: string[]) {
  return spawnSync(compose.path ?? 'docker-compose', ['--project-directory', packageFile('.'), '-f', packageFile('docker-compose.yml'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, DOCKER_HOST: 'unix:///nonexistent' },
    timeout: 30_000,
  });
}

describe.skipIf(compose.skip)('docker-compose config', () => {
  it('accepts docker-compose.yml', () => {
    const result = config('config', '-q');
    expect(result.error).toBeUndefined();
    expect(result.stderr, result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('lists every service, and k6 as the only profile (`up` leaves it out unless asked)', () => {
    const services = config('config', '--services');
    expect(services.status, services.stderr).toBe(0);
    expect(services.stdout.trim().split('\n').sort()).toEqual(['alertmanager', 'catalog', 'gateway', 'grafana', 'harness', 'inventory', 'k6', 'orders', 'payments', 'prometheus', 'toxiproxy']);
    const profiles = config('config', '--profiles');
    expect(profiles.status, profiles.stderr).toBe(0);
    expect(profiles.stdout.trim()).toBe('k6');
  });

  it("publishes, as compose resolves the file, every port on 127.0.0.1 only and puts no container on the host's network", () => {
    const resolved = config('config');
    expect(resolved.status, resolved.stderr).toBe(0);
    const services = (parse(resolved.stdout) as { services: Record<string, { ports?: string[]; network_mode?: string }> }).services;
    const ports = Object.values(services).flatMap((s) => s.ports ?? []);
    expect(ports.length).toBeGreaterThanOrEqual(10);
    for (const port of ports) expect(port).toMatch(/^127\.0\.0\.1:\d+:\d+\/tcp$/);
    for (const [name, service] of Object.entries(services)) expect(service.network_mode, name).toBeUndefined();
  });
});
