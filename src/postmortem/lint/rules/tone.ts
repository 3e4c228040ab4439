import { defineRule, type Rule } from '../rule.js';

/**
 * Tone (reference §3.1 rows 9, 10, 30; Workbook "animated language"): exclamations, disbelief and
 * venting carry emotion instead of data.
 */
export const toneRules: Rule[] = [
  defineRule({
    id: 'tone/animated',
    entries: [9],
    avoid: '"ridiculous", "absurd", "insane", "embarrassing", "horrible", …',
    reason: 'animated language',
    suggest: 'Remove it; give verifiable data for the severity',
    severity: 'advisory',
    example: 'The retry settings, which is ridiculous, tripled the load.',
    pattern:
      'ridiculous(?:ly)?|absurd(?:ly)?|insane(?:ly)?|crazy|ludicrous|outrageous|embarrassing(?:ly)?|shameful|pathetic|inexcusable|unforgivable' +
      '|horrible|horrendous|terrible|awful|dumpster fire|wtf|facepalm',
  }),
  defineRule({
    id: 'tone/disbelief',
    entries: [10],
    avoid: '"I can\'t believe …", "unbelievable", "by some miracle"',
    reason: 'an exclamation of disbelief',
    suggest: 'Quantify what held: "Core capacity absorbed all edge traffic (N QPS, x% of normal)"',
    severity: 'advisory',
    example: "I can't believe we survived this one.",
    pattern: "(?:I|we) (?:can't|cannot|can not|couldn't|could not) believe|unbelievabl[ey]|hard to believe|miraculous(?:ly)?|by some miracle",
  }),
  defineRule({
    id: 'tone/exclamation',
    entries: [10],
    avoid: 'two or more exclamation marks, "?!"',
    reason: 'exclamations carry emotion, not data',
    suggest: 'Quantify what held: "Core capacity absorbed all edge traffic (N QPS, x% of normal)"',
    severity: 'advisory',
    example: 'We survived this one!!!',
    raw: true,
    pattern: '(?<![!?])(?=[!?]{2})(?=[!?]*!)[!?]+',
  }),
  defineRule({
    id: 'tone/venting',
    entries: [30],
    avoid: '"if I get paged one more time …", "rewrite the whole backend", "sick of"',
    reason: 'venting, finger-pointing',
    suggest: '"An action item to rewrite the backend might prevent these pages; the manual is long and hard to train on"',
    severity: 'advisory',
    example: "If I get paged one more time I'll rewrite it myself.",
    pattern:
      "(?:if|when|next time) (?:I|we) (?:get|am|are|'m|'re) paged (?:one more time|again)|I'?ll rewrite|rewrite (?:the whole|the entire|everything|it all|it myself|it from scratch)" +
      '|sick (?:and tired )?of|fed up with',
  }),
];
