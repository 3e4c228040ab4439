import { expand, LEFT_BOUNDARY, RIGHT_BOUNDARY, wordPattern } from '../pattern.js';
import { defineRule, type Block, type Rule } from '../rule.js';
import { PEOPLE_LABELS, ROLE_WORDS, type Vocabulary } from '../vocabulary.js';

/**
 * Names (reference §3.1 rows 11, 26, 27; §3.2 "name-as-subject rule using the game-day roster"):
 * a participant's name as a cause is blame; a name anywhere in the account pulls the document toward
 * blame, so the account refers to roles. Names from `--roster` only (Faultline knows who took part);
 * without a roster only "<Capitalised> broke prod" is caught. Action items may name their owners,
 * and lists of people (an "Authors:" line, a Responders section, a cell holding only names) are
 * left alone.
 */
const CAUSE_VERBS = "broke|breaks|caused|causes|crashed|took down|brought down|messed up|screwed up|botched|fat-fingered|nuked";

function roleOf(v: Vocabulary, text: string): string | undefined {
  return v.rosterEntryFor(text)?.role;
}

/** With a role in the roster, the suggestion names it; otherwise the rule's own suggestion stands. */
function byRole(v: Vocabulary, name: string, then: string): true | { suggest: string } {
  const role = roleOf(v, name);
  return role ? { suggest: `Refer to the role, not the person: "the ${role}"; ${then}` } : true;
}

export const namesRules: Rule[] = [
  defineRule({
    id: 'names/name-as-cause',
    entries: [26],
    avoid: '"<Name> broke / caused …", "<Name>\'s mistake", "because <Name> …", "caused by <Name>"',
    reason: 'a name as the cause',
    suggest: 'Say what allowed it: "The deploy tool accepted a production target without confirmation"',
    severity: 'blame',
    example: 'Checkout went down because Alice pushed a bad config.',
    supersedes: ['names/roster-name', 'blame/someones-mistake', 'root-cause/person', 'blame/held-responsible'],
    pattern: (v) => {
      const generic = `(?<name>\\p{L}+) (?:broke|took down|brought down|messed up|screwed up|botched|nuked) (?:it|prod|production|the build|the site|everything|things|main|master|staging)`;
      if (!v.names) return generic;
      const n = (group: string) => `(?<${group}>${v.names})`;
      return [
        `${n('a')}(?:'s)? (?:mistake|fault|error|blunder|screw-?up|oversight|negligence|carelessness)`,
        `${n('b')} (?:${CAUSE_VERBS})`,
        `because(?: of)? ${n('c')}`,
        `(?:caused|triggered|started|broken) by ${n('d')}`,
        `(?:blame|blamed|blaming)(?: it)?(?: on)? ${n('e')}|${n('f')} (?:is|was) to blame`,
        `${n('g')} [^.!?;]{0,60}?(?:by mistake|by accident|accidentally)`,
        generic,
      ].join('|');
    },
    accept: (match, v) => {
      const groups = match.groups ?? {};
      const named = Object.entries(groups).find(([key, value]) => key !== 'name' && value !== undefined);
      if (named) return v.rosterEntryFor(named[1] as string) ? byRole(v, named[1] as string, 'say what allowed it, not who') : false;
      // Without a roster: "Gateway broke prod" is a service; accept only a capitalised word that is not a sentence's first.
      const word = groups.name ?? '';
      const before = match.input.slice(0, match.index);
      return /^\p{Lu}/u.test(word) && /[\p{L}\p{N},]\s+$/u.test(before);
    },
  }),
  defineRule({
    id: 'names/singled-out',
    entries: [11],
    avoid: '"(especially / particularly <Name>)" inside a statement about a team',
    reason: 'singles out names inside whole-team blame',
    suggest: 'Describe the artefact, not the people: "The runbook did not say the workflow must not be re-run"',
    severity: 'blame',
    example: 'The team (especially Alice and Bob) never documented the workflow.',
    needsRoster: true,
    supersedes: ['names/roster-name'],
    pattern: (v) => (v.names ? `(?:especially|particularly|in particular|notably|above all) (?<a>${v.names})(?: and (?<b>${v.names}))?` : null),
    accept: (match, v) => (v.rosterEntryFor(match.groups?.a ?? '') ? true : false),
  }),
  defineRule({
    id: 'names/roster-name',
    entries: [27],
    avoid: 'a roster name in the account ("Alice rolled back the deployment")',
    reason: 'names pull the document toward blame',
    suggest: 'Use roles: "The on-call engineer rolled back the deployment"',
    severity: 'names',
    example: 'Alice rolled back the deployment at 14:20.',
    needsRoster: true,
    pattern: (v) => (v.names ? `${v.names}(?:'s)?` : null),
    accept: (match, v, block) => {
      if (!v.rosterEntryFor(match[0])) return false;
      if (listsPeople(match.index, block, v)) return false;
      return byRole(v, match[0], 'the account describes roles and the system');
    },
  }),
];

const labelLine = new RegExp(`^[\\s*_]*${LEFT_BOUNDARY}${expand(PEOPLE_LABELS)}${RIGHT_BOUNDARY}[\\s*_]*[:|]`, 'iu');
const byline = /\((?:by|with|from|owners?:?|authors?:?|cc:?)\s[^()]*$/iu;
const peopleSection = /\b(?:responders|attendees|participants|authors|investigators|people involved|roles|interviews|interviewees|contacts|roster|who was involved)\b/iu;

/**
 * True when the name sits in a list of people: under a heading such as "Responders" or
 * "Attendees", after a label such as "Authors:", or in a block of nothing but names and roles.
 */
function listsPeople(index: number, { text, section }: Block, v: Vocabulary): boolean {
  if (section !== null && peopleSection.test(section)) return true;
  const lineStart = text.lastIndexOf('\n', index) + 1;
  if (labelLine.test(text.slice(lineStart, index))) return true;
  // "(by Alice and Bob)", "(owner: Alice)": an attribution, not a sentence about the person.
  if (byline.test(text.slice(Math.max(0, index - 80), index))) return true;
  if (!v.names) return false;
  const rest = text
    .replace(wordPattern(`${v.names}(?:'s)?`), ' ')
    .replace(wordPattern(ROLE_WORDS), ' ')
    .replace(/[\s,;:&()/\-–—.]+/gu, '');
  return rest.length === 0;
}
