import { buildDashboards, renderDashboard } from './dashboards.js';
import { COMPOSE_NETWORK } from '../topology/container-network.js';
import { renderGrafanaDashboardProvider, renderGrafanaDatasource, renderStackAlertmanagerConfig, renderStackPrometheusConfig, type StackOptions } from './stack.js';

/**
 * Everything under dashboards/ that is generated (habit 7: checked in, regenerated and diffed by a
 * test): the three Grafana dashboards, Grafana's provisioning, prometheus.yml and alertmanager.yml.
 * `faultline dashboards generate` writes exactly this list. They are the compose stack's, so every
 * address in them is a compose service name on its network.
 */

export interface GeneratedFile {
  /** Relative to the output folder (`dashboards/` in the repository), with `/` separators. */
  path: string;
  text: string;
}

export function generateDashboardFiles(stack: Omit<StackOptions, 'network'>): GeneratedFile[] {
  const options: StackOptions = { ...stack, network: COMPOSE_NETWORK };
  return [
    ...buildDashboards().map(({ file, dashboard }) => ({ path: `grafana/${file}`, text: renderDashboard(dashboard) })),
    { path: 'grafana/provisioning/datasources/prometheus.yml', text: renderGrafanaDatasource(options) },
    { path: 'grafana/provisioning/dashboards/faultline.yml', text: renderGrafanaDashboardProvider(options) },
    { path: 'prometheus/prometheus.yml', text: renderStackPrometheusConfig(options) },
    { path: 'alertmanager/alertmanager.yml', text: renderStackAlertmanagerConfig(options) },
  ];
}
