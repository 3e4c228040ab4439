import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { FaultlineError } from '../../../src/core/errors.js';
import {
  renderGrafanaDashboardProvider,
  renderGrafanaDatasource,
  renderStackAlertmanagerConfig,
  renderStackPrometheusConfig,
  scrapeJobs,
  STACK,
} from '../../../src/dashboards/stack.js';
import type { Topology } from '../../../src/topology/model.js';
import { optionalBinary } from '../../helpers/binaries.js';
import { packageFile } from '../../../src/core/package-root.js';
import { COMPOSE_NETWORK } from '../../../src/topology/container-network.js';
import { shippedTopology } from './helpers.js';

interface PromConfig {
  global: Record<string, string>;
  rule_files: string[];
  alerting: { alertmanagers: Array<{ static_configs: Array<{ targets: string[] }> }> };
  scrape_configs: Array<{ job_name: string; metrics_path: string; static_configs: Array<{ targets: string[] }> }>;
}

const prometheus = parse(renderStackPrometheusConfig({ topology: shippedTopology })) as PromConfig;
const alertmanager = parse(renderStackAlertmanagerConfig({ topology: shippedTopology })) as Record<string, unknown>;
const targets = Object.fromEntries(prometheus.scrape_configs.map((job) => [job.job_name, job.static_configs[0]?.targets]));

