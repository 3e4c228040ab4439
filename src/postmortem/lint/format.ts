import type { Finding, Severity } from './finding.js';

/** How findings print: one line each, as compilers print them, so editors and CI annotate the line. */

/** `note` is how `faultline slo lint` prints `info` too. */
export function severityLabel(severity: Severity): string {
  return severity === 'info' ? 'note' : severity;
}

/** `file:line:col: severity rule-id: message (suggest: …)`. */
export function formatFinding(finding: Finding): string {
  return `${finding.file ?? '<input>'}:${finding.line}:${finding.column}: ${severityLabel(finding.severity)} ${finding.rule}: ${finding.message} (suggest: ${finding.suggest})`;
}

export interface FindingCounts {
  errors: number;
  warnings: number;
  notes: number;
}

export function countFindings(findings: readonly Finding[]): FindingCounts {
  const count = (severity: Severity) => findings.filter((f) => f.severity === severity).length;
  return { errors: count('error'), warnings: count('warning'), notes: count('info') };
}

/** "2 files: 3 errors, 1 warning, 0 notes", or "1 file: no findings". */
export function summaryLine(files: number, counts: FindingCounts): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const checked = plural(files, 'file');
  if (counts.errors + counts.warnings + counts.notes === 0) return `${checked}: no findings`;
  return `${checked}: ${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}, ${plural(counts.notes, 'note')}`;
}
