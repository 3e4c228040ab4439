import { defineRule, type Rule } from '../rule.js';

/**
 * Root cause (reference §3.1 rows 7 and 31; §2 "Contributing factors, not a root cause"): Cook,
 * PagerDuty and Howie argue there is no single root cause of a failure in a complex system, and
 * "an individual's action should never be considered a root cause". Google's plural "root causes"
 * and "root cause analysis" (the practice) pass; "the root cause was …" and a heading or label
 * "Root cause" do not.
 */
export const rootCauseRules: Rule[] = [
  defineRule({
    id: 'root-cause/singular',
    entries: [31],
    avoid: '"the root cause was …", "the (one, real, main) root cause", a "Root cause" heading or label',
    reason: 'single-cause fallacy',
    suggest: '"Contributing factors were …" (plural), plus "Trigger"',
    severity: 'advisory',
    example: 'The root cause was a bad config push.',
    pattern:
      '(?:the|a|one|single|sole|only|real|true|actual|main|primary|ultimate|underlying) root cause(?! analys[ie]s)' +
      '|(?<=^\\s*)root cause(?=\\s*(?::|$))',
  }),
  defineRule({
    id: 'root-cause/person',
    entries: [7],
    avoid: 'a person as the root cause or as what caused the incident ("caused by the on-call")',
    reason: 'a person as the root cause',
    suggest: 'Describe the conditions: "A longstanding input-validation bug … was triggered by manual re-execution of a workflow"',
    severity: 'blame',
    example: 'The root cause was the on-call engineer running the script twice.',
    supersedes: ['root-cause/singular'],
    pattern: (v) =>
      `(?:the |a )?root cause(?: of [^.!?;]{1,40}?)?(?: (?:was|is|were)(?: that)?|:) ${v.person}` +
      `|${v.person} (?:was|were|is|are) the (?:root )?cause` +
      `|(?:caused|triggered) by (?:a |an )?(?:human|${v.person})`,
  }),
];
