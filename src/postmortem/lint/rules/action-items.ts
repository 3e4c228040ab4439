import { defineRule, type Rule } from '../rule.js';

/**
 * Action items (reference §3.1 rows 13–18, 35; Workbook "key action-item characteristics"): an
 * action item changes the system, is verb-first, specific and bounded, and has one owner. Rules on
 * the *shape* of an item (vague, not actionable) apply in action-item sections only; rules that
 * target people apply everywhere.
 */

/** The start of an item: a list item, a table cell, a paragraph, or a sentence within one. */
const ITEM_START = '(?<=^\\s*|[.;!?]\\s+)';
/** No measurable end state anywhere after it: no number, no "so that", no "when … exceeds". */
const UNMEASURED = '(?![\\s\\S]*(?:\\d|so that|until|when|exceeds|above|below))';

export const actionItemRules: Rule[] = [
  defineRule({
    id: 'action-item/needs-to-learn',
    entries: [13],
    avoid: '"<person> needs to learn / be trained …"',
    reason: 'the action item targets a person',
    suggest: 'Change the system: a hand-off checklist, tooling',
    severity: 'control',
    example: 'sydneythree@ needs to learn proper hand-off protocol.',
    pattern: '(?:needs?|has|have|must|should) to (?:learn|be (?:re-?)?trained|get (?:re-?)?trained|brush up)|needs? (?:more |better )?training',
  }),
  defineRule({
    id: 'action-item/train-humans',
    entries: [14],
    avoid: '"train humans (people, engineers) not to …"',
    reason: '"make humans less error-prone"',
    suggest: '"Traffic admin server asks a safety-check service to approve destructive work"',
    severity: 'control',
    example: 'Train humans not to run unsafe commands.',
    pattern: '(?:train|retrain|re-train|educate|teach) (?:(?:the|all|our) )?(?:humans|people|engineers|staff|operators|developers|on-callers|on-call|team|everyone|responders|SREs)',
  }),
  defineRule({
    id: 'action-item/vague',
    entries: [15],
    avoid: 'an item that starts "Improve / Enhance / Strengthen …" or says "make … better", with no measurable end state',
    reason: 'vague, unmeasurable',
    suggest: 'Verb-first, specific, bounded, with an owner, a priority and a tracker: "Page when 5% of capacity is removed (P1, owner, BUG-123)"',
    severity: 'actionShape',
    example: 'Improve paging and alerting.',
    pattern: `${ITEM_START}(?:improve|enhance|strengthen|optimi[sz]e|better)${UNMEASURED}|make (?:\\p{L}+ ){1,3}better`,
  }),
  defineRule({
    id: 'action-item/investigate',
    entries: [16],
    avoid: 'an item that starts "Investigate / Look into / Explore / Consider …" with no end state',
    reason: 'not actionable',
    suggest: '"Add alerting for all cases where this service returns >1% errors"',
    severity: 'actionShape',
    example: 'Investigate monitoring for this scenario.',
    pattern: `${ITEM_START}(?:investigate|look into|explore|consider|think about|research|evaluate|assess)(?= \\p{L})${UNMEASURED}`,
  }),
  defineRule({
    id: 'action-item/fix-the-issue',
    entries: [17],
    avoid: '"Fix the issue (that caused the outage)"',
    reason: 'not specific',
    suggest: '"Handle invalid postal code in user address form input safely"',
    severity: 'actionShape',
    example: 'Fix the issue that caused the outage.',
    pattern: '(?:fix|resolve|address) (?:the|this|that|any|all) (?:issue|problem|bug|outage|incident|thing|error)s?(?=\\s+(?:that|which) caused|\\s*[.;]?\\s*$)',
  }),
  defineRule({
    id: 'action-item/make-sure',
    entries: [18],
    avoid: '"make sure / ensure (that) the engineer (someone, people) …"',
    reason: 'relies on a person; unbounded',
    suggest: '"Add an automated presubmit check for schema changes"',
    severity: 'control',
    example: 'Make sure the engineer checks the DB schema can be parsed before updating.',
    pattern: (v) => `(?:make sure|making sure|ensure|ensuring)(?: that)? (?:(?:every|each|all) )?${v.other}`,
  }),
  defineRule({
    id: 'action-item/someone-needs-to',
    entries: [35],
    avoid: '"someone needs to (should, must) …"',
    reason: 'no owner',
    suggest: 'One named owner and a tracking ID',
    severity: 'control',
    example: 'Someone needs to update the runbook.',
    pattern: "(?:someone|somebody|some team|some engineer|whoever) (?:(?:really|probably|eventually) )?(?:needs? to|has to|must(?! have| 've)|should(?! have| 've)|ought to|will have to|'ll have to)",
  }),
];
