import type { SloSet } from './model.js';
import { buildPromtoolTests } from './promtool-tests.js';
import { renderPromtoolTests, renderPrometheusRules } from './render.js';
import { compileRules, type SloWarning } from './rules.js';

/**
 * One SLO file → its two generated files: the Prometheus rules and the promtool tests that check
 * them. Pure (text in memory), so `faultline slo compile` and the checked-in-files test produce the
 * same bytes from the same model.
 */

export interface CompiledSloFiles {
  /** `<name>.rules.yml` */
  rulesFile: string;
  rules: string;
  ruleCount: number;
  /** `<name>.test.yml`; names the rules file relatively, so the two stay together. */
  testFile: string;
  tests: string;
  testCount: number;
  warnings: SloWarning[];
}

export interface CompileSloFileOptions {
  /** Base name of the outputs, e.g. `shop` for slo/shop.yaml. */
  name: string;
  /** The SLO file as the headers name it (e.g. `slo/shop.yaml`). */
  source: string;
  timeScale?: number;
  scrapeIntervalMs?: number;
}

export function compileSloFile(set: SloSet, options: CompileSloFileOptions): CompiledSloFiles {
  const compileOptions = {
    ...(options.timeScale !== undefined ? { timeScale: options.timeScale } : {}),
    ...(options.scrapeIntervalMs !== undefined ? { scrapeIntervalMs: options.scrapeIntervalMs } : {}),
  };
  const rulesFile = `${options.name}.rules.yml`;
  const compiled = compileRules(set, compileOptions);
  const tests = buildPromtoolTests(set, { ...compileOptions, ruleFile: rulesFile });
  return {
    rulesFile,
    rules: renderPrometheusRules(compiled.groups, { source: options.source }),
    ruleCount: compiled.groups.reduce((sum, group) => sum + group.rules.length, 0),
    testFile: `${options.name}.test.yml`,
    tests: renderPromtoolTests(tests.file, { source: options.source }),
    testCount: tests.file.tests.length,
    warnings: [...compiled.warnings, ...tests.warnings],
  };
}
