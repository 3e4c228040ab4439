import { defineRule, type Rule } from '../rule.js';

/**
 * Judgements of character and care (reference §3.1 rows 8, 38, 44): personal judgement is the
 * fundamental attribution error; it stops the analysis at the person. The words of row 38 are the
 * BLAME_TOKENS of the `blameless-lint` example in §3.2, matched as words instead of substrings.
 */
const CHARACTER = 'character judgement (fundamental attribution error)';
const SITUATION = 'Describe the situation; abstract to "any responder in that position"';

export const judgementRules: Rule[] = [
  defineRule({
    id: 'judgement/careless',
    entries: [8],
    avoid: '"careless", "carelessness", "careless ignorance"',
    reason: 'personal judgement',
    suggest: 'Neutral description; ask "what pressure led to this?"',
    severity: 'blame',
    example: 'A careless edit removed the filter.',
    pattern: 'careless(?:ly|ness)?',
  }),
  defineRule({
    id: 'judgement/not-careful-enough',
    entries: [44],
    avoid: '"not careful enough", "wasn\'t careful", "lack of care"',
    reason: 'judgement of the person, not a description of the command',
    suggest: 'Say what the command did and why: "The command ran against all hosts because an empty filter means \'all\'"',
    severity: 'blame',
    example: 'The operator was not careful enough when running the command.',
    pattern: "(?:not|n't) (?:very |sufficiently )?(?:careful|cautious|diligent)(?: enough)?|insufficiently (?:careful|cautious|diligent)|lack of (?:care|diligence|rigou?r)",
  }),
  defineRule({
    id: 'judgement/lazy',
    entries: [38],
    avoid: '"lazy", "laziness" (not "lazy loading")',
    reason: CHARACTER,
    suggest: SITUATION,
    severity: 'blame',
    example: 'It was a lazy shortcut.',
    pattern: 'lazy(?! (?:load|loading|loaded|init|initiali[sz]ation|evaluation|evaluated|connect|connection|import|imports|start)s?\\b)|laziness',
  }),
  defineRule({
    id: 'judgement/sloppy',
    entries: [38],
    avoid: '"sloppy", "sloppiness", "slapdash", "half-assed"',
    reason: CHARACTER,
    suggest: SITUATION,
    severity: 'blame',
    example: 'The migration script was sloppy.',
    pattern: 'sloppy|sloppily|sloppiness|slapdash|half-assed',
  }),
  defineRule({
    id: 'judgement/incompetent',
    entries: [38],
    avoid: '"incompetent", "inept", "clueless", "amateurish"',
    reason: CHARACTER,
    suggest: SITUATION,
    severity: 'blame',
    example: 'An incompetent reviewer approved it.',
    pattern: 'incompeten(?:t|ce|tly)|inept(?:itude)?|clueless|amateurish|amateur hour',
  }),
  defineRule({
    id: 'judgement/negligent',
    entries: [38],
    avoid: '"negligent", "negligence", "reckless", "irresponsible"',
    reason: CHARACTER,
    suggest: SITUATION,
    severity: 'blame',
    example: 'Deploying without a canary was negligent.',
    pattern: 'negligen(?:t|ce|tly)|reckless(?:ly|ness)?|irresponsibl[ey]|dereliction',
  }),
  defineRule({
    id: 'judgement/stupid',
    entries: [38],
    avoid: '"stupid", "idiot", "dumb", "moron"',
    reason: CHARACTER,
    suggest: SITUATION,
    severity: 'blame',
    example: 'That was a stupid mistake.',
    pattern: 'stupid(?:ity|ly)?|idiot(?:s|ic|ically)?|dumb(?:est)?|moron(?:s|ic)?|boneheaded|brain-?dead',
  }),
  defineRule({
    id: 'judgement/bad-apple',
    entries: [38],
    avoid: '"bad apple", "rotten apple"',
    reason: 'the bad-apple theory: blames a person for a system\'s weakness',
    suggest: SITUATION,
    severity: 'blame',
    example: 'One bad apple took down checkout.',
    pattern: '(?:bad|rotten) apples?',
  }),
];
