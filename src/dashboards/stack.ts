import { stringify } from 'yaml';
import { HARNESS_WEBHOOK_PATH, ScrapeJobNames } from '../core/conventions.js';
import { FaultlineError } from '../core/errors.js';
import { renderAlertmanagerConfig } from '../prometheus/alertmanager-config.js';
import { renderPrometheusConfig, type ScrapeJob } from '../prometheus/prometheus-config.js';
import { defaultScrapeIntervalMs, promDuration } from '../slo/windows.js';
import { portOf, proxyApiReach, serviceReach, type ContainerNetwork } from '../topology/container-network.js';
import type { Topology } from '../topology/model.js';
import { PROVISIONED_DATASOURCE_UID } from './grafana.js';

/**
 * The configuration of a Prometheus, Alertmanager and Grafana stack beside the shop: generated from
 * the topology with the same renderers `faultline up --prometheus` uses, so the scrape targets, the
 * webhook and the page-inhibits-ticket rule cannot drift from what the harness runs. Pure.
 *
 * On the compose file's own network (what dashboards/ holds) every address is a compose service
 * name; without one (host networking) every address is the topology's, on loopback.
 */

/**
 * Where the stack listens and what it reads. docker-compose.yml (src/deploy/compose.ts) mounts the
 * repository's folders read-only under /etc/faultline in the repository's own layout, so the rule
 * files are found relative to prometheus.yml (dashboards/prometheus/ → ../../slo/generated/).
 */
export const STACK = {
  prometheus: { service: 'prometheus', port: 9090 },
  alertmanager: { service: 'alertmanager', port: 9093 },
  harness: { service: 'harness' },
  /** The compiled SLO rules (slo/generated/*.rules.yml), relative to dashboards/prometheus/prometheus.yml. */
  ruleFiles: '../../slo/generated/*.rules.yml',
  /** dashboards/grafana/*.json as the Grafana container sees them. */
  dashboardsPath: '/etc/faultline/dashboards/grafana',
} as const;


export interface StackOptions {
  topology: Topology;
  /**
   * K of the rules Prometheus will load (`faultline slo compile --time-scale K`): 1 (real time, the
   * checked-in slo/generated/) scrapes every 30 s, a compressed game day every second, and
   * Alertmanager's timings shrink by K.
   */
  timeScale?: number;
  /** The topology file as the headers name it; default `services/topology.yaml`. */
  source?: string;
  /** The compose network the stack runs on (dashboards/ is generated for COMPOSE_NETWORK); absent: host networking. */
  network?: ContainerNetwork;
}

/** How the stack's own members reach one another: by compose service name, or on loopback. */
export function stackAddress(member: 'prometheus' | 'alertmanager', network?: ContainerNetwork): string {
  const { service, port } = STACK[member];
  return network ? `${service}:${port}` : `127.0.0.1:${port}`;
}

/** The harness beside the stack: the compose `harness` service on the topology's admin port, or the supervisor's admin API. */
export function harnessAddress(topology: Topology, network?: ContainerNetwork): string {
  return network ? `${STACK.harness.service}:${portOf(topology.supervisorAdmin)}` : topology.supervisorAdmin;
}

export function scrapeJobs(topology: Topology, network?: ContainerNetwork): ScrapeJob[] {
  const jobs: ScrapeJob[] = topology.services.map((service) => {
    if (service.port === 0) throw stackError(`service ${service.name} has no fixed port in the topology; Prometheus needs one to scrape it`);
    return { job: service.name, targets: [serviceReach(service, network)] };
  });
  jobs.push({ job: ScrapeJobNames.proxy, targets: [proxyApiReach(topology, network)] }, { job: ScrapeJobNames.harness, targets: [harnessAddress(topology, network)] });
  // Container names resolve on the compose network only; without one, nothing may leave loopback.
  if (network) return jobs;
  for (const job of jobs) {
    for (const target of job.targets) {
      if (!target.startsWith('127.')) throw stackError(`scrape target ${target} of ${job.job} is not a loopback address; the stack runs with host networking on 127.0.0.1`);
    }
  }
  return jobs;
}

export function scrapeIntervalMs(options: StackOptions): number {
  return defaultScrapeIntervalMs(options.timeScale ?? 1);
}

export function renderStackPrometheusConfig(options: StackOptions): string {
  return renderPrometheusConfig({
    jobs: scrapeJobs(options.topology, options.network),
    intervalMs: scrapeIntervalMs(options),
    ruleFiles: [STACK.ruleFiles],
    alertmanager: stackAddress('alertmanager', options.network),
    header: header(options, 'Prometheus: the services, the proxy and the harness, and the compiled SLO rules.'),
  });
}

/** The harness's webhook: the harness keeps each alert's firing and resolving. */
export function webhookUrl(topology: Topology, network?: ContainerNetwork): string {
  return `http://${harnessAddress(topology, network)}${HARNESS_WEBHOOK_PATH}`;
}

export function renderStackAlertmanagerConfig(options: StackOptions): string {
  return renderAlertmanagerConfig({
    webhookUrl: webhookUrl(options.topology, options.network),
    timeScale: options.timeScale ?? 1,
    header: header(options, "Alertmanager: every alert to the harness's webhook; a page holds back the same SLO's ticket."),
  });
}

export function renderGrafanaDatasource(options: StackOptions): string {
  const document = {
    apiVersion: 1,
    datasources: [
      {
        name: 'Prometheus',
        type: 'prometheus',
        uid: PROVISIONED_DATASOURCE_UID,
        access: 'proxy',
        url: `http://${stackAddress('prometheus', options.network)}`,
        isDefault: true,
        editable: false,
        // Prometheus' scrape interval: Grafana's $__rate_interval is at least four of it.
        jsonData: { timeInterval: promDuration(scrapeIntervalMs(options)), httpMethod: 'POST' },
      },
    ],
  };
  return `${header(options, 'Grafana data source: the stack’s Prometheus, with the uid the dashboards default to.')}\n${stringify(document, { lineWidth: 0 })}`;
}

export function renderGrafanaDashboardProvider(options: StackOptions): string {
  const document = {
    apiVersion: 1,
    providers: [
      {
        name: 'faultline',
        orgId: 1,
        folder: 'Faultline',
        type: 'file',
        disableDeletion: false,
        allowUiUpdates: false,
        updateIntervalSeconds: 30,
        options: { path: STACK.dashboardsPath, foldersFromFilesStructure: false },
      },
    ],
  };
  return `${header(options, `Grafana dashboards: every JSON file under ${STACK.dashboardsPath} (dashboards/grafana/*.json), in a Faultline folder.`)}\n${stringify(document, { lineWidth: 0 })}`;
}

/** The opening comment of every generated stack file: what it is and how it is made. */
function header(options: StackOptions, what: string): string {
  const k = options.timeScale ?? 1;
  const command = k === 1 ? 'faultline dashboards generate' : `faultline dashboards generate --time-scale ${k}`;
  return `# ${what}\n# Generated from ${options.source ?? 'services/topology.yaml'} by \`${command}\`. DO NOT EDIT.`;
}

function stackError(message: string): FaultlineError {
  return new FaultlineError('FAULTLINE_PROMETHEUS_CONFIG', message);
}
