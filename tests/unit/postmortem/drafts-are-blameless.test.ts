import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lintMarkdown } from '../../../src/postmortem/lint/lint.js';
import { generatePostmortem } from '../../../src/postmortem/postmortem.js';
import { TEMPLATE_NAMES } from '../../../src/postmortem/render/templates.js';

/**
 * The promise: every draft Faultline generates passes its own blameless-language linter with
 * zero findings — every template, for every kind of run (a page, an undetected fault, an abort, no
 * impact, a run cut short by speed).
 */
const dir = new URL('../../fixtures/journals/', import.meta.url).pathname;
const journals = readdirSync(dir).filter((file) => file.endsWith('.jsonl'));
const cases = journals.flatMap((journal) => TEMPLATE_NAMES.map((template) => ({ journal, template })));

describe('generated post-mortem drafts', () => {
  it('cover every fixture journal and template', () => {
    expect(journals.length).toBeGreaterThanOrEqual(4);
    expect(TEMPLATE_NAMES).toEqual(expect.arrayContaining(['google', 'pagerduty', 'howie', 'kehoe']));
  });

  it.each(cases)('$journal in the $template template has no blameless-language finding', ({ journal, template }) => {
    const { markdown } = generatePostmortem(`${dir}${journal}`, { template });
    expect(lintMarkdown(markdown, { file: `${journal}.${template}.md` })).toEqual([]);
  });
});
