import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../../src/core/errors.js';
import type { Problem } from '../../../src/core/yaml-document.js';
import { parseTopology } from '../../../src/topology/load.js';
import { declaredProxies, withEphemeralPorts } from '../../../src/topology/model.js';

const shipped = readFileSync(new URL('../../../services/topology.yaml', import.meta.url), 'utf8');

function problemsOf(text: string): Problem[] {
  try {
    parseTopology(text, 'topology.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(FaultlineError);
    expect((error as FaultlineError).code).toBe('FAULTLINE_CONFIG_INVALID');
    return (error as FaultlineError).details.problems as Problem[];
  }
  throw new Error('expected the topology to be refused');
}

const minimal = (services: string) => `apiVersion: faultline.dev/v1\nkind: Topology\nservices:\n${services}`;

describe('the shipped topology', () => {
  const topology = parseTopology(shipped, 'services/topology.yaml');

  it('declares the five services in start order, dependencies first', () => {
    expect(topology.services.map((s) => s.name)).toEqual(['inventory', 'payments', 'catalog', 'orders', 'gateway']);
    expect(topology.services.find((s) => s.public)?.name).toBe('gateway');
  });

  it('carries every inter-service call through a named proxy', () => {
    expect(declaredProxies(topology).map(({ caller, dependency }) => `${caller}→${dependency.service} via ${dependency.proxy.name}`)).toEqual([
      'catalog→inventory via catalog_inventory',
      'orders→inventory via orders_inventory',
      'orders→payments via orders_payments',
      'gateway→catalog via gateway_catalog',
      'gateway→orders via gateway_orders',
    ]);
  });

  it('turns resilience settings into policies in milliseconds', () => {
    const orders = topology.services.find((s) => s.name === 'orders');
    expect(orders?.dependencies.find((d) => d.service === 'payments')?.policy).toEqual({
      timeoutMs: 500,
      retries: { attempts: 2, backoffMs: 50, maxBackoffMs: 400, budget: 0.2 },
      circuitBreaker: { failureRatio: 0.5, minimumRequests: 10, windowMs: 10_000, halfOpenAfterMs: 5000 },
      bulkhead: { limit: 32, queue: 64 },
    });
    expect(topology.services.find((s) => s.name === 'catalog')?.dependencies[0]).toMatchObject({ required: false, policy: { fallback: true } });
  });

  it('can be moved to free ports for side-by-side runs', () => {
    const ephemeral = withEphemeralPorts(topology);
    expect(ephemeral.proxyApi).toBe('127.0.0.1:0');
    expect(ephemeral.services.every((s) => s.port === 0)).toBe(true);
    expect(declaredProxies(ephemeral).every(({ dependency }) => dependency.proxy.listen === '127.0.0.1:0')).toBe(true);
  });
});

describe('an invalid topology', () => {
  it('reports every schema problem with its path and line', () => {
    const problems = problemsOf(
      [
        'apiVersion: faultline.dev/v2',
        'kind: Topology',
        'services:',
        '  gateway:',
        '    port: 99999',
        '    restrat: always',
        '    dependencies:',
        '      catalog:',
        '        proxy: { name: gw_cat, listen: "nocolon" }',
        '        resilience: { timeout: fast }',
        '  billing: {}',
      ].join('\n'),
    );
    expect(problems.map((p) => `${p.line}:${p.path}: ${p.message}`)).toEqual([
      '1:apiVersion: must be "faultline.dev/v1"',
      '5:services.gateway.port: must be <= 65535',
      '6:services.gateway.restrat: unknown field "restrat"',
      '9:services.gateway.dependencies.catalog.proxy.listen: has the wrong form (expected host:port, e.g. 127.0.0.1:8474)',
      '10:services.gateway.dependencies.catalog.resilience.timeout: has the wrong form (expected A duration such as 250ms, 5s, 1m30s)',
      '11:services.billing: unknown name "billing"',
    ]);
  });

  it('reports broken meaning: unknown dependencies, cycles, names and ports used twice', () => {
    const problems = problemsOf(
      minimal(
        [
          '  orders:',
          '    port: 9000',
          '    dependencies:',
          '      payments: { proxy: { name: p1, listen: "127.0.0.1:9100" } }',
          '  payments:',
          '    port: 9000',
          '    dependencies:',
          '      orders: { proxy: { name: p1, listen: "127.0.0.1:9101" } }',
          '  catalog:',
          '    dependencies:',
          '      inventory: { proxy: { name: p3, listen: "127.0.0.1:9100" } }',
        ].join('\n'),
      ),
    );
    expect(problems.map((p) => p.message)).toEqual([
      'dependency cycle: orders → payments',
      'address 127.0.0.1:9000 is already used by services.orders.port',
      'proxy name "p1" is already used by services.orders.dependencies.payments',
      'depends on inventory, which is not declared under services (declare it, or give proxy.upstream)',
      'address 127.0.0.1:9100 is already used by services.orders.dependencies.payments.proxy.listen',
    ]);
    expect(problems.every((p) => p.line > 3)).toBe(true);
  });

  it('reports YAML syntax errors with their line', () => {
    const problems = problemsOf('apiVersion: faultline.dev/v1\nkind: Topology\nservices:\n  gateway: {port: 1\n');
    expect(problems[0]?.message).toMatch(/^not valid YAML: /);
    expect(problems[0]?.line).toBeGreaterThanOrEqual(4);
  });

  it('names the file in its message, one problem per line', () => {
    expect(() => parseTopology(minimal('  gateway: { port: -1 }'), 'topo.yaml')).toThrow(/^topo\.yaml: invalid topology:\ntopo\.yaml:4:\d+: services\.gateway\.port: must be >= 0$/);
  });
});
