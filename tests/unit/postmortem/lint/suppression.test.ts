import { describe, expect, it } from 'vitest';
import { lintMarkdown } from '../../../../src/postmortem/lint/lint.js';
import { brief } from './helpers.js';

const lint = (...lines: string[]) => brief(lintMarkdown(['## Summary', '', ...lines].join('\n')));

describe('suppression comments', () => {
  it('disable-next-line silences the named rule on the next line only', () => {
    expect(
      lint(
        '<!-- blameless-disable-next-line counterfactual/should-have -- the IC, verbatim -->',
        'We should have rolled back, and it was careless.',
        'We should have rolled back.',
      ),
    ).toEqual(['judgement/careless@4:40 error', 'counterfactual/should-have@5:4 error']);
  });

  it('disable-line silences the line the comment is on', () => {
    expect(lint('We should have rolled back. <!-- blameless-disable-line counterfactual/should-have -->', 'We should have rolled back.')).toEqual([
      'counterfactual/should-have@4:4 error',
    ]);
  });

  it('disable … enable silences a passage, by family wildcard', () => {
    expect(
      lint(
        '<!-- blameless-disable counterfactual/* -->',
        '> We should have rolled back; a canary could have caught it.',
        '> It was careless.',
        '<!-- blameless-enable -->',
        '',
        'We should have rolled back.',
      ),
    ).toEqual(['judgement/careless@5:10 error', 'counterfactual/should-have@8:4 error']);
  });

  it('takes several ids, separated by commas or spaces', () => {
    expect(lint('<!-- blameless-disable-next-line judgement/careless, counterfactual/should-have hindsight/obviously -->', 'Obviously we should have seen the careless edit.')).toEqual([]);
  });

  it('silences everything with * or with no id, until the end of the file without an enable', () => {
    expect(lint('<!-- blameless-disable-next-line -->', 'It was careless; we should have rolled back.')).toEqual([]);
    expect(lint('<!-- blameless-disable * -->', 'It was careless.', '', 'We should have rolled back.')).toEqual([]);
  });

  it('re-enables only the rules an enable names, the last word winning', () => {
    expect(
      lint(
        '<!-- blameless-disable counterfactual/* -->',
        '<!-- blameless-enable counterfactual/should-have -->',
        'We should have rolled back; a canary could have caught it.',
      ),
    ).toEqual(['counterfactual/should-have@5:4 error']);
  });

  it('reports an unknown rule id, or family, at its position, and suppresses nothing with it', () => {
    expect(lint('<!-- blameless-disable-next-line counterfactual/should-hve, nonsense/* -->', 'We should have rolled back.')).toEqual([
      'suppression/unknown-rule@3:34 error',
      'suppression/unknown-rule@3:61 error',
      'counterfactual/should-have@4:4 error',
    ]);
  });

  it('still honours the known ids of a comment that also names an unknown one', () => {
    expect(lint('<!-- blameless-disable-next-line counterfactual/should-have judgement/carless -->', 'We should have rolled back carelessly.')).toEqual([
      'suppression/unknown-rule@3:61 error',
      'judgement/careless@4:28 error',
    ]);
  });

  it('reports an unknown directive', () => {
    expect(lint('<!-- blameless-ignore counterfactual/should-have -->', 'We should have rolled back.')).toEqual([
      'suppression/unknown-directive@3:6 error',
      'counterfactual/should-have@4:4 error',
    ]);
  });

  it('reads a directive split over several lines, and locates an unknown id on its line', () => {
    expect(lint('<!--', '  blameless-disable-next-line', '  judgement/carless', '-->', 'It was careless.')).toEqual(['suppression/unknown-rule@5:3 error', 'judgement/careless@7:8 error']);
  });

  it('ignores other comments, and directives inside code', () => {
    expect(lint('<!-- TODO: ask the IC -->', '`<!-- blameless-disable * -->` documents the syntax.', '', '```', '<!-- blameless-disable * -->', '```', 'It was careless.')).toEqual([
      'judgement/careless@9:8 error',
    ]);
  });

  it('does not join the words around a comment into a phrase', () => {
    expect(lint('We should <!-- note --> have rolled back.')).toEqual([]);
  });
});
