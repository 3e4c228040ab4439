import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { burnFactors } from '../../../src/dashboards/common.js';
import { buildDashboards, renderDashboard } from '../../../src/dashboards/dashboards.js';
import { EXPERIMENTS_UID } from '../../../src/dashboards/experiments.js';
import { dashboardExpressions } from '../../../src/dashboards/expressions.js';
import { DATASOURCE, PROVISIONED_DATASOURCE_UID, SCHEMA_VERSION, type Dashboard, type GridPos, type Panel } from '../../../src/dashboards/grafana.js';
import { layout } from '../../../src/dashboards/panels.js';
import { SERVICE_RED_UID } from '../../../src/dashboards/service-red.js';
import { SLO_OVERVIEW_UID } from '../../../src/dashboards/slo-overview.js';
import { renderGrafanaDatasource } from '../../../src/dashboards/stack.js';
import { shippedTopology } from './helpers.js';

const dashboards = buildDashboards();
const byUid = (uid: string) => dashboards.find((d) => d.dashboard.uid === uid)?.dashboard as Dashboard;
const panelsOf = (d: Dashboard) => d.panels.filter((p): p is Panel => p.type !== 'row');

describe('the dashboards', () => {
  it('are three, with stable uids and file names', () => {
    expect(dashboards.map((d) => [d.file, d.dashboard.uid])).toEqual([
      ['slo-overview.json', SLO_OVERVIEW_UID],
      ['service-red.json', SERVICE_RED_UID],
      ['experiments.json', EXPERIMENTS_UID],
    ]);
    expect(new Set(dashboards.map((d) => d.dashboard.uid)).size).toBe(3);
    // Grafana refuses uids over 40 characters.
    for (const { dashboard } of dashboards) expect(dashboard.uid).toMatch(/^[a-z0-9-]{1,40}$/);
  });

  it('are the same bytes every time they are built', () => {
    expect(buildDashboards().map((d) => renderDashboard(d.dashboard))).toEqual(dashboards.map((d) => renderDashboard(d.dashboard)));
  });

  it.each(dashboards.map((d) => ({ title: d.dashboard.title, dashboard: d.dashboard })))('$title is an importable schemaVersion 39 dashboard tagged faultline', ({ dashboard }) => {
    expect(dashboard.schemaVersion).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(39);
    expect(dashboard.id).toBeNull();
    expect(dashboard.tags).toContain('faultline');
    expect(dashboard.title).toMatch(/^Faultline \/ /);
  });
});

describe.each(dashboards.map((d) => ({ title: d.dashboard.title, dashboard: d.dashboard })))('$title', ({ dashboard }) => {
  const variables = dashboard.templating.list;

  it('queries only through the datasource variable, whose default is the provisioned uid', () => {
    const provisioned = parse(renderGrafanaDatasource({ topology: shippedTopology })) as { datasources: Array<{ uid: string; type: string }> };
    expect(provisioned.datasources[0]).toMatchObject({ uid: PROVISIONED_DATASOURCE_UID, type: 'prometheus' });
    const datasource = variables[0];
    expect(datasource).toMatchObject({ type: 'datasource', name: 'datasource', query: 'prometheus', current: { value: PROVISIONED_DATASOURCE_UID } });
    for (const panel of panelsOf(dashboard)) {
      expect(panel.datasource, panel.title).toEqual(DATASOURCE);
      for (const target of panel.targets) expect(target.datasource, panel.title).toEqual(DATASOURCE);
    }
    for (const variable of variables.filter((v) => v.type === 'query')) expect(variable.datasource).toEqual(DATASOURCE);
    for (const annotation of dashboard.annotations.list.filter((a) => a.target)) expect(annotation.datasource, annotation.name).toEqual(DATASOURCE);
    expect(JSON.stringify(dashboard)).not.toContain('DS_PROMETHEUS');
  });

  it('gives every panel a unique id, a description and targets with unique refIds', () => {
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of panelsOf(dashboard)) {
      expect(panel.description.length, panel.title).toBeGreaterThan(20);
      expect(panel.targets.length, panel.title).toBeGreaterThan(0);
      expect(new Set(panel.targets.map((t) => t.refId)).size).toBe(panel.targets.length);
    }
  });

  it('lays the panels out on the 24-column grid without overlaps', () => {
    const boxes = dashboard.panels.map((p) => ({ title: p.title, ...p.gridPos }));
    for (const box of boxes) expect(box.x + box.w, box.title).toBeLessThanOrEqual(24);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) expect(overlap(boxes[i] as GridPos, boxes[j] as GridPos), `${boxes[i]?.title} / ${boxes[j]?.title}`).toBe(false);
    }
  });

  it('repeats rows only over multi-value variables it defines', () => {
    for (const panel of dashboard.panels) {
      if (panel.type !== 'row' || !panel.repeat) continue;
      const variable = variables.find((v) => v.name === panel.repeat);
      expect(variable, panel.title).toMatchObject({ type: 'query', multi: true, includeAll: true });
      expect(panel.title).toContain(`$${panel.repeat}`);
    }
  });

  it('marks annotations with expressions that are positive exactly while the event lasts', () => {
    // Grafana drops samples <= 0 and joins consecutive positive ones into a region, so a bare
    // `enabled == 0` (value 0) would never show: each query is `> 0`, `1 - gauge` or ALERTS (1).
    for (const annotation of dashboard.annotations.list.filter((a) => a.target)) {
      expect(annotation.target?.expr, annotation.name).toMatch(/> 0$|^1 - |^ALERTS\{/);
      expect(annotation.titleFormat, annotation.name).not.toBe('');
    }
  });
});

