import type { SectionKind } from '../finding.js';

/**
 * What kind of section a heading opens. The names are those of the templates in reference
 * §1 (SRE book, Workbook, PagerDuty, Atlassian, Howie, Morgue, incident.io, Kehoe). A heading that
 * matches nothing ("14:02 fault injected", "Event #123") inherits the kind of the section it sits
 * in; a document's top level is `analysis`. The first pattern that matches wins, so "Timeline /
 * Recovery efforts" is a record and "Learnings and risks" a risks section.
 */
const KINDS: ReadonlyArray<readonly [SectionKind, RegExp]> = [
  ['risks', /\b(?:where we got lucky|got lucky|lucky|near[- ]?miss(?:es)?|risks?)\b/],
  [
    'actions',
    /\b(?:action items?|actions|follow[- ]?ups?|follow[- ]?up items|corrective (?:actions?|and prevent\w* measures)|prevent\w* (?:actions|measures)|remediations?(?: items)?|next steps|recommendations|to-?dos?|tasks|improvements|backlog)\b/,
  ],
  [
    'record',
    /\b(?:timelines?|chain of events|sequence of events|how we got here|supporting (?:information|documents?|materials?)|appendix|appendices|interviews?|transcripts?|chat(?: logs?)?|irc(?: logs?)?|slack(?: logs?)?|logs|resources|evidence|data links?|raw notes|responder notes|graphs|glossary|quotes)\b/,
  ],
  [
    'analysis',
    /\b(?:summary|overview|impact|contribut\w*|enablers?|root causes?|triggers?|lessons?|learnings?|takeaways?|themes|what went|what happened|went (?:well|wrong|poorly|badly)|detection|response|recovery|resolution|mitigat\w*|difficult\w*|background|lead-?up|fault|problem|analysis|questions|surprised|description|conclusions?|recurrence|messaging)\b/,
  ],
];

export function classifyHeading(heading: string): SectionKind | undefined {
  const text = heading.toLowerCase().replace(/[*_`]/g, ' ');
  return KINDS.find(([, pattern]) => pattern.test(text))?.[0];
}
