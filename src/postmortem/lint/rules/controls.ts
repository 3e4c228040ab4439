import { defineRule, type Rule } from '../rule.js';

/**
 * "Try harder" remedies (reference §3.1 rows 5, 36, 42): asking humans to change is not a control;
 * the Workbook plans "for a future where we're all as stupid as we are today". An error when it is
 * an action item, a warning when it is a lesson.
 */
export const controlRules: Rule[] = [
  defineRule({
    id: 'not-a-control/pay-attention',
    entries: [5],
    avoid: '"pay more (closer) attention", "should have paid more attention", "not paying attention"',
    reason: 'asks humans to change; not a control',
    suggest: '"Let\'s make this impossible to get wrong": add a guard, a confirmation, a rate limit',
    severity: 'control',
    example: 'The on-call should have paid more attention to the dashboard.',
    supersedes: ['counterfactual/should-have'],
    pattern: "(?:(?:should|must|need to|needs to|have to|has to)(?: have)? )?pa(?:y|id|ying|ys) (?:more|closer|better|extra|proper) attention|(?:not|n't|wasn't|weren't) paying attention",
  }),
  defineRule({
    id: 'not-a-control/be-more-careful',
    entries: [5],
    avoid: '"be more careful (next time)", "take more care"',
    reason: 'asks humans to change; not a control',
    suggest: '"Let\'s make this impossible to get wrong": add a guard, a confirmation, a rate limit',
    severity: 'control',
    example: 'Be more careful next time when editing the load balancer.',
    supersedes: ['counterfactual/should-have'],
    pattern: "(?:(?:should|must)(?: have)? )?(?:be|been|being) (?:more|extra|very) careful|more careful (?:next time|in (?:the )?future)|take (?:more|extra|greater) care",
  }),
  defineRule({
    id: 'not-a-control/remind-people',
    entries: [36],
    avoid: '"remind people (engineers, the team) to …"',
    reason: 'a reminder is not a control',
    suggest: '"An automated safeguard with a named owner and a tracking ID"',
    severity: 'control',
    example: "We'll remind people to be more careful.",
    supersedes: ['not-a-control/be-more-careful', 'not-a-control/pay-attention', 'not-a-control/be-vigilant'],
    pattern:
      '(?:remind|reminding|reminded) (?:(?:the|all|our) )?(?:people|everyone|everybody|engineers|team|on-call|on-callers|operators|developers|staff|responders|SREs)' +
      '(?: to(?: (?:be (?:more |extra )?(?:careful|vigilant)|pay (?:more |closer )?attention|double-check)))?',
  }),
  defineRule({
    id: 'not-a-control/be-vigilant',
    entries: [42],
    avoid: '"be (more) vigilant", "vigilance"',
    reason: 'a platitude, not a lesson about the system',
    suggest: 'A lesson about the system: "alert on x% of machines removed"',
    severity: 'control',
    example: 'Lesson: be more vigilant during deploys.',
    pattern: 'vigilan(?:t|ce|tly)',
  }),
];
