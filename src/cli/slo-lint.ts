import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { Command } from 'commander';
import { FaultlineError, isFaultlineError } from '../core/errors.js';
import { countFindings, severityLabel, summariseFindings, type FindingCounts, type Severity } from '../core/findings.js';
import { plural } from '../core/words.js';
import { parseYamlWithSchema, type Problem } from '../core/yaml-document.js';
import { compileSloFile, type CompileWarningKind } from '../slo/compile.js';
import { parseSloSet, type SloLoadContext } from '../slo/load.js';
import type { SloSet } from '../slo/model.js';
import { sloSchema } from '../slo/spec.js';
import { DEFAULT_MIN_FAILURES, eventNoun, trafficReports, type TrafficReport } from '../slo/traffic.js';
import { displayPath, parsePositive, parseTimeScale, sloLoadContext, sloPaths } from './slo-inputs.js';

/**
 * `faultline slo lint`: load and check SLO files without writing anything. Errors are what the
 * loader refuses (every problem, with file:line:column and YAML path) and what the compiler cannot
 * build; warnings are what `slo compile` would warn about (clamped windows, SLOs without promtool
 * tests) plus the low-traffic guardrail (src/slo/traffic.ts) for every SLO with an expected rate;
 * notes are SLOs whose traffic is unknown, so the guardrail could not run.
 */

interface LintOptions {
  timeScale?: number;
  expectedRate?: number;
  minFailures: number;
  topology?: string;
  strict?: boolean;
  json?: boolean;
}

type FindingKind = 'unreadable' | 'invalid' | 'compile' | CompileWarningKind | 'no-expected-rate';

export interface Finding {
  severity: Severity;
  kind: FindingKind;
  file: string;
  line?: number;
  column?: number;
  /** Dotted YAML path (`slos.1.objective`), or the option that caused it. */
  path?: string;
  /** The SLO's id, for findings about one SLO. */
  slo?: string;
  message: string;
}

/** A traffic report's figures; its warnings are findings already. */
type TrafficFigures = Omit<TrafficReport, 'warnings'>;

interface FileResult {
  file: string;
  slos?: number;
  findings: Finding[];
  traffic: TrafficFigures[];
}

export function lintCommand(): Command {
  return new Command('lint')
    .description('Check SLO files without writing anything: every error with file:line:column, every warning the compiler would give, and the low-traffic guardrail')
    .argument('[files...]', "SLO files (default: the package's slo/*.yaml)")
    .option('--time-scale <K>', 'check as compiled with this time compression (overrides timeScale in the files)', parseTimeScale)
    .option('--expected-rate <R>', 'events per second every SLO sees (overrides traffic.expectedRate in the files)', parsePositive('expected-rate', '5'))
    .option('--min-failures <n>', 'warn when fewer than n failures fire an alert tier', parseMinFailures, DEFAULT_MIN_FAILURES)
    .option('--topology <file>', 'topology that names the services (default: the shipped services/topology.yaml)')
    .option('--strict', 'exit 1 on warnings too, not only on errors')
    .option('--json', 'print the findings and the traffic figures as JSON')
    .addHelpText(
      'after',
      [
        '',
        'Low traffic (Google SRE Workbook ch. 5): an alert tier divides failures by the events its long window holds,',
        'so at 10 requests an hour one failure is a 100× burn and pages at once. Time compression divides every window,',
        'and the traffic in it, by K. The check needs each SLO\'s normal rate: traffic: { expectedRate: <per second> }.',
        '',
        'Exit codes: 0 no errors (and, with --strict, no warnings); 1 errors (or warnings with --strict); 2 bad usage.',
      ].join('\n'),
    )
    .action(async (files: string[], options: LintOptions) => {
      const context = await sloLoadContext(options.topology);
      const results = await Promise.all(sloPaths(files).map((path) => lintFile(path, context, options)));
      const findings = results.flatMap((r) => r.findings);
      const counts = countFindings(findings);
      const failed = counts.errors > 0 || (options.strict === true && counts.warnings > 0);
      if (options.json) {
        const traffic = results.flatMap((r) => r.traffic.map((t) => ({ file: r.file, ...t })));
        process.stdout.write(`${JSON.stringify({ ok: !failed, ...counts, files: results.map(fileSummary), findings, traffic })}\n`);
      } else {
        for (const finding of findings) process.stdout.write(`${formatFinding(finding)}\n`);
        process.stdout.write(`${summaryLine(results, counts)}\n`);
      }
      if (failed) process.exitCode = 1;
    });
}

