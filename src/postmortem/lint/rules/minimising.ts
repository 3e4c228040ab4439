import { defineRule, type Rule } from '../rule.js';
import { ACTION_VERBS } from '../vocabulary.js';

/**
 * Minimising words (reference §3.1 row 40, a Faultline suggestion after alex's condescending checks):
 * "just restart it" makes a step sound trivial to someone who found it hard. Only the minimising uses
 * are flagged: "just" or "simply" before an instruction ("just roll back", "simply had to"), and
 * "easy to fix/see"; "just before the fault" and "easy to miss" (which names a difficulty) pass.
 */
export const minimisingRules: Rule[] = [
  defineRule({
    id: 'minimising/just',
    entries: [40],
    avoid: '"just" before a step ("just restart it", "just had to")',
    reason: 'minimises difficulty; condescending',
    suggest: 'Describe the step and its preconditions',
    severity: 'advisory',
    example: 'They could just restart the pod.',
    pattern: `just (?:${ACTION_VERBS}|(?:had|needed|need|needs|has|have) to|a (?:matter of|quick|simple|small|trivial|one-line))`,
  }),
  defineRule({
    id: 'minimising/simply',
    entries: [40],
    avoid: '"simply" before a step ("simply roll back")',
    reason: 'minimises difficulty; condescending',
    suggest: 'Describe the step and its preconditions',
    severity: 'advisory',
    example: 'The responder simply had to flip the flag back.',
    pattern: `simply (?:${ACTION_VERBS}|(?:had|needed|need|needs|has|have) to)|(?:is|was|it's) simply (?:a|the) (?:matter|case) of`,
  }),
  defineRule({
    id: 'minimising/easy',
    entries: [40],
    avoid: '"easy/trivial to fix (see, spot, catch)", "easy fix", "no-brainer"',
    reason: 'minimises difficulty; condescending',
    suggest: 'Describe the step and its preconditions; if it was hard to see at the time, say what hid it',
    severity: 'advisory',
    example: 'It was an easy fix that anyone could have spotted.',
    pattern:
      '(?:easy|trivial|simple|one-line) fix|no-?brainer|trivially (?:fixable|avoidable|preventable)' +
      '|(?:easy|trivial|simple|easily) to (?:fix|see|spot|avoid|prevent|catch|notice|check|find|detect|know|tell|understand)',
  }),
];
