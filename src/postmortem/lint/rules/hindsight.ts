import { defineRule, type Rule } from '../rule.js';

/**
 * Hindsight (reference §3.1 rows 22, 23, 28, 41; §2 "Hindsight bias"): knowing the outcome makes
 * events look predictable. "Obviously" and "everyone knows" also hide tacit knowledge (the Etsy guide
 * zooms in on them; alex flags them as condescending). "Not obvious at the time" is the blameless
 * phrasing, so negated forms pass.
 */
export const hindsightRules: Rule[] = [
  defineRule({
    id: 'hindsight/should-have-known',
    entries: [23],
    avoid: '"should have known / seen it coming"',
    reason: 'hindsight: the outcome was not known at the time',
    suggest: 'Describe the system: "The system allowed an invalid state" / ask "what could have surfaced this?"',
    severity: 'counterfactual',
    example: 'Anyone on the team should have known the flag was unsafe.',
    supersedes: ['counterfactual/should-have'],
    pattern: "(?:should(?: not|n't)?|ought to) (?:have|'ve) (?:known|realised|realized|seen (?:it|this|that) coming)|should've (?:known|realised|realized|seen (?:it|this|that) coming)",
  }),
  defineRule({
    id: 'hindsight/must-have-known',
    entries: [28],
    avoid: '"someone must have known", "knew this was a bad idea"',
    reason: 'leader blame dressed as a question; assumes foresight',
    suggest: 'Ask "Were there warning signs we could have heeded, and why might we have dismissed them?"',
    severity: 'counterfactual',
    example: 'Someone must have known this was a bad idea.',
    pattern: "must(?: have|'ve) (?:known|realised|realized|seen (?:it|this|that) coming)|knew (?:it|this|that) (?:was|would be) a bad idea",
  }),
  defineRule({
    id: 'hindsight/obviously',
    entries: [22],
    avoid: '"obvious", "obviously" (not "not obvious")',
    reason: 'hindsight; hides tacit knowledge',
    suggest: 'Ask "what made it seem right at the time?"; ask the room "is this obvious to everyone?"',
    severity: 'advisory',
    example: 'The config change was obviously wrong.',
    pattern: "(?<!(?:not|n't|no|nothing|never|less|hardly|far from|un) (?:\\p{L}+ )?)obvious(?:ly)?",
  }),
  defineRule({
    id: 'hindsight/of-course',
    entries: [22],
    avoid: '"of course"',
    reason: 'hindsight; hides tacit knowledge',
    suggest: 'Write down the knowledge it assumes, and ask who had it and how',
    severity: 'advisory',
    example: 'Of course the cache was cold after the restart.',
    pattern: 'of course',
  }),
  defineRule({
    id: 'hindsight/everyone-knows',
    entries: [41],
    avoid: '"everyone knows", "common knowledge", "as we all know"',
    reason: 'hides tacit knowledge',
    suggest: 'Write the knowledge down; ask who knew it and how',
    severity: 'advisory',
    example: 'Everyone knows you never deploy on a Friday.',
    pattern:
      '(?:everyone|everybody|we all|anyone|anybody) (?:knows|knew|know|should know|would know|can see|could see|could tell)' +
      '|common knowledge|as we all know|(?:it is|it\'s|as is) well[- ]known|a well-known fact',
  }),
];