describe('the SLO overview', () => {
  const overview = byUid(SLO_OVERVIEW_UID);

  it('has a template variable over sloth_id from sloth_slo_info, and a row repeated per SLO', () => {
    expect(overview.templating.list.find((v) => v.name === 'slo')).toMatchObject({ definition: 'label_values(sloth_slo_info, sloth_id)' });
    expect(overview.panels.filter((p) => p.type === 'row' && p.repeat === 'slo')).toHaveLength(1);
  });

  it('draws the burn-rate thresholds of the alerts: the Workbook’s 14.4× and 6× page, 3× and 1× ticket', () => {
    expect(burnFactors()).toEqual({ page: [6, 14.4], ticket: [1, 3] });
    const burn = panelsOf(overview).find((p) => p.title === 'Burn rate per window') as Panel;
    const steps = (burn.fieldConfig.defaults.thresholds as { steps: Array<{ value: number | null }> }).steps.map((s) => s.value);
    expect(steps).toEqual([null, 1, 3, 6, 14.4]);
  });

  it('has the SLI, burn rate, budget and alert panels per SLO', () => {
    const titles = panelsOf(overview).map((p) => p.title);
    expect(titles).toEqual(expect.arrayContaining(['SLI error ratio per window', 'Burn rate per window', 'Error budget remaining', 'Burn-rate alerts', 'Budget remaining', 'Alerts firing']));
  });
});

describe('the service RED dashboard', () => {
  const red = byUid(SERVICE_RED_UID);
  const exprs = dashboardExpressions(red).map((e) => e.expr).join('\n');

  it.each([
    'http_server_request_duration_seconds_count',
    'http_server_request_duration_seconds_bucket',
    'http_client_request_duration_seconds_count',
    'http_client_request_duration_seconds_bucket',
    'faultline_client_circuit_state',
    'faultline_client_retries_total',
    'faultline_client_bulkhead_rejections_total',
    'faultline_client_fallbacks_total',
  ])('reads %s', (name) => {
    expect(exprs).toContain(name);
  });

  it('breaks dependency calls down by peer and final outcome', () => {
    expect(exprs).toContain('sum by (service, peer, outcome) (rate(http_client_request_duration_seconds_count');
  });
});

describe('the experiments dashboard', () => {
  const experiments = byUid(EXPERIMENTS_UID);

  it('draws the faults as annotations from the proxy series, the scrape targets and both alert sources', () => {
    expect(experiments.annotations.list.map((a) => a.name)).toEqual([
      'Annotations & Alerts',
      'Faults: toxics',
      'Faults: proxy disabled',
      'Faults: leased',
      'Faults: lease expired',
      'Faults: target down',
      'SLO alerts (harness)',
      'SLO alerts (Prometheus)',
    ]);
    const annotationExprs = experiments.annotations.list.map((a) => a.target?.expr ?? '').join('\n');
    for (const name of ['faultline_proxy_active_toxics', 'faultline_proxy_enabled', 'faultline_proxy_leases_active', 'faultline_proxy_leases_expired_total', 'faultline_slo_alert_firing']) {
      expect(annotationExprs).toContain(name);
    }
  });

  it('draws the harness’s faultline_slo_* SLIs under them', () => {
    const exprs = panelsOf(experiments).flatMap((p) => p.targets.map((t) => t.expr));
    for (const name of ['faultline_slo_sli_error_ratio', 'faultline_slo_burn_rate', 'faultline_slo_error_budget_remaining_ratio', 'faultline_slo_alert_firing']) {
      expect(exprs.some((e) => e.includes(name)), name).toBe(true);
    }
  });
});

describe('layout', () => {
  it('flows panels left to right, wraps at 24 columns and puts rows on their own line', () => {
    const spec = (title: string, width: number, height: number) => ({ type: 'stat' as const, title, description: '', width, height, targets: [] });
    const placed = layout([{ row: { title: 'r' }, panels: [spec('a', 12, 4), spec('b', 12, 8), spec('c', 6, 4)] }, { panels: [spec('d', 24, 2)] }]);
    expect(placed.map((p) => [p.id, p.title, p.gridPos])).toEqual([
      [1, 'r', { h: 1, w: 24, x: 0, y: 0 }],
      [2, 'a', { h: 4, w: 12, x: 0, y: 1 }],
      [3, 'b', { h: 8, w: 12, x: 12, y: 1 }],
      [4, 'c', { h: 4, w: 6, x: 0, y: 9 }],
      [5, 'd', { h: 2, w: 24, x: 0, y: 13 }],
    ]);
  });

  it('refuses a panel wider than the grid', () => {
    expect(() => layout([{ panels: [{ type: 'stat', title: 'wide', description: '', width: 25, height: 1, targets: [] }] }])).toThrow(/"wide" is 25 columns wide/);
  });
});

function overlap(a: GridPos, b: GridPos): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}
