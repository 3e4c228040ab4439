import type { Finding, LintContext, LintOptions, RosterEntry } from './finding.js';
import { quoteRanges } from './markdown/inline.js';
import { locate, type ProseBlock } from './markdown/blocks.js';
import { scanMarkdown } from './markdown/scan.js';
import { BARRIER } from './pattern.js';
import { RULES } from './registry.js';
import type { Rule, RuleMatch } from './rule.js';
import { parseSuppressions } from './suppression.js';
import { vocabulary } from './vocabulary.js';

/** Lints one Markdown text; `file` is carried into every finding, for `file:line:col` output. */
export type Linter = (text: string, file?: string) => Finding[];

/**
 * The blameless linter's pure core: Markdown text in, findings out, no I/O. Each block of prose is
 * matched against every rule; where two matches overlap and one rule supersedes the other (a
 * specific "should have known" over the general "should have"), only the specific one is kept; each
 * match takes the severity its rule gives the place it sits in (section kind, quoted speech); then
 * suppression comments filter the rest. Findings are sorted by position.
 *
 * The vocabulary and every rule's pattern depend on the roster only, so they are built here, once:
 * lint many files with one linter (the matchers keep no state between texts).
 */
export function createLinter(options: Pick<LintOptions, 'roster'> = {}): Linter {
  const roster: RosterEntry[] = (options.roster ?? []).map((entry) => (typeof entry === 'string' ? { name: entry } : entry)).filter((entry) => entry.name.trim() !== '');
  const v = vocabulary(roster);
  const matchers = RULES.flatMap((rule) => {
    const matcher = rule.compile(v);
    return matcher ? [{ rule, matcher }] : [];
  });
  return (text, file) => {
    const document = scanMarkdown(text.replace(/^\uFEFF/, '')); // a byte-order mark is not a column
    const findings: Finding[] = [];
    for (const block of document.blocks) {
      const found: Array<{ rule: Rule; match: RuleMatch }> = [];
      for (const { rule, matcher } of matchers) {
        for (const match of matcher({ text: block.text, section: block.section.heading })) found.push({ rule, match });
      }
      const quotes = quoteRanges(block.text);
      for (const { rule, match } of keepSpecific(found)) {
        const context = contextAt(block, quotes, match.index);
        const severity = rule.severity[context];
        if (severity === 'off') continue;
        findings.push(finding(block, rule, match, context, severity, file));
      }
    }
    const suppressions = parseSuppressions(document.comments, file);
    return [...findings.filter((f) => !suppressions.suppresses(f)), ...suppressions.findings].sort(
      (a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule),
    );
  };
}

/** Lint one text: `createLinter(options)(text, options.file)`. To lint several with one roster, create the linter once. */
export function lintMarkdown(text: string, options: LintOptions = {}): Finding[] {
  return createLinter(options)(text, options.file);
}

/**
 * Drop matches that a more specific rule's overlapping match supersedes. Rules are visited from the
 * most specific down (a rule after every rule that supersedes it), and only kept matches supersede,
 * so in a chain "human error" > "root cause was <person>" > "the root cause", a superseded middle
 * link does not take the last one with it.
 */
function keepSpecific(found: ReadonlyArray<{ rule: Rule; match: RuleMatch }>): Array<{ rule: Rule; match: RuleMatch }> {
  const kept: Array<{ rule: Rule; match: RuleMatch }> = [];
  for (const candidate of [...found].sort((a, b) => depth(a.rule) - depth(b.rule))) {
    if (!kept.some((k) => k.rule.supersedes.includes(candidate.rule.id) && overlaps(k.match, candidate.match))) kept.push(candidate);
  }
  return kept;
}

const depths = new Map<string, number>();
/** 0 for a rule nothing supersedes; otherwise one more than the deepest rule that supersedes it. */
function depth(rule: Rule): number {
  const known = depths.get(rule.id);
  if (known !== undefined) return known;
  depths.set(rule.id, 0); // a cycle (a registry bug) ends here instead of recursing forever
  const value = Math.max(0, ...RULES.filter((r) => r.supersedes.includes(rule.id)).map((r) => depth(r) + 1));
  depths.set(rule.id, value);
  return value;
}

function overlaps(a: RuleMatch, b: RuleMatch): boolean {
  return a.index < b.index + b.length && b.index < a.index + a.length;
}

/** Quoted speech (a blockquote, or inside quotation marks) is lenient only in a record section. */
function contextAt(block: ProseBlock, quotes: ReadonlyArray<readonly [number, number]>, index: number): LintContext {
  const kind = block.section.kind;
  if (kind !== 'record') return kind;
  if (block.blockquote || quotes.some(([start, end]) => index > start && index < end)) return 'quote';
  return kind;
}

function finding(block: ProseBlock, rule: Rule, match: RuleMatch, context: LintContext, severity: Finding['severity'], file: string | undefined): Finding {
  const start = locate(block, match.index);
  const last = locate(block, match.index + match.length - 1);
  const text = excerpt(block.text.slice(match.index, match.index + match.length));
  return {
    ...(file !== undefined ? { file } : {}),
    line: start.line,
    column: start.column,
    endLine: last.line,
    endColumn: last.column + 1,
    severity,
    rule: rule.id,
    message: `"${text}": ${rule.reason}`,
    suggest: match.suggest ?? rule.suggest,
    section: block.section.heading,
    context,
    text,
  };
}

function excerpt(matched: string): string {
  const text = matched.replaceAll(BARRIER, '…').replace(/…+/g, '…').replace(/\s+/g, ' ').trim();
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