/** Every finding of one file; never throws for a problem of the file itself. */
async function lintFile(path: string, context: SloLoadContext, options: LintOptions): Promise<FileResult> {
  const file = displayPath(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { file, findings: [{ severity: 'error', kind: 'unreadable', file, message: `cannot read the SLO file: ${(error as Error).message}` }], traffic: [] };
  }
  let set: SloSet;
  try {
    set = parseSloSet(text, file, context);
  } catch (error) {
    const problems = isFaultlineError(error) ? (error.details.problems as Problem[] | undefined) : undefined;
    if (!problems) throw error;
    return { file, findings: problems.map((p) => ({ severity: 'error', kind: 'invalid', file, line: p.line, column: p.column, path: p.path, message: p.message })), traffic: [] };
  }
  // The file is valid, so this parse only serves to put warnings on the lines they are about.
  const { locate } = parseYamlWithSchema(text, sloSchema);
  const at = (path: Array<string | number>): Pick<Finding, 'line' | 'column' | 'path'> => ({ ...locate(path), path: path.join('.') });
  const indexOf = new Map(set.slos.map((slo, index) => [slo.id, index]));
  const sloAt = (id: string, ...rest: Array<string | number>) => at(['slos', indexOf.get(id) ?? 0, ...rest]);
  const timeScaleFromFile = options.timeScale === undefined && set.timeScale > 1;

  const findings: Finding[] = [];
  const timeScale = options.timeScale !== undefined ? { timeScale: options.timeScale } : {};
  try {
    // Everything `slo compile` would do, in memory: a compile-time failure is an error here too.
    const compiled = compileSloFile(set, { name: basename(path, extname(path)), source: file, ...timeScale });
    for (const warning of compiled.warnings) {
      if (warning.kind === 'traffic') continue; // recomputed below, with --expected-rate and --min-failures
      const where = warning.kind === 'windows' ? (timeScaleFromFile ? at(['timeScale']) : sloAt(warning.slo)) : sloAt(warning.slo, 'sli');
      findings.push({ severity: 'warning', kind: warning.kind, file, ...where, slo: warning.slo, message: warning.message });
    }
  } catch (error) {
    if (!isFaultlineError(error)) throw error;
    const where = options.timeScale !== undefined ? { path: '--time-scale' } : timeScaleFromFile ? at(['timeScale']) : {};
    findings.push({ severity: 'error', kind: 'compile', file, ...where, message: error.message });
    return { file, slos: set.slos.length, findings, traffic: [] };
  }

  const traffic = trafficReports(set, { ...timeScale, minFailures: options.minFailures, ...(options.expectedRate !== undefined ? { expectedRate: options.expectedRate } : {}) });
  for (const report of traffic) {
    const where = options.expectedRate !== undefined ? { ...sloAt(report.slo), path: '--expected-rate' } : sloAt(report.slo, 'traffic', 'expectedRate');
    for (const warning of report.warnings) findings.push({ severity: 'warning', kind: 'traffic', file, ...where, slo: report.slo, message: warning.message });
  }
  if (options.expectedRate === undefined) {
    for (const slo of set.slos.filter((s) => s.expectedRate === undefined)) {
      findings.push({
        severity: 'info',
        kind: 'no-expected-rate',
        file,
        ...sloAt(slo.id),
        slo: slo.id,
        message: `no traffic.expectedRate, so the low-traffic check cannot tell whether one failure would page: declare the ${eventNoun(slo.sli.kind)} per second it sees in normal operation (traffic: { expectedRate: 5 }) or pass --expected-rate`,
      });
    }
  }
  findings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return { file, slos: set.slos.length, findings, traffic: traffic.map(({ warnings: _warnings, ...figures }): TrafficFigures => figures) };
}

/** `file:line:column: severity: path (slo): message`, as compilers print them; unlocated findings drop what they lack. */
export function formatFinding(finding: Finding): string {
  const place = finding.line !== undefined ? `${finding.file}:${finding.line}:${finding.column ?? 1}` : finding.file;
  const label = severityLabel(finding.severity);
  const about = finding.path !== undefined ? (finding.slo !== undefined ? `${finding.path} (${finding.slo})` : finding.path) : finding.slo;
  return `${place}: ${label}: ${about ? `${about}: ` : ''}${finding.message}`;
}

/** "checked 2 files (5 SLOs): 1 error, 0 warnings, 0 notes", or "checked 1 file (5 SLOs): no problems". */
function summaryLine(results: readonly FileResult[], counts: FindingCounts): string {
  const slos = results.reduce((sum, r) => sum + (r.slos ?? 0), 0);
  return summariseFindings(`checked ${plural(results.length, 'file')} (${plural(slos, 'SLO')})`, counts, 'no problems');
}

function fileSummary(result: FileResult): { file: string; slos: number | null } & FindingCounts {
  return { file: result.file, slos: result.slos ?? null, ...countFindings(result.findings) };
}

function parseMinFailures(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new FaultlineError('FAULTLINE_CLI_BAD_OPTION', `--min-failures must be a whole number of at least 1 (e.g. 2), got "${value}"`);
  return Number(value);
}
