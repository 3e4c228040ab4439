import { stringify } from 'yaml';
import type { Topology } from '../topology/model.js';
import { serviceRuntimeConfig, splitAddress, type DeployOptions } from './runtime-config.js';

/**
 * docker-compose.yml, generated from the topology (DESIGN habit 7: generated, checked in, and a
 * test fails when the file and services/topology.yaml disagree).
 *
 * Every container uses host networking and binds 127.0.0.1, so the addresses are exactly the
 * topology's: the runner's external mode (`faultline run --toxiproxy-url`), `faultline apply/diff`
 * and the checked-in Prometheus config see the same ports as with `faultline up`; nothing is
 * published on another interface, and the stack also runs on the team's machines, where dockerd
 * has no bridge. Compose file format 2.4: the newest that docker-compose v1 (Debian's 1.29.2)
 * validates with `depends_on` conditions, `init` and `build.network`; profiles need ≥ 1.28.
 */

export const IMAGES = {
  faultline: 'faultline:local',
  toxiproxy: 'ghcr.io/shopify/toxiproxy:2.12.0',
  prometheus: 'prom/prometheus:v2.55.1',
  alertmanager: 'prom/alertmanager:v0.27.0',
  grafana: 'grafana/grafana:11.6.0',
  k6: 'grafana/k6:1.0.0',
} as const;

export const PORTS = { prometheus: 9090, alertmanager: 9093, grafana: 3000, k6Api: 6565 } as const;

/** The repository's layout is mounted under this folder, so relative paths inside configs keep working. */
const MOUNT = '/etc/faultline';

type Healthcheck = { test: string[]; interval: string; timeout: string; retries: number; start_period: string };
const healthcheck = (test: string[]): Healthcheck => ({ test: ['CMD', ...test], interval: '5s', timeout: '3s', retries: 12, start_period: '5s' });
const httpOk = (url: string) => healthcheck(['node', '-e', `fetch('${url}').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`]);
const wgetOk = (url: string) => healthcheck(['wget', '-q', '-O', '/dev/null', url]);
const healthy = (names: string[]) => Object.fromEntries(names.map((name) => [name, { condition: 'service_healthy' }]));

