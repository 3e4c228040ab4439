import { describe, expect, it } from 'vitest';
import { lintMarkdown } from '../../../../src/postmortem/lint/lint.js';
import { classifyHeading } from '../../../../src/postmortem/lint/markdown/sections.js';
import { brief, lintIn } from './helpers.js';

describe('section kinds', () => {
  it.each([
    ['Summary', 'analysis'],
    ['Executive Summary', 'analysis'],
    ['Contributing factors', 'analysis'],
    ['Lessons learned', 'analysis'],
    ['What went wrong', 'analysis'],
    ['Root Causes and Trigger', 'analysis'],
    ['Timeline', 'record'],
    ['Timeline/Recovery Efforts', 'record'],
    ['Incident Timeline (UTC)', 'record'],
    ['How We Got Here', 'record'],
    ['Supporting information', 'record'],
    ['Appendix: IRC logs', 'record'],
    ['Action items', 'actions'],
    ['Follow-ups', 'actions'],
    ['Corrective and Preventative Measures', 'actions'],
    ['Next steps', 'actions'],
    ['Where we got lucky', 'risks'],
    ['Learnings and risks', 'risks'],
    ['14:02 payments-latency injected', undefined],
  ])('"%s" is %s', (heading, kind) => {
    expect(classifyHeading(heading)).toBe(kind);
  });

  it('gives an unrecognised heading, or an analysis heading inside a record, the kind of the section it sits in', () => {
    const text = ['## Timeline', '', '### 14:02 payments-latency injected', '', 'The on-call should have paged.', '', '### 14:05 Detection', '', 'The on-call should have paged.', '', '## Detection', '', 'The on-call should have paged.'].join('\n');
    const findings = lintMarkdown(text);
    expect(findings.map((f) => [f.line, f.context, f.section])).toEqual([
      [5, 'record', '14:02 payments-latency injected'],
      [9, 'record', '14:05 Detection'],
      [13, 'analysis', 'Detection'],
    ]);
  });

  it('reads a level-1 title naming a record ("How We Got Here") without making its analysis sections a record', () => {
    const text = ['# How We Got Here: checkout latency', '', '## Summary', '', 'The on-call should have paged.', '', '## Event #123', '', 'The on-call should have paged.'].join('\n');
    expect(lintMarkdown(text).map((f) => f.context)).toEqual(['analysis', 'record']);
  });

  it('treats text before the first heading as analysis', () => {
    expect(brief(lintMarkdown('It was a careless edit.\n'))).toEqual(['judgement/careless@1:10 error']);
  });

  it('reads setext headings', () => {
    const text = 'Action items\n============\n\nImprove alerting.\n';
    expect(brief(lintMarkdown(text))).toEqual(['action-item/vague@4:1 warning']);
  });

  it('lints heading text under the section it opens', () => {
    expect(brief(lintMarkdown('# Post-mortem\n\n## Root cause\n\nA config push without validation.\n'))).toEqual(['root-cause/singular@3:4 warning']);
  });
});

describe('severity by section', () => {
  const counterfactual = 'The on-call should have paged the payments team.';
  const quoted = 'The IC said: "we should have paged the payments team".';

  it.each([
    ['Summary', counterfactual, 'error', 'analysis'],
    ['Contributing factors', counterfactual, 'error', 'analysis'],
    ['Lessons learned', counterfactual, 'error', 'analysis'],
    ['Timeline', counterfactual, 'error', 'record'],
    ['Timeline', quoted, 'info', 'quote'],
    ['Supporting information', `> ${counterfactual}`, 'info', 'quote'],
    ['Summary', quoted, 'error', 'analysis'],
    ['Summary', `> ${counterfactual}`, 'error', 'analysis'],
    ['Action items', counterfactual, 'warning', 'actions'],
  ])('in %s, "%s" is a %s (%s)', (section, text, severity, context) => {
    const [finding] = lintIn(text, section).filter((f) => f.rule === 'counterfactual/should-have');
    expect(finding).toMatchObject({ severity, context });
  });

  it('allows proposals and near misses to say what "would" or "could" happen', () => {
    const proposal = 'A page at 5 % of capacity removed would have fired 30 minutes earlier.';
    expect(lintIn(proposal, 'Action items')).toEqual([]);
    expect(lintIn(proposal, 'Where we got lucky')).toEqual([]);
    expect(brief(lintIn(proposal, 'What happened'))).toEqual(['counterfactual/would-have@5:35 error']);
  });

  it('applies action-item shape rules in action items only', () => {
    expect(brief(lintIn('Investigate monitoring for this scenario.', 'Action items'))).toEqual(['action-item/investigate@5:1 warning']);
    expect(lintIn('Investigate monitoring for this scenario.', 'Lessons learned')).toEqual([]);
  });

  it('makes "try harder" an error as an action item and a warning as a lesson', () => {
    expect(brief(lintIn('Be more careful when editing the load balancer.', 'Action items'))).toEqual(['not-a-control/be-more-careful@5:1 error']);
    expect(brief(lintIn('Be more careful when editing the load balancer.', 'Lessons learned'))).toEqual(['not-a-control/be-more-careful@5:1 warning']);
  });
});

