import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { Command, Option } from 'commander';
import { FaultlineError } from '../core/errors.js';
import { BINARY_ENV, findBinary } from '../prometheus/binaries.js';
import { compilePrometheusRule, compileSloFile, SLO_OUTPUT_FORMATS, type CompileWarning, type SloOutputFormat } from '../slo/compile.js';
import { loadSloSets } from '../slo/load.js';
import type { SloSet } from '../slo/model.js';
import { formatWarnings } from '../slo/render.js';
import { atomicWrite } from './atomic-write.js';
import { budgetCommand } from './slo-budget.js';
import { lintCommand } from './slo-lint.js';
import { openSloExportCommand, openSloImportCommand } from './slo-openslo.js';
import { displayPath, parseTimeScale, sloLoadContext, sloPaths } from './slo-inputs.js';

interface CompileOptions {
  output: string;
  timeScale?: number;
  topology?: string;
  json?: boolean;
  format: SloOutputFormat;
  resourceLabel?: Record<string, string>;
}

/** `faultline slo`: the SLO compiler and its checks. */
export function sloCommand(): Command {
  const slo = new Command('slo')
    .description('Compile SLO files into Prometheus rules and promtool tests, check them, run the tests, convert OpenSLO, and read live budgets')
    .addCommand(compileCommand())
    .addCommand(testCommand())
    .addCommand(lintCommand())
    .addCommand(openSloExportCommand())
    .addCommand(openSloImportCommand())
    .addCommand(budgetCommand());
  // addCommand() does not pass the program's exitOverride down: without it a usage error here (an
  // unknown option, a --format outside its choices) would exit 1, not main.ts' usage code 2.
  for (const command of [slo, ...slo.commands]) command.exitOverride();
  return slo;
}

function compileCommand(): Command {
  return withOptions(new Command('compile'), 'slo/generated')
    .description('Write <name>.rules.yml (recording and burn-rate alert rules) and <name>.test.yml (promtool tests) for each SLO file, or <name>.prometheusrule.yml with --format prometheus-operator')
    .addOption(new Option('--format <format>', 'prometheus: a rule file and its promtool tests; prometheus-operator: one PrometheusRule object (monitoring.coreos.com/v1) holding the same groups, without tests').choices(SLO_OUTPUT_FORMATS).default('prometheus'))
    .option('--resource-label <key=value>', "with --format prometheus-operator: a metadata label of the PrometheusRule, e.g. the one your Prometheus' ruleSelector matches (repeatable)", collectLabel)
    .addHelpText(
      'after',
      [
        '',
        'Formats:',
        '  prometheus           <name>.rules.yml for Prometheus\' rule_files, and <name>.test.yml for `promtool test rules`.',
        '  prometheus-operator  <name>.prometheusrule.yml: `kubectl apply -n <namespace> -f` it where the prometheus-operator runs.',
        '                       No promtool tests are written: promtool reads plain rule files only. The groups are the same',
        '                       as the plain format\'s, so `faultline slo test` checks these rules.',
        '',
        'Warnings (clamped windows, SLOs without tests, low traffic for SLOs that declare traffic.expectedRate) go to',
        'standard error; `faultline slo lint` explains them without writing anything.',
      ].join('\n'),
    )
    .action(async (files: string[], options: CompileOptions) => {
      if (options.resourceLabel && options.format !== 'prometheus-operator') {
        throw new FaultlineError('FAULTLINE_CLI_BAD_OPTION', '--resource-label labels the PrometheusRule object: use it with --format prometheus-operator');
      }
      const outputs = await compileAll(files, options);
      const written = writeOutputs(outputs, options.output);
      report(outputs);
      if (options.json) process.stdout.write(`${JSON.stringify({ format: options.format, files: written, warnings: outputs.flatMap((o) => o.warnings) })}\n`);
      else for (const w of written) process.stdout.write(`${describeWritten(w)}\n`);
    });
}