describe('dashboards/prometheus/prometheus.yml', () => {
  it('scrapes the five services at their topology ports, the proxy API and the harness', () => {
    expect(targets).toEqual({
      catalog: ['127.0.0.1:9101'],
      'faultline-harness': ['127.0.0.1:8475'],
      'faultline-proxy': ['127.0.0.1:8474'],
      gateway: ['127.0.0.1:8080'],
      inventory: ['127.0.0.1:9103'],
      orders: ['127.0.0.1:9102'],
      payments: ['127.0.0.1:9104'],
    });
    for (const job of prometheus.scrape_configs) expect(job.metrics_path).toBe('/metrics');
  });

  it('follows the topology, so a moved service moves its target', () => {
    const moved: Topology = { ...shippedTopology, services: shippedTopology.services.map((s) => (s.name === 'gateway' ? { ...s, port: 18080 } : s)) };
    expect(scrapeJobs(moved).find((job) => job.job === 'gateway')?.targets).toEqual(['127.0.0.1:18080']);
  });

  it('loads the mounted compiled rules and alerts the Alertmanager on loopback', () => {
    expect(prometheus.rule_files).toEqual([STACK.ruleFiles]);
    expect(prometheus.alerting.alertmanagers[0]?.static_configs[0]?.targets).toEqual(['127.0.0.1:9093']);
  });

  it('scrapes every 30 s for the real-time rules, every second for a compressed game day', () => {
    expect(prometheus.global).toEqual({ scrape_interval: '30s', scrape_timeout: '10s', evaluation_interval: '30s' });
    const compressed = parse(renderStackPrometheusConfig({ topology: shippedTopology, timeScale: 720 })) as PromConfig;
    expect(compressed.global).toEqual({ scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' });
  });

  it('says how it was generated', () => {
    expect(renderStackPrometheusConfig({ topology: shippedTopology })).toMatch(/^# .*\n# Generated from services\/topology.yaml by `faultline dashboards generate`\. DO NOT EDIT\.\n/);
    expect(renderStackPrometheusConfig({ topology: shippedTopology, timeScale: 60 })).toContain('`faultline dashboards generate --time-scale 60`');
  });

  it('refuses a service without a fixed port, or an address off loopback', () => {
    const portless: Topology = { ...shippedTopology, services: shippedTopology.services.map((s) => (s.name === 'orders' ? { ...s, port: 0 } : s)) };
    expect(() => scrapeJobs(portless)).toThrow(FaultlineError);
    expect(() => scrapeJobs(portless)).toThrow(/orders has no fixed port/);
    expect(() => scrapeJobs({ ...shippedTopology, proxyApi: '10.0.0.5:8474' })).toThrow(/not a loopback address/);
  });
});

describe('dashboards/alertmanager/alertmanager.yml', () => {
  it('sends every alert, resolutions included, to the harness webhook', () => {
    expect(alertmanager.receivers).toEqual([{ name: 'faultline-webhook', webhook_configs: [{ url: 'http://127.0.0.1:8475/alerts/webhook', send_resolved: true }] }]);
    expect(alertmanager.route).toMatchObject({ receiver: 'faultline-webhook', group_wait: '30s' });
  });

  it('holds back a ticket while the same SLO pages', () => {
    expect(alertmanager.inhibit_rules).toEqual([{ source_matchers: ['sloth_severity="page"'], target_matchers: ['sloth_severity="ticket"'], equal: ['alertname', 'sloth_id'] }]);
  });

  it('shrinks its timings with the time scale', () => {
    expect((parse(renderStackAlertmanagerConfig({ topology: shippedTopology, timeScale: 60 })) as { route: unknown }).route).toMatchObject({ group_wait: '500ms' });
  });
});

describe('on the compose network (what dashboards/ holds)', () => {
  const options = { topology: shippedTopology, network: COMPOSE_NETWORK };
  const config = parse(renderStackPrometheusConfig(options)) as PromConfig;

  it('scrapes every member by its compose service name, at the topology ports', () => {
    expect(Object.fromEntries(config.scrape_configs.map((job) => [job.job_name, job.static_configs[0]?.targets]))).toEqual({
      catalog: ['catalog:9101'],
      'faultline-harness': ['harness:8475'],
      'faultline-proxy': ['toxiproxy:8474'],
      gateway: ['gateway:8080'],
      inventory: ['inventory:9103'],
      orders: ['orders:9102'],
      payments: ['payments:9104'],
    });
    expect(config.alerting.alertmanagers[0]?.static_configs[0]?.targets).toEqual(['alertmanager:9093']);
  });

  it("delivers alerts to the stack's harness service, and Grafana reads the stack's Prometheus by name", () => {
    expect((parse(renderStackAlertmanagerConfig(options)) as { receivers: unknown }).receivers).toEqual([{ name: 'faultline-webhook', webhook_configs: [{ url: 'http://harness:8475/alerts/webhook', send_resolved: true }] }]);
    expect(parse(renderGrafanaDatasource(options)).datasources[0].url).toBe('http://prometheus:9090');
  });
});

describe('Grafana provisioning', () => {
  it('points the prometheus data source at the stack’s Prometheus, with its scrape interval', () => {
    expect(parse(renderGrafanaDatasource({ topology: shippedTopology }))).toEqual({
      apiVersion: 1,
      datasources: [{ name: 'Prometheus', type: 'prometheus', uid: 'prometheus', access: 'proxy', url: 'http://127.0.0.1:9090', isDefault: true, editable: false, jsonData: { timeInterval: '30s', httpMethod: 'POST' } }],
    });
    expect(parse(renderGrafanaDatasource({ topology: shippedTopology, timeScale: 720 })).datasources[0].jsonData.timeInterval).toBe('1s');
  });

  it('loads the dashboards from the folder the compose file mounts them to', () => {
    expect(parse(renderGrafanaDashboardProvider({ topology: shippedTopology })).providers).toEqual([
      expect.objectContaining({ name: 'faultline', type: 'file', folder: 'Faultline', options: { path: '/etc/faultline/dashboards/grafana', foldersFromFilesStructure: false } }),
    ]);
  });
});

describe('the configs pass Prometheus’ and Alertmanager’s own checks', () => {
  const promtool = optionalBinary('promtool', 'apt-get install prometheus');
  const amtool = optionalBinary('amtool', 'apt-get install prometheus-alertmanager');
  const folder = mkdtempSync(join(tmpdir(), 'faultline-stack-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it.skipIf(promtool.skip)('promtool check config', () => {
    const file = join(folder, 'prometheus.yml');
    writeFileSync(file, renderStackPrometheusConfig({ topology: shippedTopology }));
    const result = spawnSync(promtool.path ?? 'promtool', ['check', 'config', file], { encoding: 'utf8' });
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });

  it.skipIf(promtool.skip)('promtool check config on the checked-in dashboards/prometheus/prometheus.yml, its compiled rule files included', () => {
    const result = spawnSync(promtool.path ?? 'promtool', ['check', 'config', packageFile('dashboards/prometheus/prometheus.yml')], { encoding: 'utf8' });
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/SUCCESS: \d+ rules found/);
  });

  it.skipIf(amtool.skip)('amtool check-config', () => {
    const file = join(folder, 'alertmanager.yml');
    writeFileSync(file, renderStackAlertmanagerConfig({ topology: shippedTopology }));
    const result = spawnSync(amtool.path ?? 'amtool', ['check-config', file], { encoding: 'utf8' });
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });
});
