import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Command } from 'commander';
import { FaultlineError, isFaultlineError } from '../core/errors.js';
import { packageFile } from '../core/package-root.js';
import { compileSloFile, type CompiledSloFiles } from '../slo/compile.js';
import { loadSloSet } from '../slo/load.js';
import type { SloSet } from '../slo/model.js';
import { formatWarnings } from '../slo/render.js';
import { loadTopology } from '../topology/load.js';

interface CompileOptions {
  output: string;
  timeScale?: number;
  topology?: string;
  json?: boolean;
}

/** `faultline slo`: the SLO compiler and its checks. */
export function sloCommand(): Command {
  return new Command('slo').description('Compile SLO files into Prometheus rules and promtool tests, and run the tests').addCommand(compileCommand()).addCommand(testCommand());
}

function compileCommand(): Command {
  return withOptions(new Command('compile'), 'slo/generated')
    .description('Write <name>.rules.yml (recording and burn-rate alert rules) and <name>.test.yml (promtool tests) for each SLO file')
    .action(async (files: string[], options: CompileOptions) => {
      const outputs = await compileAll(files, options);
      const written = writeOutputs(outputs, options.output);
      report(outputs);
      if (options.json) process.stdout.write(`${JSON.stringify({ files: written, warnings: outputs.flatMap((o) => o.compiled.warnings) })}\n`);
      else for (const w of written) process.stdout.write(`wrote ${w.rules} (${w.ruleCount} rules) and ${w.tests} (${w.testCount} tests) from ${w.source}\n`);
    });
}

function testCommand(): Command {
  return withOptions(new Command('test'), undefined)
    .description('Compile the SLO files, then run `promtool check rules` and `promtool test rules` on the output (exit 0: all pass, 1: a failure)')
    .addHelpText('after', '\nNeeds promtool 2.42 or later on the PATH (Debian/Ubuntu: apt-get install prometheus), or its path in $FAULTLINE_PROMTOOL.')
    .action(async (files: string[], options: Omit<CompileOptions, 'output'> & { output?: string }) => {
      const promtool = findPromtool();
      const outputs = await compileAll(files, options);
      report(outputs);
      // Without -o the files go to a temporary folder that is removed afterwards.
      const dir = options.output ?? mkdtempSync(join(tmpdir(), 'faultline-slo-'));
      try {
        const written = writeOutputs(outputs, dir);
        const check = run(promtool, ['check', 'rules', ...written.map((w) => w.rules)]);
        const test = check.status === 0 ? run(promtool, ['test', 'rules', ...written.map((w) => w.tests)]) : undefined;
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

interface Output {
  file: string;
  compiled: CompiledSloFiles;
}

/** Load every file first (all problems of all files at once), then compile; nothing is written yet. */
async function compileAll(files: string[], options: { timeScale?: number; topology?: string }): Promise<Output[]> {
  const paths = files.length > 0 ? files : shippedSloFiles();
  const topology = await loadTopology(options.topology ?? packageFile('services/topology.yaml'));
  const context = { services: topology.services.map((s) => s.name) };
  const loaded = await Promise.allSettled(paths.map((path) => loadSloSet(path, context)));
  const failures = loaded.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  const first = failures[0];
  if (first !== undefined) {
    if (!isFaultlineError(first)) throw first;
    throw failures.length === 1 ? first : new FaultlineError(first.code, failures.map((f) => (f as Error).message).join('\n'), { files: paths });
  }
  const names = new Map<string, string>();
  return loaded.map((result, index) => {
    const file = paths[index] as string;
    const name = basename(file, extname(file));
    const clash = names.get(name);
    if (clash) throw new FaultlineError('FAULTLINE_CLI_BAD_OPTION', `${clash} and ${file} would both write ${name}.rules.yml; compile them into different folders`);
    names.set(name, file);
    const set = (result as PromiseFulfilledResult<SloSet>).value;
    return { file, compiled: compileSloFile(set, { name, source: displayPath(file), ...(options.timeScale !== undefined ? { timeScale: options.timeScale } : {}) }) };
  });
}

function shippedSloFiles(): string[] {
  const dir = packageFile('slo/');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => join(dir, f));
}

interface Written {
  source: string;
  rules: string;
  ruleCount: number;
  tests: string;
  testCount: number;
}

/**
 * Write each file to a temporary name in the same folder and rename it into place: a rename within
 * a folder is atomic, so a crash or a full disk never leaves a half-written rules file for
 * Prometheus (or CI's diff) to read.
 */
function writeOutputs(outputs: readonly Output[], dir: string): Written[] {
  mkdirSync(dir, { recursive: true });
  return outputs.map(({ file, compiled }) => {
    const rules = join(dir, compiled.rulesFile);
    const tests = join(dir, compiled.testFile);
    atomicWrite(rules, compiled.rules);
    atomicWrite(tests, compiled.tests);
    return { source: displayPath(file), rules: displayPath(rules), ruleCount: compiled.ruleCount, tests: displayPath(tests), testCount: compiled.testCount };
  });
}

function atomicWrite(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Warnings (clamped windows, SLOs without tests) go to standard error, so `--json` output stays parseable. */
function report(outputs: readonly Output[]): void {
  for (const line of formatWarnings(outputs.flatMap((o) => o.compiled.warnings))) process.stderr.write(`${line}\n`);
}

function findPromtool(): string {
  const candidate = process.env.FAULTLINE_PROMTOOL ?? 'promtool';
  const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
  if (probe.error) {
    throw new FaultlineError('FAULTLINE_SLO_PROMTOOL_MISSING', `cannot run ${candidate}: ${probe.error.message}; install promtool 2.42 or later (Debian/Ubuntu: apt-get install prometheus) or set FAULTLINE_PROMTOOL to its path`);
  }
  return candidate;
}

function run(promtool: string, args: string[]): { status: number | null; output: string } {
  // Generated tests evaluate every rule of the file at every step: allow minutes, not promtool's default of none.
  const result = spawnSync(promtool, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 10 * 60_000 });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

/** Paths relative to the working directory when inside it (stable headers, short messages). */
function displayPath(path: string): string {
  const rel = relative(process.cwd(), resolve(path));
  return rel.startsWith('..') || isAbsolute(rel) ? resolve(path) : rel.split(sep).join('/');
}

function parseTimeScale(value: string): number {
  const k = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(k) || k < 1) throw new FaultlineError('FAULTLINE_CLI_BAD_OPTION', `--time-scale must be a number of at least 1 (e.g. 60), got "${value}"`);
  return k;
}
