import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDashboards } from '../../../src/dashboards/dashboards.js';
import { dashboardExpressions, interpolateForParsing, variableNames, type DashboardExpression } from '../../../src/dashboards/expressions.js';
import { optionalBinary } from '../../helpers/binaries.js';

/**
 * The Lezer grammar checks syntax; Prometheus' own parser also checks types (a range where a vector
 * belongs, a function's argument count, `bool` outside a comparison). `promtool check rules` runs it:
 * every dashboard expression becomes a recording rule, and promtool must accept them all.
 */
const promtool = optionalBinary('promtool', 'apt-get install prometheus');

describe.skipIf(promtool.skip)('every dashboard expression passes Prometheus’ own parser (promtool check rules)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'faultline-dashboard-promql-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it.each(buildDashboards().map(({ file, dashboard }) => ({ file, dashboard })))('$file', ({ file, dashboard }) => {
    const expressions: DashboardExpression[] = dashboardExpressions(dashboard);
    const rules = expressions.map((expression, i) => ({ record: `faultline_dashboard_check:expr${i}`, expr: interpolateForParsing(expression.expr, variableNames(dashboard)).text }));
    const path = join(folder, file.replace(/\.json$/, '.rules.yml'));
    writeFileSync(path, stringify({ groups: [{ name: file, rules }] }, { lineWidth: 0 }));
    const result = spawnSync(promtool.path ?? 'promtool', ['check', 'rules', path], { encoding: 'utf8' });
    const output = result.stdout + result.stderr;
    // promtool names a failing rule by its index in the group; point at the dashboard's panel instead.
    const located = output.replace(/(?:group "[^"]*", )?rule (\d+)/g, (match, n: string) => `${match} (${expressions[Number(n) - 1]?.where ?? '?'})`);
    expect(result.status, located).toBe(0);
    expect(output).toContain(`SUCCESS: ${expressions.length} rules found`);
  });
});
