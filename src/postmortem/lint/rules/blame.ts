import { defineRule, type Rule } from '../rule.js';
import { afterPerson } from '../vocabulary.js';

/**
 * Blame (reference §3.1 rows 6, 7, 11, 12, 24–26, 37–39, 43, 45): wording that stops the analysis
 * at a person. Where a verb also describes systems ("the client ignored the header"), the rule needs
 * a person as the subject or a human object (an alert, a runbook) before it fires.
 */
const NEGATED = "(?<!(?:no|not|n't|never|nobody|no one|without|nor)\\b[^.!?;:]{0,40})";

export const blameRules: Rule[] = [
  defineRule({
    id: 'blame/human-error',
    entries: [6],
    avoid: '"human error", "operator error", "pilot error"',
    reason: 'stops the analysis at the person',
    suggest: 'List the conditions (the script had no rate limit, the docs were out of date); "our system didn\'t prevent this error"',
    severity: 'blame',
    example: 'The incident was caused by human error.',
    supersedes: ['root-cause/person'],
    pattern: '(?:human|operator|pilot|personnel) (?:error|mistake|failure)s?',
  }),
  defineRule({
    id: 'blame/ignored',
    entries: [7],
    avoid: '"ignored the alert / warning / runbook / automation"',
    reason: 'makes a person\'s choice the cause',
    suggest: 'Describe the workflow: "a longstanding bug … was triggered by manual re-execution of a workflow"',
    severity: 'blame',
    example: 'The engineer ignored the automation and ran it manually.',
    pattern:
      'ignor(?:ed|ing|es|e) (?:(?:the|a|an|all|every|our|his|her|their|my|your|several|two|three|multiple|repeated|earlier|first) )*' +
      '(?:alert|alerts|warning|warnings|page|pages|runbook|runbooks|automation|process|procedure|procedures|instructions|advice|policy|checklist|signs|dashboard|dashboards|notification|notifications)',
  }),
  defineRule({
    id: 'blame/never-did',
    entries: [11],
    avoid: 'a person + "never wrote / tested / documented / checked …"',
    reason: 'whole-team or personal blame, stated as a pattern',
    suggest: 'Describe the artefact: "The runbook did not say the workflow must not be re-run"',
    severity: 'blame',
    example: 'The team never wrote any documentation for the workflow.',
    pattern: (v) =>
      `${afterPerson(v, false)}(?:never|did not ever|didn't ever) (?:wrote|write|documented|document|tested|test|checked|check|updated|update|followed|follow|reviewed|review|bothered|cared|read|learned|learnt|listened|fixed|fix)`,
  }),
  defineRule({
    id: 'blame/not-soon-enough',
    entries: [12],
    avoid: '"did not act soon enough", "too slow to react" (of people)',
    reason: 'blames a role for the time a response took',
    suggest: 'Give the times: "Machines were taken at 16:38; the first page fired ~17:10" → action item: alert when > x% capacity is removed',
    severity: 'blame',
    example: 'On-call did not act soon enough.',
    supersedes: ['counterfactual/failed-to'],
    pattern: (v) =>
      "(?:did not|didn't|failed to|was unable to) (?:act|react|escalate|acknowledge|ack|notice|roll back)(?: [^.!?;]{0,30}?)? (?:soon|quickly|fast|early) enough" +
      `|${afterPerson(v)}(?:(?:was|were) (?:too )?slow to|(?:did not|didn't) (?:act|react|respond) in time|(?:did not|didn't) respond (?:soon|quickly|fast) enough)`,
  }),
  defineRule({
    id: 'blame/not-the-first-time',
    entries: [12],
    avoid: '"not the first time", a person "keeps forgetting / always misses"',
    reason: 'implies a pattern of failure by people',
    suggest: 'If it recurred, say what recurred and link the earlier incidents (the Recurrence section)',
    severity: 'blame',
    example: 'This is not the first time on-call failed to react.',
    pattern: (v) =>
      "(?:not|isn't|wasn't|is not|was not) the first time" +
      `|${afterPerson(v, false)}(?:always|keeps?|kept|repeatedly|again) (?:fail|failing|forget|forgetting|forgot|miss|missing|missed|ignore|ignoring|ignored)s?`,
  }),
  defineRule({
    id: 'blame/forgot-to',
    entries: [24],
    avoid: '"forgot to", "forgot about", "neglected to"',
    reason: 'individual lapse framing',
    suggest: '"No automation prevents/reminds …"',
    severity: 'blame',
    example: 'The deployer forgot to drain the node.',
    pattern: '(?:forgot|forget|forgets|forgetting|forgotten) (?:to|about)|neglect(?:ed|s)? to',
  }),
  defineRule({
    id: 'blame/didnt-follow-process',
    entries: [25],
    avoid: '"didn\'t follow the process / runbook / checklist", "bypassed the procedure"',
    reason: 'blames compliance',
    suggest: '"The process lacked a safeguard" / "the process did not fit this case"',
    severity: 'blame',
    example: "The responder didn't follow the runbook.",
    supersedes: ['counterfactual/failed-to'],
    pattern:
      "(?:didn't|did not|failed to|doesn't|does not|don't|do not|never|wasn't|weren't|not) (?:follow|following|followed|adhere to|comply with|stick to|obey) " +
      '(?:(?:the|our|a|any|proper|established|standard|documented|agreed|deploy|release|change|incident) )*(?:process|procedure|procedures|runbook|playbook|protocol|checklist|instructions|rules|policy|steps)' +
      '|(?:violated|bypassed|skipped|circumvented) (?:the |our )?(?:process|procedure|protocol|policy|rules|checklist|runbook)',
  }),
  defineRule({
    id: 'blame/by-mistake',
    entries: [26],
    avoid: '"by mistake", "by accident", "accidentally"',
    reason: 'makes a person\'s slip the cause',
    suggest: 'Say what allowed it: "The deploy tool accepted a production target without confirmation"',
    severity: 'blame',
    example: 'A developer deployed to prod by mistake.',
    pattern: 'by mistake|by accident|accidentally|mistakenly',
  }),
  defineRule({
    id: 'blame/someones-mistake',
    entries: [26],
    avoid: '"<someone>\'s mistake / blunder / fault", "his/her/their mistake"',
    reason: 'a person as the cause',
    suggest: 'Say what allowed it: "The deploy tool accepted a production target without confirmation"',
    severity: 'blame',
    example: "It was the engineer's mistake.",
    // "the proxy's fault" is Faultline's everyday vocabulary: "fault" and "error" only count after a person.
    pattern: (v) =>
      `\\p{L}+'s (?:mistake|blunder|screw-?up|screwup|oversight)|(?:my|his|her|their|your) (?:mistake|blunder|screw-?up|screwup|oversight|fault)` +
      `|(?:${v.person})'s (?:fault|error(?! (?:budget|rate|ratio|count|log|code|message|handling|series|metric|class|path)s?))`,
  }),
  defineRule({
    id: 'blame/lacked-knowledge',
    entries: [37],
    avoid: '"lacked the knowledge / experience / skills", "inexperienced"',
    reason: 'deficit framing of a person',
    suggest: 'Describe the gap in the system: "The runbook did not cover production conditions; tested locally, did not anticipate prod"',
    severity: 'blame',
    example: 'The engineer lacked proper knowledge of the system.',
    pattern:
      '(?:lacked|lacks|lacking|lack of|without|did not have|didn\'t have|had no|has no|not enough|insufficient) (?:the |any )?(?:proper |necessary |required |sufficient |enough |adequate |relevant )?' +
      '(?:knowledge|experience|skills?|understanding|competence|expertise|know-how)|inexperienced|unqualified',
  }),
  defineRule({
    id: 'blame/blamed',
    entries: [39],
    avoid: '"blame", "blamed", "to blame" (not "no one is blamed", not "blameless")',
    reason: 'individual or collective fault',
    suggest: '"No individual or team is blamed; focus on gaps in system design"',
    severity: 'blame',
    example: 'The release team is to blame.',
    pattern: `${NEGATED}(?:blame|blamed|blames|blaming)`,
  }),
  defineRule({
    id: 'blame/held-responsible',
    entries: [39],
    avoid: '"held (solely) responsible", "at fault" (of a person), "it was his fault"',
    reason: 'individual or collective fault',
    suggest: '"No individual or team is blamed; focus on gaps in system design"',
    severity: 'blame',
    example: 'The deployer is held solely responsible.',
    supersedes: ['blame/someones-mistake'],
    pattern: (v) =>
      `${NEGATED}(?:held (?:solely |personally |fully |directly )?(?:responsible|accountable)|solely responsible)` +
      `|${afterPerson(v)}(?:is|was|are|were) (?:(?:entirely|solely|fully|partly) )?at fault` +
      "|(?:it was|it's|it is) (?:all )?(?:his|her|their|your|\\p{L}+'s) fault",
  }),
  defineRule({
    id: 'blame/scapegoat',
    entries: [38],
    avoid: '"scapegoat"',
    reason: 'names someone to carry the blame',
    suggest: 'Describe the situation; abstract to "any responder in that position"',
    severity: 'blame',
    example: 'The intern became the scapegoat.',
    pattern: 'scapegoat(?:s|ed|ing)?',
  }),
  defineRule({
    id: 'blame/missed-the-alert',
    entries: [43],
    avoid: '"missed / overlooked / didn\'t see the alert (page, warning)"',
    reason: 'implies inattention',
    suggest: '"The page arrived during a pager storm of N alerts; the first actionable one was at …"',
    severity: 'blame',
    example: 'The on-call missed the page.',
    supersedes: ['counterfactual/failed-to'],
    pattern:
      "(?:missed|miss|misses|overlooked|overlook|slept through|didn't see|did not see|didn't notice|did not notice|failed to notice|failed to see) " +
      '(?:(?:the|a|an|every|all|both|several|that|this|two|three|multiple|first|initial|critical|important|earlier) )*(?:alert|alerts|page|pages|warning|warnings|notification|notifications|signals)' +
      '|(?:alert|page|warning|notification)s? (?:was|were|went|got) (?:missed|unnoticed|overlooked)',
  }),
  defineRule({
    id: 'blame/not-my-fault',
    entries: [45],
    avoid: '"not my fault", "not my job"',
    reason: 'defensive; disowns forward work',
    suggest: 'Forward-looking ownership is fine: "I\'ll find who owns this and get back to you"',
    severity: 'blame',
    example: "That's not my job.",
    supersedes: ['blame/someones-mistake'],
    pattern: "(?:not|isn't|wasn't|aren't) (?:my|our) (?:fault|job|problem|responsibility)",
  }),
];