function testCommand(): Command {
  return withOptions(new Command('test'), undefined)
    .description('Compile the SLO files, then run `promtool check rules` and `promtool test rules` on the output (exit 0: all pass, 1: a failure)')
    .addHelpText('after', '\nNeeds promtool 2.42 or later on the PATH (Debian/Ubuntu: apt-get install prometheus), or its path in $FAULTLINE_PROMTOOL.\nAlways tests the plain Prometheus format; a prometheus-operator PrometheusRule holds the same groups.')
    .action(async (files: string[], options: Omit<CompileOptions, 'output' | 'format'> & { output?: string }) => {
      const promtool = findPromtool();
      const outputs = await compileAll(files, { ...options, format: 'prometheus' });
      report(outputs);
      // Without -o the files go to a temporary folder that is removed afterwards.
      const dir = options.output ?? mkdtempSync(join(tmpdir(), 'faultline-slo-'));
      try {
        const written = writeOutputs(outputs, dir);
        const check = run(promtool, ['check', 'rules', ...written.map((w) => w.rules)]);
        const test = check.status === 0 ? run(promtool, ['test', 'rules', ...written.flatMap((w) => (w.tests ? [w.tests] : []))]) : undefined;
        const ok = check.status === 0 && test?.status === 0;
        if (options.json) process.stdout.write(`${JSON.stringify({ ok, check, test: test ?? null })}\n`);
        else process.stdout.write([check.output, test?.output ?? ''].join(''));
        if (!ok) {
          process.stderr.write(`faultline slo test: promtool ${check.status !== 0 ? 'check rules' : 'test rules'} failed\n`);
          process.exitCode = 1;
        }
      } finally {
        if (options.output === undefined) rmSync(dir, { recursive: true, force: true });
      }
    });
}

function withOptions(command: Command, defaultOutput: string | undefined): Command {
  return command
    .argument('[files...]', "SLO files (default: the package's slo/*.yaml)")
    .option('-o, --output <dir>', defaultOutput ? 'folder for the generated files' : 'keep the generated files in this folder instead of a temporary one', defaultOutput)
    .option('--time-scale <K>', 'compress the period and every window K times (overrides timeScale in the files)', parseTimeScale)
    .option('--topology <file>', 'topology that names the services (default: the shipped services/topology.yaml)')
    .option('--json', 'print the result as JSON; warnings still go to standard error');
}

/** One SLO file's generated files, in memory. */
interface Output {
  file: string;
  files: Array<{ name: string; text: string; role: 'rules' | 'tests' }>;
  ruleCount: number;
  testCount?: number;
  resourceName?: string;
  warnings: CompileWarning[];
}

/** Load every file first (all problems of all files at once), then compile; nothing is written yet. */
async function compileAll(files: string[], options: { timeScale?: number; topology?: string; format: SloOutputFormat; resourceLabel?: Record<string, string> }): Promise<Output[]> {
  const paths = sloPaths(files);
  const context = await sloLoadContext(options.topology);
  const loaded = await loadSloSets(paths, context);
  // Two outputs with one name would overwrite each other: the file, or the object in its namespace.
  const names = new Map<string, string>();
  return loaded.map(({ file, set }) => {
    const name = basename(file, extname(file));
    const base = { name, source: displayPath(file), ...(options.timeScale !== undefined ? { timeScale: options.timeScale } : {}) };
    const output = options.format === 'prometheus-operator' ? operatorOutput(file, set, { ...base, ...(options.resourceLabel ? { labels: options.resourceLabel } : {}) }) : plainOutput(file, set, base);
    const key = output.resourceName ?? name;
    const clash = names.get(key);
    if (clash) throw new FaultlineError('FAULTLINE_CLI_BAD_OPTION', `${clash} and ${file} would both write ${output.resourceName ? `the PrometheusRule "${key}"` : `${name}.rules.yml`}; compile them into different folders or rename one`);
    names.set(key, file);
    return output;
  });
}