describe('quoted speech', () => {
  it('counts curly quotes and blockquotes, lazily continued, as quotes in a record', () => {
    const text = ['## Timeline', '', '- 14:09 The IC wrote “that was careless of us”.', '', '> 14:10 on-call: it was a careless', 'edit, honestly'].join('\n');
    expect(brief(lintMarkdown(text))).toEqual(['judgement/careless@3:32 info', 'judgement/careless@5:27 info']);
  });

  it('does not count an unclosed quotation mark as a quote', () => {
    expect(brief(lintIn('- 14:09 The edit was 2" wide and careless.', 'Timeline'))).toEqual(['judgement/careless@5:34 error']);
  });

  it('ends a quote at the closing mark', () => {
    expect(brief(lintIn('- 14:09 "Roll back now", and the on-call failed to escalate.', 'Timeline'))).toEqual([
      'counterfactual/failed-to@5:42 error',
    ]);
  });
});

describe('code', () => {
  it('never flags fenced code, indented code, code spans or front matter', () => {
    const text = [
      '---',
      'title: the root cause was human error',
      '---',
      '',
      '## Summary',
      '',
      '```',
      'should have known: careless',
      '```',
      '',
      '~~~~text',
      'human error',
      '~~~~',
      '',
      '    obviously indented code',
      '',
      'The `should have known` flag and ``a `careless` quote`` are code.',
      '',
      '> ```',
      '> quoted code: careless',
      '> ```',
    ].join('\n');
    expect(lintMarkdown(text)).toEqual([]);
  });

  it('resumes after a fence closes', () => {
    const text = ['## Summary', '', '```', 'careless', '```', 'A careless edit.'].join('\n');
    expect(brief(lintMarkdown(text))).toEqual(['judgement/careless@6:3 error']);
  });

  it('reads a list item continued by an indented line as prose, not code', () => {
    const text = ['## Summary', '', '- The root cause', '', '    was a careless edit.'].join('\n');
    expect(brief(lintMarkdown(text))).toEqual(['root-cause/singular@3:3 warning', 'judgement/careless@5:11 error']);
  });
});

describe('positions and wrapped lines', () => {
  it('matches a phrase split across lines of a paragraph and reports its first word', () => {
    const text = ['## Summary', '', 'In the end the on-call engineer should', 'have rolled back; the team was not careful', '  enough.'].join('\n');
    const findings = lintMarkdown(text, { file: 'pm.md' });
    expect(findings.map((f) => [f.rule, f.line, f.column, f.endLine, f.endColumn, f.text])).toEqual([
      ['counterfactual/should-have', 3, 33, 4, 12, 'should have rolled'],
      ['judgement/not-careful-enough', 4, 32, 5, 9, 'not careful enough'],
    ]);
  });

  it('does not join lines across paragraphs, list items or table cells', () => {
    const text = ['## Summary', '', 'We should', '', 'have rolled back.', '', '- we should', '- have rolled back', '', '| should | have rolled |', '| --- | --- |'].join('\n');
    expect(lintMarkdown(text)).toEqual([]);
  });

  it('counts columns from 1 in the source line, after list markers, blockquote markers and table pipes', () => {
    const text = ['## Timeline', '', '1. [ ] A careless edit.', '> > A careless edit.', '', '| when | what |', '| --- | --- |', '| 14:02 | a careless edit |'].join('\n');
    expect(brief(lintMarkdown(text)).map((b) => b.split(' ')[0])).toEqual(['judgement/careless@3:10', 'judgement/careless@4:7', 'judgement/careless@8:13']);
  });

  it('carries the file, the section and the words matched', () => {
    const [finding] = lintMarkdown('## Impact\n\nIt was a  massive\noutage.\n', { file: 'pm.md' });
    expect(finding).toEqual({
      file: 'pm.md',
      line: 3,
      column: 11,
      endLine: 4,
      endColumn: 7,
      severity: 'warning',
      rule: 'framing/overstated-impact',
      message: '"massive outage": overstates impact',
      suggest: '"incident" / "service degradation", with the measured scope (requests, users, minutes, budget)',
      section: 'Impact',
      context: 'analysis',
      text: 'massive outage',
    });
  });

  it('ignores a byte-order mark', () => {
    expect(brief(lintMarkdown('\uFEFF## Action items\n\nImprove alerting.\n'))).toEqual(['action-item/vague@3:1 warning']);
  });

  it('handles Windows line endings', () => {
    expect(brief(lintMarkdown('## Summary\r\n\r\nWe should\r\nhave rolled back.\r\n'))).toEqual(['counterfactual/should-have@3:4 error']);
  });
});
