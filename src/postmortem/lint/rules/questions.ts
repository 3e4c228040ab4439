import { defineRule, type Rule } from '../rule.js';

/**
 * Questions aimed at people (reference §3.1 rows 19–21, 28, 29; §2 '"How", not "why"'): ask "how"
 * and "what", not "who" or "why". Questions about the system pass ("why did the alert not fire?",
 * "what should the retry budget be?"), and so does the collective "why were we surprised?" (Morgue's
 * prompt, kept by the canonical model in §1.10).
 */
const WHY_AUX = '(?:did|do|does|would|were|was|are|is|have|has|had)';
const WHY_NOT_AUX = "(?:didn't|did not|wasn't|weren't|isn't|aren't|hasn't|haven't|hadn't|wouldn't|couldn't|don't|doesn't)";

export const questionRules: Rule[] = [
  defineRule({
    id: 'question/why-did-person',
    entries: [19],
    avoid: '"why did you / he / the on-call …?"',
    reason: 'forces justification',
    suggest: '"How did you …? What were you seeing? What happened next?"',
    severity: 'advisory',
    example: 'Why did you restart the primary?',
    pattern: (v) => `why ${WHY_AUX} ${v.other}(?! (?:not|never)\\b)`,
  }),
  defineRule({
    id: 'question/why-didnt-person',
    entries: [21, 28],
    avoid: '"why didn\'t you (he, the on-call) …?", "why did you not …?"',
    reason: 'blame via question',
    suggest: '"What process gap let this through?"',
    severity: 'advisory',
    example: "Why didn't you catch this in review?",
    pattern: (v) => `why ${WHY_NOT_AUX} ${v.other}|why ${WHY_AUX} ${v.other} (?:not|never)`,
  }),
  defineRule({
    id: 'question/who-did-it',
    entries: [20],
    avoid: 'a "who pushed / caused / broke / approved …?" question',
    reason: 'a who-question looks for a person to blame',
    suggest: '"What allowed this to reach production?" / "What allowed this to happen?"',
    severity: 'advisory',
    example: 'Who pushed that code?',
    // A question, not a relative clause: at the start of a sentence and ending in "?" ("the engineer who deployed it" passes).
    pattern:
      '(?<=(?:^|[.!?:;(\\["“]|\\n[-*+>]?)\\s*)who (?:pushed|caused|broke|deployed|merged|approved|wrote|shipped|made|dropped|forgot|missed|ignored|did (?:this|that|it)|(?:is|was) (?:responsible|to blame)|messed up|screwed up|let (?:this|that|it))(?=[^.!?]*\\?)',
  }),
  defineRule({
    id: 'question/leading-role',
    entries: [29],
    avoid: '"you\'re the manager; why aren\'t you making sure …?"',
    reason: 'a leading question aimed at a role',
    suggest: '"The on-caller missed a training that would have helped; should it be required before joining the rotation? Escalation is not a sin."',
    severity: 'advisory',
    example: "You're the manager; why aren't you making sure everyone finishes the training?",
    supersedes: ['question/why-didnt-person', 'action-item/make-sure'],
    pattern: (v) =>
      "(?:you're|you are|you were) the (?:manager|team lead|tech lead|lead|owner|on-call|IC|incident commander|one responsible)" +
      `|why (?:aren't|are not|weren't|were not|isn't|is not) ${v.other} (?:making sure|ensuring|checking|enforcing|tracking|doing)`,
  }),
];
