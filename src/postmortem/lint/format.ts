import { severityLabel, summariseFindings, type FindingCounts } from '../../core/findings.js';
import { plural } from '../../core/words.js';
import type { Finding } from './finding.js';

/**
 * How findings print: one line each, as compilers print them, so editors and CI annotate the line.
 * Severity labels, counts and the closing line are shared with `faultline slo lint` (src/core/findings.ts).
 */

/** `file:line:col: severity rule-id: message (suggest: …)`. */
export function formatFinding(finding: Finding): string {
  return `${finding.file ?? '<input>'}:${finding.line}:${finding.column}: ${severityLabel(finding.severity)} ${finding.rule}: ${finding.message} (suggest: ${finding.suggest})`;
}

/** "2 files: 3 errors, 1 warning, 0 notes", or "1 file: no findings". */
export function summaryLine(files: number, counts: FindingCounts): string {
  return summariseFindings(plural(files, 'file'), counts, 'no findings');
}
