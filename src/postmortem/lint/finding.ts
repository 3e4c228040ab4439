import type { Severity } from '../../core/findings.js';

/**
 * The blameless linter's vocabulary: where a finding sits (the kind of section, and whether the words
 * are someone's quoted speech) and what it reports. Pure types, shared by the rules, the Markdown
 * scanner, the suppression comments and the CLI.
 */

/** How a rule is reported (the severities of every Faultline linter). `off` never reaches a finding. */
export type { Severity };

/**
 * The kind of a section, from its heading (src/postmortem/lint/markdown/sections.ts):
 * - `analysis`: Summary, Impact, Contributing factors, Lessons learned, ... (and anything unknown);
 * - `record`: Timeline, Supporting information, Appendix, chat logs: what was said and done;
 * - `actions`: Action items, Follow-ups, Next steps: forward-looking proposals and owners;
 * - `risks`: Where we got lucky, Risks, Near misses: deliberately hypothetical.
 */
export type SectionKind = 'analysis' | 'record' | 'actions' | 'risks';

/** Where a match sits: its section's kind, or `quote` for quoted speech inside a record section. */
export type LintContext = SectionKind | 'quote';

export const LINT_CONTEXTS: readonly LintContext[] = ['analysis', 'record', 'quote', 'actions', 'risks'];

/** A rule's severity in each context. */
export type SeverityByContext = Readonly<Record<LintContext, Severity | 'off'>>;

export interface Finding {
  /** The file as the caller named it (`lintMarkdown`'s `file` option). */
  file?: string;
  /** 1-based line and column (UTF-16 code units) of the match's first character. */
  line: number;
  column: number;
  /** 1-based line and column just after the match's last character. */
  endLine: number;
  endColumn: number;
  severity: Severity;
  /** Rule id, e.g. `counterfactual/should-have`. */
  rule: string;
  /** `"<the words matched>": <why the rule exists>`. */
  message: string;
  /** The reframing the reference suggests. */
  suggest: string;
  /** The nearest heading above the match (null before the first heading). */
  section: string | null;
  context: LintContext;
  /** The words matched, with line breaks and runs of spaces collapsed. */
  text: string;
}

/** A name from the roster, with the role to use instead when one is known. */
export interface RosterEntry {
  name: string;
  role?: string;
}

export interface LintOptions {
  /** People who took part (names or handles): their names are not causes, and roles read better. */
  roster?: ReadonlyArray<string | RosterEntry>;
  /** Carried into every finding, for `file:line:col` output. */
  file?: string;
}
