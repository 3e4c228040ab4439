import type { Finding, RosterEntry } from '../../../../src/postmortem/lint/finding.js';
import { lintMarkdown } from '../../../../src/postmortem/lint/lint.js';

/** The roster the tests use: given names, a full name with a role, a handle. */
export const ROSTER: ReadonlyArray<string | RosterEntry> = ['Alice', 'Bob', { name: 'Priya Patel', role: 'release engineer' }, 'sydneythree'];

/** Lint `text` as the body of a section with the given heading (default: Contributing factors). */
export function lintIn(text: string, heading = 'Contributing factors', roster: ReadonlyArray<string | RosterEntry> = ROSTER): Finding[] {
  return lintMarkdown(`# Post-mortem\n\n## ${heading}\n\n${text}\n`, { roster, file: 'draft.md' });
}

/** `rule@line:column severity` for compact expectations. */
export function brief(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.rule}@${f.line}:${f.column} ${f.severity}`);
}

export function rulesOf(findings: readonly Finding[]): string[] {
  return findings.map((f) => f.rule);
}