/** The compose document as an object (what the test compares field by field with the topology). */
export function composeDocument(topology: Topology, options: DeployOptions = {}): Record<string, unknown> {
  const proxyApi = splitAddress(topology.proxyApi);
  const services: Record<string, unknown> = {
    toxiproxy: {
      image: IMAGES.toxiproxy,
      network_mode: 'host',
      command: [`-host=${proxyApi.host}`, `-port=${proxyApi.port}`, '-config=/etc/toxiproxy/toxiproxy.json'],
      volumes: ['./docker/toxiproxy.json:/etc/toxiproxy/toxiproxy.json:ro'],
      healthcheck: healthcheck(['/toxiproxy-cli', '--host', `http://${topology.proxyApi}`, 'list']),
    },
  };
  for (const service of topology.services) {
    const config = serviceRuntimeConfig(topology, service.name, options);
    const dependsOn = [...(service.dependencies.length > 0 ? ['toxiproxy'] : []), ...service.dependencies.map((d) => d.service)];
    services[service.name] = {
      build: {
        context: '.',
        network: 'host',
        args: { BASE_IMAGE: '${BASE_IMAGE:-node:20-bookworm-slim}', BUILD_IMAGE: '${BUILD_IMAGE:-node:20-bookworm}' },
      },
      image: IMAGES.faultline,
      network_mode: 'host',
      init: true,
      command: ['service', service.name],
      environment: { FAULTLINE_SERVICE_CONFIG: JSON.stringify(config) },
      healthcheck: httpOk(`http://${config.host}:${config.port}/healthz`),
      ...(dependsOn.length > 0 ? { depends_on: healthy(dependsOn) } : {}),
    };
  }
  const names = topology.services.map((s) => s.name);
  const gateway = topology.services.find((s) => s.public) ?? topology.services[topology.services.length - 1];
  services.prometheus = {
    image: IMAGES.prometheus,
    network_mode: 'host',
    command: [
      `--config.file=${MOUNT}/dashboards/prometheus/prometheus.yml`,
      `--web.listen-address=127.0.0.1:${PORTS.prometheus}`,
      '--storage.tsdb.path=/prometheus',
      '--web.enable-lifecycle',
    ],
    volumes: [`./dashboards/prometheus:${MOUNT}/dashboards/prometheus:ro`, `./slo:${MOUNT}/slo:ro`],
    healthcheck: wgetOk(`http://127.0.0.1:${PORTS.prometheus}/-/ready`),
    depends_on: healthy(names),
  };
  services.alertmanager = {
    image: IMAGES.alertmanager,
    network_mode: 'host',
    command: [
      `--config.file=${MOUNT}/dashboards/alertmanager/alertmanager.yml`,
      `--web.listen-address=127.0.0.1:${PORTS.alertmanager}`,
      // No gossip: it would listen on every interface, and one Alertmanager needs no cluster.
      '--cluster.listen-address=',
      '--storage.path=/alertmanager',
    ],
    volumes: [`./dashboards/alertmanager:${MOUNT}/dashboards/alertmanager:ro`],
    healthcheck: wgetOk(`http://127.0.0.1:${PORTS.alertmanager}/-/ready`),
  };
  services.grafana = {
    image: IMAGES.grafana,
    network_mode: 'host',
    environment: {
      GF_SERVER_HTTP_ADDR: '127.0.0.1',
      GF_SERVER_HTTP_PORT: String(PORTS.grafana),
      GF_PATHS_PROVISIONING: `${MOUNT}/dashboards/grafana/provisioning`,
      GF_AUTH_ANONYMOUS_ENABLED: 'true',
      GF_AUTH_ANONYMOUS_ORG_ROLE: 'Viewer',
      GF_ANALYTICS_REPORTING_ENABLED: 'false',
      GF_ANALYTICS_CHECK_FOR_UPDATES: 'false',
    },
    volumes: [`./dashboards/grafana:${MOUNT}/dashboards/grafana:ro`],
    healthcheck: wgetOk(`http://127.0.0.1:${PORTS.grafana}/api/health`),
    depends_on: healthy(['prometheus']),
  };
  services.k6 = {
    image: IMAGES.k6,
    profiles: ['k6'],
    network_mode: 'host',
    command: ['run', '--address', `127.0.0.1:${PORTS.k6Api}`, '/scripts/constant-rate.ts'],
    environment: { GATEWAY_URL: `http://${gateway?.host}:${gateway?.port}` },
    volumes: ['./load/k6:/scripts:ro'],
    // A load run, not a server: healthy while its REST API answers, i.e. while the test runs.
    healthcheck: healthcheck(['k6', 'status', '--address', `127.0.0.1:${PORTS.k6Api}`]),
    depends_on: healthy([gateway?.name ?? 'gateway']),
  };
  return { version: '2.4', services };
}

const HEADER = `# Generated from services/topology.yaml by src/deploy/compose.ts; do not edit by hand.
# Regenerate: UPDATE_GOLDEN=1 npx vitest run tests/unit/compose (a test fails while they disagree).
#
#   docker-compose up -d --build       # the shop, Toxiproxy, Prometheus, Alertmanager, Grafana
#   docker-compose --profile k6 up k6  # plus k6 driving load/k6/constant-rate.ts
#   faultline run experiments/payments-outage.yaml --toxiproxy-url http://127.0.0.1:8474
#
# Host networking: every container binds 127.0.0.1 on the topology's ports (Linux; Docker Desktop
# needs host networking turned on). No registry? Build the base images first and pass them:
#   BASE_IMAGE=local/node:20-bookworm BUILD_IMAGE=local/node-build:20-bookworm docker-compose build
# (docker/README.md).
`;

export function renderCompose(topology: Topology, options: DeployOptions = {}): string {
  return HEADER + stringify(composeDocument(topology, options), { lineWidth: 0 });
}

