import type { Finding } from './finding.js';
import type { CommentNode } from './markdown/blocks.js';
import { FAMILIES, ruleById } from './registry.js';

/**
 * Inline suppression, for deliberate quotes (docs/BLAMELESS.md "Suppressing a finding"). HTML
 * comments, invisible in rendered Markdown, as ESLint's directives are in code:
 *
 *   <!-- blameless-disable-next-line counterfactual/should-have -- the IC's words, verbatim -->
 *   <!-- blameless-disable-line question/* -->            (the line the comment is on)
 *   <!-- blameless-disable counterfactual/* -->  …  <!-- blameless-enable -->
 *
 * Ids are separated by commas or spaces; `family/*` names a family and `*` (or no id) every rule;
 * anything after ` -- ` is a reason, for the reader. `blameless-enable` with ids re-enables those,
 * without ids everything. A disable without an enable lasts to the end of the file. Comments inside
 * code spans and code blocks are text, not directives.
 */
type Verb = 'disable' | 'enable' | 'disable-line' | 'disable-next-line';
const VERBS: readonly Verb[] = ['disable', 'enable', 'disable-line', 'disable-next-line'];

interface Position {
  line: number;
  column: number;
}

interface Directive {
  verb: Verb;
  /** Known patterns only: rule ids, `family/*`, `*`. Empty means every rule. */
  patterns: string[];
  start: Position;
  /** Just after the closing `-->`. */
  end: Position;
}

export interface Suppressions {
  /** Findings about the comments themselves (unknown ids and directives). */
  findings: Finding[];
  suppresses(finding: Finding): boolean;
}

export function parseSuppressions(comments: readonly CommentNode[], file: string | undefined): Suppressions {
  const directives: Directive[] = [];
  const findings: Finding[] = [];
  for (const comment of comments) {
    const inner = /^<!--([\s\S]*?)(?:-->)?$/.exec(comment.raw)?.[1] ?? '';
    const head = /^\s*blameless-([\w-]*)/.exec(inner);
    if (!head) continue;
    const innerOffset = 4; // "<!--"
    const at = (offset: number): Position => positionIn(comment, offset);
    const verb = head[1] as Verb;
    if (!VERBS.includes(verb)) {
      const offset = innerOffset + head[0].indexOf('blameless-');
      findings.push(metaFinding('suppression/unknown-directive', at(offset), `blameless-${verb}`, `"blameless-${verb}" is not a directive: it suppresses nothing`, comment, file));
      continue;
    }
    const bodyStart = innerOffset + head[0].length;
    const body = inner.slice(head[0].length).split(/\s--(?:\s|$)/)[0] ?? '';
    const patterns: string[] = [];
    for (const token of body.matchAll(/[^\s,]+/g)) {
      const id = token[0];
      if (isKnownPattern(id)) patterns.push(id);
      else findings.push(metaFinding('suppression/unknown-rule', at(bodyStart + token.index), id, `"${id}" is not a rule id, a family/* or *: it suppresses nothing`, comment, file));
    }
    // A comment naming only unknown ids suppresses nothing (rather than everything).
    if (patterns.length === 0 && /[^\s,]/.test(body)) continue;
    directives.push({ verb, patterns, start: at(0), end: at(comment.raw.length) });
  }
  return { findings, suppresses: (finding) => suppressed(directives, finding) };
}

function isKnownPattern(id: string): boolean {
  if (id === '*') return true;
  if (id.endsWith('/*')) return FAMILIES.includes(id.slice(0, -2));
  return ruleById(id) !== undefined;
}

function covers(patterns: readonly string[], rule: string): boolean {
  if (patterns.length === 0) return true;
  return patterns.some((p) => p === '*' || p === rule || (p.endsWith('/*') && rule.startsWith(p.slice(0, -1))));
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.column <= b.column);
}

/** Replays the directives before the finding, in order, as ESLint does: the last word on its rule wins. */
function suppressed(directives: readonly Directive[], finding: Finding): boolean {
  if (finding.rule.startsWith('suppression/')) return false;
  const at: Position = { line: finding.line, column: finding.column };
  let disabled = false;
  for (const d of directives) {
    if (!covers(d.patterns, finding.rule)) continue;
    if (d.verb === 'disable-line' && finding.line >= d.start.line && finding.line <= d.end.line) return true;
    if (d.verb === 'disable-next-line' && finding.line === d.end.line + 1) return true;
    if ((d.verb === 'disable' || d.verb === 'enable') && before(d.end, at)) disabled = d.verb === 'disable';
  }
  return disabled;
}

function positionIn(comment: CommentNode, offset: number): Position {
  const before = comment.raw.slice(0, offset);
  const lastBreak = before.lastIndexOf('\n');
  const breaks = before.split('\n').length - 1;
  return breaks === 0 ? { line: comment.line, column: comment.column + offset } : { line: comment.line + breaks, column: offset - lastBreak };
}

function metaFinding(rule: string, at: Position, text: string, message: string, comment: CommentNode, file: string | undefined): Finding {
  const definition = ruleById(rule);
  return {
    ...(file !== undefined ? { file } : {}),
    line: at.line,
    column: at.column,
    endLine: at.line,
    endColumn: at.column + text.length,
    severity: 'error',
    rule,
    message,
    suggest: definition?.suggest ?? '',
    section: comment.section.heading,
    context: comment.section.kind,
    text,
  };
}
