import { defineRule, type Rule } from './rule.js';

/**
 * Rules about suppression comments themselves (not from the reference table): a comment that names
 * a rule that does not exist suppresses nothing, which is worth knowing (a typo would otherwise hide
 * in plain sight). Reported by suppression.ts; they match no prose and cannot be suppressed.
 */
export const suppressionRules: Rule[] = [
  defineRule({
    id: 'suppression/unknown-rule',
    entries: [],
    avoid: 'a suppression comment naming a rule id or family that does not exist',
    reason: 'suppresses nothing: no rule has that id',
    suggest: 'Use an id from docs/BLAMELESS.md, a family wildcard such as `counterfactual/*`, or `*`',
    severity: 'meta',
    example: '<!-- blameless-disable-next-line counterfactual/should-hve -->',
    pattern: () => null,
  }),
  defineRule({
    id: 'suppression/unknown-directive',
    entries: [],
    avoid: 'a `<!-- blameless-… -->` comment that is not one of the four directives',
    reason: 'suppresses nothing: not a directive',
    suggest: 'Use blameless-disable, blameless-enable, blameless-disable-line or blameless-disable-next-line',
    severity: 'meta',
    example: '<!-- blameless-ignore counterfactual/should-have -->',
    pattern: () => null,
  }),
];
