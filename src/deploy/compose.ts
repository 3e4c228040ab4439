import { stringify } from 'yaml';
import type { Topology } from '../topology/model.js';
import { SERVICE_CONFIG_ENV } from '../core/service-contract.js';
import { STACK } from '../dashboards/stack.js';
import { COMPOSE_NETWORK, TOXIPROXY_SERVICE, portOf } from '../topology/container-network.js';
import { serviceRuntimeConfig, type DeployOptions } from './runtime-config.js';

/**
 * docker-compose.yml, generated from the topology (DESIGN habit 7: generated, checked in, and a
 * test fails when the file and services/topology.yaml disagree).
 *
 * The shipped file is for users' machines: the containers share a network of their own (compose's
 * default bridge network), reach one another by service name, and bind 0.0.0.0 inside their
 * containers; every port is published on the host's 127.0.0.1 only, at the topology's own port
 * number. From the host the stack therefore looks exactly like `faultline up`: `faultline run
 * --toxiproxy-url`, `slo budget` and the browser use the declared loopback addresses. Our own
 * machines never bring it up (a bridge would route to private-range addresses): CI validates it
 * with `docker-compose config`, and the container tests run the same images with host networking.
 * Compose file format 2.4: the newest that docker-compose v1 (Debian's 1.29.2) validates with
 * `depends_on` conditions, `init` and `build.network`; profiles need >= 1.28.
 */

export const IMAGES = {
  faultline: 'faultline:local',
  toxiproxy: 'ghcr.io/shopify/toxiproxy:2.12.0',
  prometheus: 'prom/prometheus:v2.55.1',
  alertmanager: 'prom/alertmanager:v0.27.0',
  grafana: 'grafana/grafana:11.6.0',
  k6: 'grafana/k6:1.0.0',
} as const;

export const PORTS = { prometheus: STACK.prometheus.port, alertmanager: STACK.alertmanager.port, grafana: 3000, k6Api: 6565 } as const;

const ANY = COMPOSE_NETWORK.listenHost;
/** Published on the host's loopback only, at the same port number as inside. */
const published = (...ports: number[]) => ports.map((port) => `127.0.0.1:${port}:${port}`);

/** The repository's layout is mounted under this folder, so relative paths inside configs keep working. */
const MOUNT = '/etc/faultline';

type Healthcheck = { test: string[]; interval: string; timeout: string; retries: number; start_period: string };
const healthcheck = (test: string[]): Healthcheck => ({ test: ['CMD', ...test], interval: '5s', timeout: '3s', retries: 12, start_period: '5s' });
const httpOk = (url: string) => healthcheck(['node', '-e', `fetch('${url}').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`]);
const wgetOk = (url: string) => healthcheck(['wget', '-q', '-O', '/dev/null', url]);
const healthy = (names: string[]) => Object.fromEntries(names.map((name) => [name, { condition: 'service_healthy' }]));

