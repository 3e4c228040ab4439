import { defineRule, type Rule } from '../rule.js';
import { RIGHT_BOUNDARY } from '../pattern.js';
import { afterPerson, CLAUSE_END, HUMAN_VERBS, PARTICIPLE } from '../vocabulary.js';

/**
 * Counterfactuals (reference §3.1 rows 1–4 and 32; §2 "Counterfactuals"): "should have / could have /
 * would have / failed to" tell a story that did not happen (The Human Diver), and PagerDuty forbids
 * "alternate reality" in what happened. Only the perfect forms are flagged: "the alert should fire at
 * 14.4×" describes a rule and "what should the retry budget be?" asks about the system; and "should
 * have" must be followed by a past participle, so "every alert should have a runbook" passes.
 * "might have" is not flagged: it states uncertainty, not an alternative world.
 */
export const counterfactualRules: Rule[] = [
  defineRule({
    id: 'counterfactual/should-have',
    entries: [1],
    avoid: '"should have" / "shouldn\'t have" / "ought to have" + a past participle',
    reason: 'counterfactual; judges with hindsight',
    suggest: 'Describe what they knew and saw at the time; ask "what made the chosen action look reasonable then?"',
    severity: 'counterfactual',
    example: 'The on-call engineer should have rolled back the deploy.',
    pattern: `(?:should(?: not|n't)? have|should've|ought(?: not)? to have)(?: ${PARTICIPLE}|${CLAUSE_END})`,
  }),
  defineRule({
    id: 'counterfactual/could-have',
    entries: [2],
    avoid: '"could have" / "couldn\'t have" + a past participle ("could have prevented")',
    reason: 'describes a world that did not happen',
    suggest: 'Move the idea to Action items as a proposal: "Add … so that …"',
    severity: 'hypothetical',
    example: 'A canary could have prevented the outage.',
    pattern: `(?:could(?: not|n't)? have|could've)(?: ${PARTICIPLE}|${CLAUSE_END})`,
  }),
  defineRule({
    id: 'counterfactual/would-have',
    entries: [2],
    avoid: '"would have" / "wouldn\'t have" + a past participle',
    reason: 'describes a world that did not happen',
    suggest: 'Move the idea to Action items as a proposal: "Add … so that …"',
    severity: 'hypothetical',
    example: 'A second reviewer would have caught the typo.',
    pattern: `(?:would(?: not|n't)? have|would've)(?: ${PARTICIPLE}|${CLAUSE_END})`,
  }),
  defineRule({
    id: 'counterfactual/failed-to',
    entries: [3],
    avoid: '"failed to" after a person ("the on-call failed to …") or before a verb only people do ("failed to notice")',
    reason: 'counterfactual that implies fault',
    suggest: 'State the observable: "No alert was sent between 14:02 and 14:19"',
    severity: 'counterfactual',
    example: 'The on-call failed to escalate.',
    // "The health check failed to connect" describes the system and is left alone.
    pattern: (v) => `${afterPerson(v)}(?:failed|fails|failing|fail) to|(?:failed|fails|failing) to(?= ${HUMAN_VERBS}${RIGHT_BOUNDARY})`,
  }),
  defineRule({
    id: 'counterfactual/situational-awareness',
    entries: [4],
    avoid: '"lost / lacked / no situational awareness"',
    reason: 'a label, not a description',
    suggest: 'Say what was on the screen: "The dashboard the on-call had open did not show queue depth"',
    severity: 'counterfactual',
    example: 'The responders lost situational awareness.',
    pattern:
      "(?:lost|lose|loses|losing|loss of|lacked|lacks|lack of|lacking|no|poor|low|reduced|without|had no) (?:(?:any|all|their|his|her|the) )?situation(?:al)? awareness" +
      '|situation(?:al)? awareness (?:was|were) (?:lost|lacking|low|poor)',
  }),
  defineRule({
    id: 'counterfactual/alternate-reality',
    entries: [32],
    avoid: '"if … had …, … would/could have …" (a third conditional)',
    reason: 'alternate reality inside what happened',
    suggest: 'Keep "what happened" factual; put the improvement (e.g. rate limiting) in Action items',
    severity: 'hypothetical',
    example: 'If service X had rate limited the requests, it would not have failed.',
    supersedes: ['counterfactual/would-have', 'counterfactual/could-have'],
    pattern: "if(?: only)? [^.!?;]{1,120}? had(?: not|n't)? [^.!?;]{1,120}? (?:(?:would|could|might)(?: not|n't)? have|would've|could've)",
  }),
];
