import { describe, expect, it } from 'vitest';
import { lintMarkdown } from '../../../../src/postmortem/lint/lint.js';
import { parseRoster } from '../../../../src/postmortem/lint/roster.js';
import { brief, lintIn } from './helpers.js';

describe('parseRoster', () => {
  it('reads one person a line, with an optional role, skipping blanks and comments', () => {
    const text = ['# game day roster', 'Alice Chen: on-call engineer', '', 'Bob Okafor (incident commander)', 'sydneythree   # a handle', '  Priya Patel  '].join('\n');
    expect(parseRoster(text)).toEqual([
      { name: 'Alice Chen', role: 'on-call engineer' },
      { name: 'Bob Okafor', role: 'incident commander' },
      { name: 'sydneythree' },
      { name: 'Priya Patel' },
    ]);
  });
});

describe('names from the roster', () => {
  const roster = [{ name: 'Alice Chen', role: 'on-call engineer' }, { name: 'Will Jones' }, 'sydneythree'];
  const lint = (text: string, heading = 'Timeline') => lintIn(text, heading, roster);

  it('flags a full name, a given name and a family name, suggesting the role when the roster has one', () => {
    const findings = lint('- 14:12 Alice rolled back; Chen paged Jones; Alice Chen closed the incident.');
    expect(brief(findings)).toEqual(['names/roster-name@5:9 warning', 'names/roster-name@5:28 warning', 'names/roster-name@5:39 warning', 'names/roster-name@5:46 warning']);
    expect(findings[0]?.suggest).toBe('Refer to the role, not the person: "the on-call engineer"; the account describes roles and the system');
    expect(findings[2]?.suggest).toBe('Use roles: "The on-call engineer rolled back the deployment"');
  });

  it('does not flag a capitalised name written in lower case ("will" is a verb)', () => {
    expect(lint('The breaker will open after 5 failures.')).toEqual([]);
  });

  it('flags handles as written, and possessives', () => {
    expect(brief(lint("sydneythree@ restarted the pod; Alice's terminal showed it."))).toEqual(['names/roster-name@5:1 warning', 'names/roster-name@5:33 warning']);
  });

  it.each([
    ["Alice's mistake took checkout down."],
    ['Alice broke the deploy.'],
    ['Checkout failed because of Alice.'],
    ['The outage was caused by Will Jones.'],
    ['Jones accidentally deployed to production.'],
    ['We blame Alice for it.'],
  ])('flags "%s" as a name used as a cause, an error anywhere', (text) => {
    const findings = lint(text, 'Contributing factors');
    expect(findings.map((f) => `${f.rule} ${f.severity}`)).toContain('names/name-as-cause error');
    expect(findings.map((f) => f.rule)).not.toContain('names/roster-name');
  });

  it('catches "<Name> broke prod" without a roster, but not a service at the start of a sentence', () => {
    expect(brief(lintMarkdown('## Summary\n\nAt 14:02 Dave broke prod. Gateway broke production traffic into two pools.\n'))).toEqual(['names/name-as-cause@3:10 error']);
  });

  it('leaves names alone in action items (owners), after a people label, in a people section, and in cells of names', () => {
    const text = [
      '# Post-mortem',
      '',
      'Authors: Alice Chen, Will Jones',
      '**Incident commander:** Will Jones',
      '',
      '## Incident responders',
      '',
      '- Alice Chen (initial IC), Will Jones (closing IC)',
      '',
      '## Roles',
      '',
      '| role | who |',
      '| --- | --- |',
      '| on-call | Alice Chen |',
      '',
      '## Action items',
      '',
      '- Add a confirmation step to the deploy tool (owner: Alice, FL-12).',
    ].join('\n');
    expect(lintMarkdown(text, { roster })).toEqual([]);
  });

  it('makes a name in quoted speech in the timeline a note', () => {
    expect(brief(lint('> Alice: rolling back now'))).toEqual(['names/roster-name@5:3 info']);
  });
});
