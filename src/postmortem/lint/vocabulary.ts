import type { RosterEntry } from './finding.js';
import { alternatives, LEFT_BOUNDARY, RIGHT_BOUNDARY } from './pattern.js';

/**
 * Word lists the rules share, in the pattern dialect of pattern.ts. Several rules only make sense
 * when a person is the subject ("the on-call failed to notice" is blame, "the health check failed to
 * connect" is a description of the system), so who counts as a person is defined once, here, and
 * grows with the roster.
 */

/** Roles and collective nouns for people (an optional determiner is added by `person`). */
const ROLE_NOUNS = [
  'on-?call(?:er)?s?(?: (?:engineers?|persons?|SREs?))?',
  'on call(?: (?:engineers?|persons?|SREs?))?',
  'engineers?',
  'operators?',
  'developers?',
  'devs',
  'responders?',
  'SREs?',
  'incident commanders?',
  'ICs?',
  'managers?',
  '(?:team |tech )?leads?',
  'reviewers?',
  'approvers?',
  'authors?',
  'admins?',
  'administrators?',
  'humans?',
  'people',
  'persons?',
  'staff',
  'team',
  'teammates?',
  'employees?',
  'ops team',
  'devops team',
  'scribe',
  'facilitator',
];

const DETERMINER = '(?:the|an?|our|their|his|her|that|this|your|my|every|each|some|whichever) ';
const OTHER_PRONOUNS = ['you', 'he', 'she', 'they', 'someone', 'somebody', 'nobody', 'no one', 'anyone', 'anybody', 'everyone', 'everybody'];

/** Past participles that do not end in -ed (plus the -en and -wn ones, listed because "golden" is not one). */
const IRREGULAR_PARTICIPLES = [
  'been', 'seen', 'taken', 'written', 'given', 'chosen', 'broken', 'gotten', 'spoken', 'driven', 'forgotten', 'fallen', 'hidden',
  'risen', 'shaken', 'stolen', 'woken', 'proven', 'beaten', 'bitten', 'frozen', 'mistaken', 'overtaken', 'overridden', 'rewritten',
  'undertaken', 'forbidden', 'forgiven', 'known', 'shown', 'drawn', 'grown', 'thrown', 'flown', 'blown', 'withdrawn',
  'done', 'gone', 'run', 'rerun', 'caught', 'sent', 'paid', 'made', 'had', 'got', 'kept', 'left', 'put', 'set', 'built', 'rebuilt', 'spent',
  'read', 'reread', 'hit', 'let', 'cut', 'shut', 'told', 'sold', 'held', 'found', 'thought', 'brought', 'bought', 'taught', 'sought',
  'meant', 'felt', 'dealt', 'lost', 'won', 'begun', 'stuck', 'struck', 'hung', 'led', 'fed', 'sat', 'stood', 'understood', 'said',
  'heard', 'laid', 'become', 'come', 'split', 'spread', 'quit', 'learnt', 'burnt', 'slept', 'dug', 'shot', 'undone', 'redone',
];

/** -ed words that usually describe a thing ("every SLO should have automated tests"), not an act. */
const ADJECTIVAL_ED = [
  'automated', 'dedicated', 'limited', 'unlimited', 'detailed', 'advanced', 'integrated', 'isolated', 'distributed', 'enhanced',
  'improved', 'named', 'signed', 'versioned', 'structured', 'centralised', 'centralized', 'standardised', 'standardized', 'shared',
  'reserved', 'provisioned', 'pinned', 'bounded', 'red', 'bed', 'need', 'speed', 'feed', 'seed', 'shed', 'embed',
];

/**
 * A past participle, optionally after one adverb: "should have [immediately] rolled back". Used to
 * tell the counterfactual "should have paged" from the possessive "should have a runbook".
 */
export const PARTICIPLE =
  `(?:(?:\\p{L}+ly|also|not|never|already|just|still|instead|even|actually|really|then|at least|at once) )?` +
  `(?:(?!${alternatives(ADJECTIVAL_ED)}${RIGHT_BOUNDARY})\\p{L}{2,}ed|${alternatives(IRREGULAR_PARTICIPLES)})${RIGHT_BOUNDARY}`;

/** What "should have" may end a clause with: "…as they should have." */
export const CLAUSE_END = '(?=\\s*(?:[.,;:!?)]|$))';

/**
 * Verbs of noticing and judging that only people do: a service fails to connect, verify, react or
 * communicate; a person fails to notice. Verbs systems share ("see", "catch", "check", "react") are
 * left out: "failed to" before them counts only after a person (see counterfactual/failed-to).
 */
export const HUMAN_VERBS = alternatives([
  'notice', 'realise', 'realize', 'recognise', 'recognize', 'spot', 'double-check', 'review', 'follow', 'escalate', 'anticipate',
  'mention', 'heed', 'listen', 'investigate', 'foresee', 'pay', 'appreciate', 'think',
]);

