import type { SeverityByContext } from './finding.js';
import { wordPattern } from './pattern.js';
import type { Vocabulary } from './vocabulary.js';

/**
 * One rule of the blameless linter (habit 3: one small interface, many small implementations,
 * registered by name in registry.ts). A rule finds phrases in the prose of one block of Markdown —
 * a paragraph, a list item, a table cell or a heading, with code and markup already masked — and
 * says how serious each find is in each kind of section.
 */
export interface Rule {
  /** `<family>/<name>`, e.g. `counterfactual/should-have`; what suppression comments name. */
  readonly id: string;
  readonly family: string;
  /** Rows of the reference table (reference/postmortems-and-game-days.md §3.1) the rule encodes. */
  readonly entries: readonly number[];
  /** What the rule flags, in words, for docs/BLAMELESS.md. */
  readonly avoid: string;
  /** Why the phrase works against a blameless review. */
  readonly reason: string;
  /** The reframing the reference suggests. */
  readonly suggest: string;
  readonly severity: SeverityByContext;
  /** A sentence the rule flags (shown in docs/BLAMELESS.md; the rule table test checks it). */
  readonly example: string;
  /** Rules whose matches this rule's matches replace where they overlap ("should have known" is not also "should have"). */
  readonly supersedes: readonly string[];
  /** True when the rule can only match names from `--roster`. */
  readonly needsRoster: boolean;
  /** Build the matcher for one lint run (the vocabulary carries the roster); null when it cannot match. */
  compile(vocabulary: Vocabulary): Matcher | null;
}

/** One block of prose as the rules see it: masked text and the heading of its section. */
export interface Block {
  text: string;
  /** The nearest heading above the block, as written (null before the first heading). */
  section: string | null;
}

/** Every match in a block: start index, length, and a suggestion when it depends on the match. */
export type Matcher = (block: Block) => RuleMatch[];

export interface RuleMatch {
  index: number;
  length: number;
  suggest?: string;
}

/**
 * Severities by family, decided once (docs/BLAMELESS.md explains them). Quoted speech in a record
 * section (timeline, supporting information) is at most a note: a timeline keeps what people said.
 */
export const SEVERITIES = {
  /** Blame, judgement, a person as a cause: an error wherever the authors speak. */
  blame: { analysis: 'error', record: 'error', quote: 'info', actions: 'error', risks: 'error' },
  /** Counterfactuals about what people did: an error in the account; a warning in action items. */
  counterfactual: { analysis: 'error', record: 'error', quote: 'info', actions: 'warning', risks: 'error' },
  /** "could/would have", "if … had …": alternate reality, which belongs to proposals and near misses only. */
  hypothetical: { analysis: 'error', record: 'error', quote: 'info', actions: 'off', risks: 'off' },
  /** Hindsight, minimising, tone, who/why questions, framing: a warning to rewrite. */
  advisory: { analysis: 'warning', record: 'warning', quote: 'info', actions: 'warning', risks: 'warning' },
  /** Asking humans to try harder: an error as an action item (it is not a control), a warning elsewhere. */
  control: { analysis: 'warning', record: 'warning', quote: 'info', actions: 'error', risks: 'warning' },
  /** The shape of an action item (vague, not actionable): only in action items. */
  actionShape: { analysis: 'off', record: 'off', quote: 'off', actions: 'warning', risks: 'off' },
  /** Description mixed with a fix: a warning in the account; fine in action items and near misses. */
  description: { analysis: 'warning', record: 'warning', quote: 'info', actions: 'off', risks: 'off' },
  /** A participant's name: refer to roles in the account; named owners are welcome in action items. */
  names: { analysis: 'warning', record: 'warning', quote: 'info', actions: 'off', risks: 'warning' },
  /** Problems with suppression comments themselves. */
  meta: { analysis: 'error', record: 'error', quote: 'error', actions: 'error', risks: 'error' },
} as const satisfies Record<string, SeverityByContext>;

export type SeverityPreset = keyof typeof SEVERITIES;

export interface RuleSpec {
  id: string;
  entries: number[];
  avoid: string;
  reason: string;
  suggest: string;
  severity: SeverityPreset;
  example: string;
  supersedes?: string[];
  needsRoster?: boolean;
  /** Pattern in the dialect of pattern.ts (word-bounded, case-insensitive), or built from the vocabulary; null = cannot match. */
  pattern: string | ((v: Vocabulary) => string | null);
  /** A full regular expression instead (no word boundaries added), for punctuation rules. */
  raw?: boolean;
  /** Keep a match (true), drop it (false), or keep it with a suggestion of its own. */
  accept?: (match: RegExpExecArray, v: Vocabulary, block: Block) => boolean | { suggest: string };
}

export function defineRule(spec: RuleSpec): Rule {
  const family = spec.id.slice(0, spec.id.indexOf('/'));
  return {
    id: spec.id,
    family,
    entries: spec.entries,
    avoid: spec.avoid,
    reason: spec.reason,
    suggest: spec.suggest,
    severity: SEVERITIES[spec.severity],
    example: spec.example,
    supersedes: spec.supersedes ?? [],
    needsRoster: spec.needsRoster ?? false,
    compile(v) {
      const source = typeof spec.pattern === 'function' ? spec.pattern(v) : spec.pattern;
      if (source === null) return null;
      const regex = spec.raw ? new RegExp(source, 'gu') : wordPattern(source);
      return (block) => {
        const found: RuleMatch[] = [];
        for (const match of block.text.matchAll(regex)) {
          if (match[0].length === 0) continue;
          const verdict = spec.accept ? spec.accept(match as RegExpExecArray, v, block) : true;
          if (verdict === false) continue;
          found.push({ index: match.index, length: match[0].length, ...(verdict === true ? {} : { suggest: verdict.suggest }) });
        }
        return found;
      };
    },
  };
}