/** The compose document as an object (what the test compares field by field with the topology). */
export function composeDocument(topology: Topology, options: Omit<DeployOptions, 'network'> = {}): Record<string, unknown> {
  const deploy: DeployOptions = { ...options, network: COMPOSE_NETWORK };
  const proxyApiPort = portOf(topology.proxyApi);
  const harnessPort = portOf(topology.supervisorAdmin);
  const services: Record<string, unknown> = {
    [TOXIPROXY_SERVICE]: {
      image: IMAGES.toxiproxy,
      // -proxy-metrics: Toxiproxy serves /metrics (its byte counters) only when asked; Prometheus scrapes it.
      command: [`-host=${ANY}`, `-port=${proxyApiPort}`, '-config=/etc/toxiproxy/toxiproxy.json', '-proxy-metrics'],
      volumes: ['./docker/toxiproxy.json:/etc/toxiproxy/toxiproxy.json:ro'],
      ports: published(proxyApiPort),
      healthcheck: healthcheck(['/toxiproxy-cli', '--host', `http://127.0.0.1:${proxyApiPort}`, 'list']),
    },
  };
  for (const service of topology.services) {
    const config = serviceRuntimeConfig(topology, service.name, deploy);
    const dependsOn = [...(service.dependencies.length > 0 ? [TOXIPROXY_SERVICE] : []), ...service.dependencies.map((d) => d.service)];
    services[service.name] = {
      ...faultlineImage(),
      init: true,
      command: ['service', service.name],
      environment: { [SERVICE_CONFIG_ENV]: JSON.stringify(config) },
      ports: published(service.port),
      healthcheck: httpOk(`http://127.0.0.1:${service.port}/healthz`),
      ...(dependsOn.length > 0 ? { depends_on: healthy(dependsOn) } : {}),
    };
  }
  const names = topology.services.map((s) => s.name);
  const gateway = topology.services.find((s) => s.public) ?? topology.services[topology.services.length - 1];
  services[STACK.harness.service] = {
    ...faultlineImage(),
    init: true,
    command: ['harness', '--container-network', '--listen', `${ANY}:${harnessPort}`, '--toxiproxy-url', `http://${TOXIPROXY_SERVICE}:${proxyApiPort}`],
    ports: published(harnessPort),
    healthcheck: httpOk(`http://127.0.0.1:${harnessPort}/healthz`),
    depends_on: healthy([TOXIPROXY_SERVICE]),
  };
  services.prometheus = {
    image: IMAGES.prometheus,
    command: [
      `--config.file=${MOUNT}/dashboards/prometheus/prometheus.yml`,
      `--web.listen-address=${ANY}:${PORTS.prometheus}`,
      '--storage.tsdb.path=/prometheus',
      '--web.enable-lifecycle',
    ],
    volumes: [`./dashboards/prometheus:${MOUNT}/dashboards/prometheus:ro`, `./slo:${MOUNT}/slo:ro`],
    ports: published(PORTS.prometheus),
    healthcheck: wgetOk(`http://127.0.0.1:${PORTS.prometheus}/-/ready`),
    depends_on: healthy([...names, STACK.harness.service]),
  };
  services.alertmanager = {
    image: IMAGES.alertmanager,
    command: [
      `--config.file=${MOUNT}/dashboards/alertmanager/alertmanager.yml`,
      `--web.listen-address=${ANY}:${PORTS.alertmanager}`,
      // No gossip: one Alertmanager needs no cluster, and no port beyond its API.
      '--cluster.listen-address=',
      '--storage.path=/alertmanager',
    ],
    volumes: [`./dashboards/alertmanager:${MOUNT}/dashboards/alertmanager:ro`],
    ports: published(PORTS.alertmanager),
    healthcheck: wgetOk(`http://127.0.0.1:${PORTS.alertmanager}/-/ready`),
    depends_on: healthy([STACK.harness.service]),
  };
  services.grafana = {
    image: IMAGES.grafana,
    environment: {
      GF_SERVER_HTTP_PORT: String(PORTS.grafana),
      GF_PATHS_PROVISIONING: `${MOUNT}/dashboards/grafana/provisioning`,
      GF_AUTH_ANONYMOUS_ENABLED: 'true',
      GF_AUTH_ANONYMOUS_ORG_ROLE: 'Viewer',
      GF_ANALYTICS_REPORTING_ENABLED: 'false',
      GF_ANALYTICS_CHECK_FOR_UPDATES: 'false',
    },
    volumes: [`./dashboards/grafana:${MOUNT}/dashboards/grafana:ro`],
    ports: published(PORTS.grafana),
    healthcheck: wgetOk(`http://127.0.0.1:${PORTS.grafana}/api/health`),
    depends_on: healthy(['prometheus']),
  };
  services.k6 = {
    image: IMAGES.k6,
    profiles: ['k6'],
    // Its REST API stays inside the container: the health check is its only client.
    command: ['run', '--address', `127.0.0.1:${PORTS.k6Api}`, '/scripts/constant-rate.ts'],
    environment: { GATEWAY_URL: `http://${gateway?.name}:${gateway?.port}` },
    volumes: ['./load/k6:/scripts:ro'],
    // A load run, not a server: healthy while its REST API answers, i.e. while the test runs.
    healthcheck: healthcheck(['k6', 'status', '--address', `127.0.0.1:${PORTS.k6Api}`]),
    depends_on: healthy([gateway?.name ?? 'gateway']),
  };
  return { version: '2.4', services };
}

/** The one Faultline image every shop service and the harness run, built from the repository's Dockerfile. */
function faultlineImage(): Record<string, unknown> {
  return {
    build: { context: '.', args: { BASE_IMAGE: '${BASE_IMAGE:-node:20-bookworm-slim}', BUILD_IMAGE: '${BUILD_IMAGE:-node:20-bookworm}' } },
    image: IMAGES.faultline,
  };
}

const HEADER = `# Generated from services/topology.yaml by src/deploy/compose.ts; do not edit by hand.
# Regenerate: UPDATE_GOLDEN=1 npx vitest run tests/unit/compose (a test fails while they disagree).
#
#   docker-compose up -d --build       # the shop, Toxiproxy, the harness, Prometheus, Alertmanager, Grafana
#   docker-compose --profile k6 up k6  # plus k6 driving load/k6/constant-rate.ts
#   faultline run experiments/payments-outage.yaml \\
#     --toxiproxy-url http://127.0.0.1:8474 --prometheus-url http://127.0.0.1:9090
#
# The containers share their own network and find one another by service name; every port is
# published on 127.0.0.1 only, at the topology's port number (Grafana: http://127.0.0.1:3000).
# No registry? Build the base images first and pass them:
#   BASE_IMAGE=local/node:20-bookworm BUILD_IMAGE=local/node-build:20-bookworm docker-compose build
# (docker/README.md).
`;

export function renderCompose(topology: Topology, options: Omit<DeployOptions, 'network'> = {}): string {
  return HEADER + stringify(composeDocument(topology, options), { lineWidth: 0 });
}

