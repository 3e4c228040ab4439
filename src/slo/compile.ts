import type { Labels, SloSet } from './model.js';
import { checkResourceLabels, DEFAULT_RESOURCE_LABELS, resourceName } from './operator.js';
import { buildPromtoolTests } from './promtool-tests.js';
import { renderPromtoolTests, renderPrometheusRuleResource, renderPrometheusRules } from './render.js';
import { compileRules, type CompiledRules, type SloWarning } from './rules.js';
import { trafficReports } from './traffic.js';

/**
 * One SLO file → its generated files: the Prometheus rules and the promtool tests that check them,
 * or the same rules as a prometheus-operator PrometheusRule. Pure (text in memory), so
 * `faultline slo compile`, `faultline slo lint` and the checked-in-files test produce the same bytes
 * and the same warnings from the same model.
 */

export const SLO_OUTPUT_FORMATS = ['prometheus', 'prometheus-operator'] as const;
export type SloOutputFormat = (typeof SLO_OUTPUT_FORMATS)[number];

/** Where a warning comes from: clamped alert windows, a SLO without tests, or low traffic. */
export type CompileWarningKind = 'windows' | 'tests' | 'traffic';

export interface CompileWarning extends SloWarning {
  kind: CompileWarningKind;
}

export interface CompiledSloFiles {
  /** `<name>.rules.yml` */
  rulesFile: string;
  rules: string;
  ruleCount: number;
  /** `<name>.test.yml`; names the rules file relatively, so the two stay together. */
  testFile: string;
  tests: string;
  testCount: number;
  warnings: CompileWarning[];
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
  const compileOptions = windowOptions(options);
  const rulesFile = `${options.name}.rules.yml`;
  const compiled = compileRules(set, compileOptions);
  const tests = buildPromtoolTests(set, { ...compileOptions, ruleFile: rulesFile, groups: compiled.groups });
  return {
    rulesFile,
    rules: renderPrometheusRules(compiled.groups, { source: options.source }),
    ruleCount: countRules(compiled),
    testFile: `${options.name}.test.yml`,
    tests: renderPromtoolTests(tests.file, { source: options.source }),
    testCount: tests.file.tests.length,
    warnings: [...tagged(compiled.warnings, 'windows'), ...tagged(tests.warnings, 'tests'), ...lowTrafficWarnings(set, compileOptions)],
  };
}

export interface CompiledPrometheusRule {
  /** `<name>.prometheusrule.yml` */
  file: string;
  text: string;
  /** The object's `metadata.name`. */
  resourceName: string;
  ruleCount: number;
  warnings: CompileWarning[];
}

export interface CompilePrometheusRuleOptions extends CompileSloFileOptions {
  /** Extra `metadata.labels` (e.g. what the Prometheus' ruleSelector matches), added to the defaults. */
  labels?: Labels;
}

/**
 * The same rule groups as compileSloFile's rules file, as a PrometheusRule object. No promtool
 * tests: promtool reads plain rule files, and the groups are identical, so the plain format's tests
 * (`faultline slo test`) check these rules too.
 */
export function compilePrometheusRule(set: SloSet, options: CompilePrometheusRuleOptions): CompiledPrometheusRule {
  const compileOptions = windowOptions(options);
  const compiled = compileRules(set, compileOptions);
  const name = resourceName(options.name);
  const labels = { ...DEFAULT_RESOURCE_LABELS, ...checkResourceLabels(options.labels ?? {}) };
  return {
    file: `${options.name}.prometheusrule.yml`,
    text: renderPrometheusRuleResource(compiled.groups, { source: options.source, name, labels }),
    resourceName: name,
    ruleCount: countRules(compiled),
    warnings: [...tagged(compiled.warnings, 'windows'), ...lowTrafficWarnings(set, compileOptions)],
  };
}

/** Low-traffic warnings of the SLOs that declare `traffic.expectedRate` (traffic.ts). */
function lowTrafficWarnings(set: SloSet, options: { timeScale?: number; scrapeIntervalMs?: number }): CompileWarning[] {
  return tagged(
    trafficReports(set, options).flatMap((report) => report.warnings),
    'traffic',
  );
}

function windowOptions(options: CompileSloFileOptions): { timeScale?: number; scrapeIntervalMs?: number } {
  return {
    ...(options.timeScale !== undefined ? { timeScale: options.timeScale } : {}),
    ...(options.scrapeIntervalMs !== undefined ? { scrapeIntervalMs: options.scrapeIntervalMs } : {}),
  };
}

function countRules(compiled: CompiledRules): number {
  return compiled.groups.reduce((sum, group) => sum + group.rules.length, 0);
}

function tagged(warnings: readonly SloWarning[], kind: CompileWarningKind): CompileWarning[] {
  return warnings.map((warning) => ({ ...warning, kind }));
}
