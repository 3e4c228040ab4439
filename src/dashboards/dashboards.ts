import { experimentsDashboard } from './experiments.js';
import type { Dashboard } from './grafana.js';
import { serviceRedDashboard } from './service-red.js';
import { sloOverviewDashboard } from './slo-overview.js';

/** Faultline's Grafana dashboards, each with the file it is written to under dashboards/grafana/. */

export interface NamedDashboard {
  /** e.g. `slo-overview.json` */
  file: string;
  dashboard: Dashboard;
}

export function buildDashboards(): NamedDashboard[] {
  return [
    { file: 'slo-overview.json', dashboard: sloOverviewDashboard() },
    { file: 'service-red.json', dashboard: serviceRedDashboard() },
    { file: 'experiments.json', dashboard: experimentsDashboard() },
  ];
}

/** The JSON file: two-space indentation and a final newline, as Grafana's "Export" writes it. */
export function renderDashboard(dashboard: Dashboard): string {
  return `${JSON.stringify(dashboard, null, 2)}\n`;
}
