import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { compileSloFile } from '../../../src/slo/compile.js';
import { evaluateBudget } from '../../../src/slo/evaluator/budget.js';
import { SliHistory } from '../../../src/slo/evaluator/history.js';
import { planSlice, planWindows } from '../../../src/slo/windows.js';
import { optionalBinary } from '../../helpers/binaries.js';
import { load, sloFile } from '../../unit/slo/helpers.js';

const promtool = optionalBinary('promtool', 'apt-get install prometheus');

/**
 * A timeslice SLO compressed 720× (a one-hour month, 4-second slices after clamping) whose service
 * answers 10 requests a second and fails half of them from 10:00 to 12:00: 30 of the hour's 900
 * slices are bad. Prometheus (through promtool) and the embedded evaluator must both say 30/900.
 */
const set = load(
  sloFile(
    '  - service: catalog\n    name: minutes\n    objective: 99\n    budgeting: { method: timeslices, sliceWindow: 1m, sliceObjective: 95 }\n    sli:\n      availability: {}\n',
    'timeScale: 720\n',
  ),
);
const okValues = '0+10x600 6010+5x119 6605+10x2880';
const errorValues = '0x600 5+5x119 600x2880';
const expectedBadShare = 30 / 900;

const dir = mkdtempSync(join(tmpdir(), 'faultline-timeslices-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(promtool.skip)('a timeslice budget under promtool', () => {
  it('records the share of bad slices over the period as the period ratio', () => {
    const compiled = compileSloFile(set, { name: 'slices', source: 'slices.yaml' });
    writeFileSync(join(dir, compiled.rulesFile), compiled.rules);
    const period = 'slo:sli_error:ratio_rate1h{sloth_id="catalog-minutes"}';
    const test = {
      rule_files: [compiled.rulesFile],
      evaluation_interval: '1s',
      group_eval_order: ['sli', 'meta', 'alerts'].map((kind) => `sloth-slo-${kind === 'alerts' ? 'alerts' : `${kind}-recordings`}-catalog-minutes`),
      tests: [
        {
          interval: '1s',
          input_series: [
            { series: 'http_server_request_duration_seconds_count{service="catalog", status_code="200"}', values: okValues },
            { series: 'http_server_request_duration_seconds_count{service="catalog", status_code="500"}', values: errorValues },
          ],
          promql_expr_test: [
            // Within a hair of 30/900 (promtool 2.42 compares exactly, so bracket the value).
            { expr: `(${period} > bool ${expectedBadShare - 1e-9}) + (${period} < bool ${expectedBadShare + 1e-9})`, eval_time: '1h', exp_samples: [{ labels: '{sloth_id="catalog-minutes", sloth_service="catalog", sloth_slo="minutes", sloth_window="1h"}', value: 2 }] },
            // Before the failure no slice is bad; the budget is whole.
            { expr: 'slo:period_error_budget_remaining:ratio{sloth_id="catalog-minutes"}', eval_time: '9m', exp_samples: [{ labels: 'slo:period_error_budget_remaining:ratio{sloth_id="catalog-minutes", sloth_service="catalog", sloth_slo="minutes", sloth_window="1h"}', value: 1 }] },
          ],
        },
      ],
    };
    writeFileSync(join(dir, 'slices.test.yml'), stringify(test));
    const result = spawnSync(promtool.path as string, ['test', 'rules', join(dir, 'slices.test.yml')], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).toMatch(/SUCCESS/);
    expect(result.status).toBe(0);
  }, 60_000);

  it('agrees with the embedded evaluator fed the same series', () => {
    const ok = expand(okValues);
    const errors = expand(errorValues);
    const history = new SliHistory({ retentionMs: 2 * 3_600_000 });
    ok.forEach((good, second) => history.record(second * 1000, { errors: errors[second] as number, total: good + (errors[second] as number) }));
    const plan = planWindows(30 * 86_400_000, { timeScale: 720 });
    const slo = set.slos[0];
    if (slo?.budgeting.method !== 'timeslices') throw new Error('expected a timeslice SLO');
    const report = evaluateBudget(history, 99, plan, 3_600_000, { sliceMs: planSlice(slo.budgeting.sliceMs, plan).sliceMs, sliceObjective: 95 });
    expect(report.slices).toMatchObject({ slices: 900, badSlices: 30 });
    expect(report.consumed * 0.01).toBeCloseTo(expectedBadShare, 12);
  });
});

/** promtool's expanding notation `a+bxn` (n + 1 values) and `axn`, space-separated. */
function expand(notation: string): number[] {
  return notation.split(' ').flatMap((term) => {
    const [, start, step, times] = /^(\d+)(?:\+(\d+))?x(\d+)$/.exec(term) ?? [];
    return Array.from({ length: Number(times) + 1 }, (_, i) => Number(start) + Number(step ?? 0) * i);
  });
}