function plainOutput(file: string, set: SloSet, options: Parameters<typeof compileSloFile>[1]): Output {
  const compiled = compileSloFile(set, options);
  return {
    file,
    files: [
      { name: compiled.rulesFile, text: compiled.rules, role: 'rules' },
      { name: compiled.testFile, text: compiled.tests, role: 'tests' },
    ],
    ruleCount: compiled.ruleCount,
    testCount: compiled.testCount,
    warnings: compiled.warnings,
  };
}

function operatorOutput(file: string, set: SloSet, options: Parameters<typeof compilePrometheusRule>[1]): Output {
  const compiled = compilePrometheusRule(set, options);
  return { file, files: [{ name: compiled.file, text: compiled.text, role: 'rules' }], ruleCount: compiled.ruleCount, resourceName: compiled.resourceName, warnings: compiled.warnings };
}

interface Written {
  source: string;
  rules: string;
  ruleCount: number;
  tests?: string;
  testCount?: number;
  /** The PrometheusRule's metadata.name (prometheus-operator format). */
  resource?: string;
}

/**
 * Write each file to a temporary name in the same folder and rename it into place: a rename within
 * a folder is atomic, so a crash or a full disk never leaves a half-written rules file for
 * Prometheus (or CI's diff) to read.
 */
function writeOutputs(outputs: readonly Output[], dir: string): Written[] {
  mkdirSync(dir, { recursive: true });
  return outputs.map((output) => {
    const paths: Partial<Record<'rules' | 'tests', string>> = {};
    for (const { name, text, role } of output.files) {
      const path = join(dir, name);
      atomicWrite(path, text);
      paths[role] = displayPath(path);
    }
    return {
      source: displayPath(output.file),
      rules: paths.rules as string,
      ruleCount: output.ruleCount,
      ...(paths.tests !== undefined ? { tests: paths.tests, testCount: output.testCount ?? 0 } : {}),
      ...(output.resourceName !== undefined ? { resource: output.resourceName } : {}),
    };
  });
}

function describeWritten(w: Written): string {
  if (w.resource !== undefined) return `wrote ${w.rules} (PrometheusRule ${w.resource}, ${w.ruleCount} rules; no promtool tests in this format) from ${w.source}`;
  return `wrote ${w.rules} (${w.ruleCount} rules) and ${w.tests ?? ''} (${w.testCount ?? 0} tests) from ${w.source}`;
}

/** Warnings (clamped windows, SLOs without tests, low traffic) go to standard error, so `--json` output stays parseable. */
function report(outputs: readonly Output[]): void {
  for (const line of formatWarnings(outputs.flatMap((o) => o.warnings))) process.stderr.write(`${line}\n`);
}

/** promtool as src/prometheus/binaries.ts finds it ($FAULTLINE_PROMTOOL, a path or a name on the PATH, else promtool on the PATH). */
function findPromtool(): string {
  const found = findBinary('promtool');
  if (found !== undefined) return found;
  const named = process.env[BINARY_ENV.promtool];
  const why = named ? `no such executable (set by ${BINARY_ENV.promtool})` : 'not found on the PATH';
  throw new FaultlineError('FAULTLINE_SLO_PROMTOOL_MISSING', `cannot run ${named || 'promtool'}: ${why}; install promtool 2.42 or later (Debian/Ubuntu: apt-get install prometheus) or set ${BINARY_ENV.promtool} to its path`);
}

function run(promtool: string, args: string[]): { status: number | null; output: string } {
  // Generated tests evaluate every rule of the file at every step: allow minutes, not promtool's default of none.
  const result = spawnSync(promtool, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 10 * 60_000 });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

/** `--resource-label team=sre` (repeatable) into one record; the values are checked when the object is built. */
function collectLabel(value: string, previous: Record<string, string> | undefined): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0) throw new FaultlineError('FAULTLINE_CLI_BAD_OPTION', `--resource-label must be key=value (e.g. release=prometheus), got "${value}"`);
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
}
