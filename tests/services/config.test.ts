import { describe, expect, it } from 'vitest';
import { SERVICE_CONFIG_ENV } from '../../src/core/service-contract.js';
import { readServiceConfig } from '../../services/shared/config.js';
import { dependency, serviceConfig } from './helpers/config.js';

const env = (value: unknown) => ({ [SERVICE_CONFIG_ENV]: typeof value === 'string' ? value : JSON.stringify(value) });

describe('reading the runtime config from the environment', () => {
  it('accepts what the supervisor sends', () => {
    const config = serviceConfig('catalog', { inventory: dependency('http://127.0.0.1:9000', { timeoutMs: 100, fallback: true }) }, { dataDir: '/tmp/x', logLevel: 'warn' });
    expect(readServiceConfig(env(config))).toEqual({ ok: true, config });
  });

  it.each([
    { name: 'a missing variable', env: {}, problem: `${SERVICE_CONFIG_ENV} is not set` },
    { name: 'broken JSON', env: env('{"name":'), problem: 'is not valid JSON' },
    { name: 'a JSON array', env: env([]), problem: 'config must be a JSON object' },
  ])('refuses $name', ({ env: given, problem }) => {
    const result = readServiceConfig(given);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.problems.join('; ')).toContain(problem);
  });

  it('lists every problem at once, each with its path', () => {
    const result = readServiceConfig(
      env({
        name: 'shop',
        host: '',
        port: 70000,
        seed: 1.5,
        logLevel: 'loud',
        dependencies: { inventory: { url: 'ftp://x', required: 'yes', policy: { timeoutMs: 0 } }, billing: { url: 'http://127.0.0.1:1', required: true, policy: {} } },
      }),
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        'name must be one of gateway, catalog, orders, payments, inventory',
        'host must be a non-empty string',
        'port must be an integer from 0 to 65535',
        'seed must be an integer',
        'logLevel must be one of fatal, error, warn, info, debug, trace, silent',
        'dependencies.inventory.url must be an http:// URL',
        'dependencies.inventory.required must be a boolean',
        'dependencies.inventory.policy.timeoutMs must be >= 1',
        'dependencies.billing is not a service name',
      ],
    });
  });

  it('refuses a service that depends on itself', () => {
    const result = readServiceConfig(env(serviceConfig('orders', { orders: dependency('http://127.0.0.1:9000') })));
    expect(result.ok ? [] : result.problems).toEqual(['dependencies.orders: a service cannot depend on itself']);
  });
});