/** Steps an instruction can make sound trivial: "just restart it", "simply roll back". */
export const ACTION_VERBS = alternatives([
  'restart', 'rerun', 're-run', 'run', 'roll back', 'rollback', 'revert', 'add', 'use', 'fix', 'do', 'click', 'delete', 'type', 'change',
  'bump', 'reboot', 'redeploy', 'deploy', 'increase', 'flip', 'turn', 'set', 'update', 'kill', 'remove', 'push', 'check', 'read',
  'look', 'ask', 'follow', 'retry', 'scale', 'patch', 'edit', 'open', 'apply', 'copy', 'paste', 'enable', 'disable', 'restore',
  'drain', 'fail over', 'failover', 'switch', 'toggle', 'press', 'hit', 'call', 'page', 'grep', 'tail', 'ssh', 'wait', 'raise',
  'lower', 'clear', 'purge', 'flush', 'rotate', 'resize', 'reset', 'ignore', 'comment out', 'merge', 'ship', 'bounce', 'cycle',
]);

/** Labels of lines that list people by design ("Authors: …", "Incident commander: …"): names there are not causes. */
export const PEOPLE_LABELS = alternatives([
  'author', 'authors', 'owner', 'owners', 'facilitator', 'facilitators', 'investigator', 'investigators', 'responder', 'responders',
  'attendee', 'attendees', 'participant', 'participants', 'incident commander', 'incident lead', 'ic', 'scribe', 'note-taker',
  'on-call', 'on call', 'contact', 'contacts', 'reviewer', 'reviewers', 'approver', 'approvers', 'interviewed', 'interviews',
  'people involved', 'names of people involved', 'sre lead', 'developer lead', 'postmortem lead', 'assignee', 'assigned to',
  'shared with', 'roles', 'role', 'who', 'team', 'teams', 'by', 'cc',
]);

/** Words the names of a roster line may sit among, in a list of people rather than a sentence. */
export const ROLE_WORDS = alternatives([
  'and', 'or', 'initial', 'closing', 'incident', 'commander', 'ic', 'lead', 'on-call', 'on call', 'engineer', 'sre', 'scribe',
  'note-taker', 'facilitator', 'responder', 'owner', 'manager', 'communications', 'comms', 'liaison', 'primary', 'secondary',
  'backup', 'observer', 'author', 'reviewer', 'approver', 'developer', 'operator', 'game master', 'gm', 'subject matter expert', 'sme',
]);

export interface Vocabulary {
  /** Any person: pronouns, roles with an optional determiner, and roster names. */
  person: string;
  /** A person other than the writer's own group ("we", "I"): whom a "why did …" question targets. */
  other: string;
  /** Roster names and their parts (full name, given name, family name), longest first; null without a roster. */
  names: string | null;
  roster: readonly RosterEntry[];
  /** The roster entry a matched name belongs to, if its capitalisation fits (see `rosterEntryFor`). */
  rosterEntryFor(text: string): RosterEntry | undefined;
}

export function vocabulary(roster: readonly RosterEntry[]): Vocabulary {
  // Each entry answers to its full name and to each of its words ("Priya Patel", "Priya", "Patel").
  const parts = new Map<string, { written: string; entry: RosterEntry }>();
  for (const entry of roster) {
    const full = entry.name.trim().replace(/\s+/g, ' ');
    const words = full.split(' ');
    for (const part of [full, ...(words.length > 1 ? words : [])]) {
      const key = part.toLowerCase();
      if (part.length >= 2 && /[\p{L}\p{N}]/u.test(part) && !parts.has(key)) parts.set(key, { written: part, entry });
    }
  }
  const names = parts.size > 0 ? alternatives([...parts.values()].map((p) => p.written)) : null;
  const roles = `(?:${DETERMINER})?(?:${ROLE_NOUNS.join('|')})`;
  const others = [roles, alternatives(OTHER_PRONOUNS), ...(names ? [names] : [])].join('|');
  return {
    person: `(?:${others}|I|we)`,
    other: `(?:${others})`,
    names,
    roster,
    rosterEntryFor(text) {
      const part = parts.get(text.replace(/['’]s$/u, '').replace(/\s+/g, ' ').toLowerCase());
      if (!part) return undefined;
      // "Will" or "Mark" in a roster must not flag the verbs: a name written with a capital matches capitalised only.
      if (/^\p{Lu}/u.test(part.written) && !/^\p{Lu}/u.test(text)) return undefined;
      return part.entry;
    },
  };
}

/** `(?<=<subject> [adverb ])`: the match must follow a person, as the subject of its verb. */
export function afterPerson(v: Vocabulary, adverbs = true): string {
  const adverb = adverbs ? '(?:(?:\\p{L}+ly|also|then|still|never|again|repeatedly|simply|just) )?' : '';
  return `(?<=${LEFT_BOUNDARY}${v.person}(?:'s)?${RIGHT_BOUNDARY} ${adverb})`;
}
