import { defineRule, type Rule } from '../rule.js';

/**
 * Framing of facts (reference §3.1 rows 33, 34): "insufficient monitoring" mixes a description with
 * a fix, and loaded words overstate impact. "Outage" itself is not flagged: the SRE book's timeline
 * markers (OUTAGE BEGINS, OUTAGE ENDS) are Faultline's, and an outage can be measured; the rule
 * flags the words that replace measurement ("massive outage", "meltdown", "disaster").
 */
export const framingRules: Rule[] = [
  defineRule({
    id: 'framing/insufficient-monitoring',
    entries: [33],
    avoid: '"insufficient / inadequate / poor monitoring (alerting, observability, …)"',
    reason: 'mixes description and fix',
    suggest: 'State what was seen, then the action item: "CPU rose from 40% to 95% at 18:02; no alert fired"',
    severity: 'description',
    example: 'There was insufficient monitoring to detect the elevated CPU.',
    pattern: '(?:insufficient|inadequate|not enough|lack of|lacking|poor|sparse) (?:monitoring|alerting|observability|visibility|logging|instrumentation|test coverage|testing)',
  }),
  defineRule({
    id: 'framing/overstated-impact',
    entries: [34],
    avoid: '"massive / huge / catastrophic outage", "meltdown", "disaster", "fiasco"',
    reason: 'overstates impact',
    suggest: '"incident" / "service degradation", with the measured scope (requests, users, minutes, budget)',
    severity: 'advisory',
    example: 'It was a massive outage.',
    pattern:
      '(?:massive|huge|enormous|catastrophic|epic|giant|gigantic|colossal|apocalyptic|disastrous) (?:outage|failure|meltdown|disaster|incident|mess|breakdown)s?' +
      '|meltdown|catastrophe|catastrophic|fiasco|disaster(?! recovery)|everything (?:was|went) down|everything broke|(?:was|were|is) on fire',
  }),
];
