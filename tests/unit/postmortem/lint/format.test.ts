import { describe, expect, it } from 'vitest';
import { countFindings, severityLabel, summariseFindings } from '../../../../src/core/findings.js';
import { plural } from '../../../../src/core/words.js';
import type { Finding } from '../../../../src/postmortem/lint/finding.js';
import { formatFinding, summaryLine } from '../../../../src/postmortem/lint/format.js';

/** The reporting shared by `faultline lint` and `faultline slo lint` (src/core/findings.ts), and the blameless linter's use of it. */

const finding = (severity: Finding['severity'], file?: string): Finding => ({
  ...(file !== undefined ? { file } : {}),
  line: 3,
  column: 7,
  endLine: 3,
  endColumn: 19,
  severity,
  rule: 'counterfactual/should-have',
  message: '"should have": counterfactual',
  suggest: 'Describe what they knew',
  section: 'Summary',
  context: 'analysis',
  text: 'should have',
});

describe('shared finding reporting (src/core/findings.ts)', () => {
  it('prints info as note and the other severities as they are', () => {
    expect([severityLabel('error'), severityLabel('warning'), severityLabel('info')]).toEqual(['error', 'warning', 'note']);
  });

  it('counts by severity, as errors, warnings and notes in that order', () => {
    const counts = countFindings([{ severity: 'info' }, { severity: 'error' }, { severity: 'info' }, { severity: 'warning' }, { severity: 'info' }]);
    expect(counts).toEqual({ errors: 1, warnings: 1, notes: 3 });
    expect(Object.keys(counts)).toEqual(['errors', 'warnings', 'notes']);
    expect(countFindings([])).toEqual({ errors: 0, warnings: 0, notes: 0 });
  });

  it('words the closing line, singular and plural, and the clean case in the caller\'s words', () => {
    expect([plural(0, 'file'), plural(1, 'file'), plural(2, 'SLO'), plural(2, 'query', 'queries')]).toEqual(['0 files', '1 file', '2 SLOs', '2 queries']);
    expect(summariseFindings('checked', { errors: 1, warnings: 0, notes: 2 }, 'clean')).toBe('checked: 1 error, 0 warnings, 2 notes');
    expect(summariseFindings('checked', { errors: 0, warnings: 1, notes: 1 }, 'clean')).toBe('checked: 0 errors, 1 warning, 1 note');
    expect(summariseFindings('checked', { errors: 0, warnings: 0, notes: 0 }, 'clean')).toBe('checked: clean');
  });
});

describe('faultline lint output (src/postmortem/lint/format.ts)', () => {
  it('prints file:line:col: severity rule-id: message (suggest: …), with note for info', () => {
    expect(formatFinding(finding('info', 'pm.md'))).toBe('pm.md:3:7: note counterfactual/should-have: "should have": counterfactual (suggest: Describe what they knew)');
    expect(formatFinding(finding('error'))).toBe('<input>:3:7: error counterfactual/should-have: "should have": counterfactual (suggest: Describe what they knew)');
  });

  it('closes with the files checked and the counts, or "no findings"', () => {
    expect(summaryLine(1, { errors: 0, warnings: 0, notes: 0 })).toBe('1 file: no findings');
    expect(summaryLine(2, { errors: 3, warnings: 1, notes: 0 })).toBe('2 files: 3 errors, 1 warning, 0 notes');
    expect(summaryLine(1, countFindings([finding('error'), finding('info'), finding('info')]))).toBe('1 file: 1 error, 0 warnings, 2 notes');
  });
});
