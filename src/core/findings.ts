import { plural } from './words.js';

/**
 * How Faultline's linters report, shared by `faultline lint` (src/postmortem/lint/format.ts) and
 * `faultline slo lint` (src/cli/slo-lint.ts): three severities, printed as compilers print them
 * (`info` as `note`), counted, and summed up in one closing line. Each linter keeps its own finding
 * shape and line format; only this vocabulary is common.
 */

/** How serious a finding is. Errors fail a run; warnings may; notes (`info`) never do. */
export type Severity = 'error' | 'warning' | 'info';

/** The word a severity prints as: `info` is `note`, as compilers say it. */
export function severityLabel(severity: Severity): 'error' | 'warning' | 'note' {
  return severity === 'info' ? 'note' : severity;
}

export interface FindingCounts {
  errors: number;
  warnings: number;
  notes: number;
}

/** Findings by severity, in the order (and under the names) both linters print and serialise them. */
export function countFindings(findings: ReadonlyArray<{ readonly severity: Severity }>): FindingCounts {
  const count = (severity: Severity) => findings.filter((f) => f.severity === severity).length;
  return { errors: count('error'), warnings: count('warning'), notes: count('info') };
}

/**
 * The closing line: `<checked>: 3 errors, 1 warning, 0 notes`, or `<checked>: <clean>` when there
 * is no finding at all (each linter words both `checked` and `clean` its own way).
 */
export function summariseFindings(checked: string, counts: FindingCounts, clean: string): string {
  if (counts.errors + counts.warnings + counts.notes === 0) return `${checked}: ${clean}`;
  return `${checked}: ${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}, ${plural(counts.notes, 'note')}`;
}
