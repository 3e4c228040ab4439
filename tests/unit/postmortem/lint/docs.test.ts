import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderRuleTables, RULES_BEGIN, RULES_END } from '../../../../src/postmortem/lint/docs.js';
import { RULES } from '../../../../src/postmortem/lint/registry.js';

/**
 * docs/BLAMELESS.md lists every rule, generated from the registry: this test keeps the two in sync.
 * After changing a rule, run `UPDATE_GOLDEN=1 npx vitest run tests/unit/postmortem/lint/docs.test.ts`
 * and review the diff.
 */
const path = new URL('../../../../docs/BLAMELESS.md', import.meta.url);

describe('docs/BLAMELESS.md', () => {
  it('holds the rule tables generated from the registry', () => {
    const doc = readFileSync(path, 'utf8');
    const generated = `${RULES_BEGIN}\n${renderRuleTables()}\n${RULES_END}`;
    const current = /<!-- rules:begin[\s\S]*?<!-- rules:end -->|RULES_PLACEHOLDER/.exec(doc)?.[0];
    if (process.env.UPDATE_GOLDEN === '1' && current !== undefined && current !== generated) writeFileSync(path, doc.replace(current, generated));
    expect(current, 'run UPDATE_GOLDEN=1 npx vitest run tests/unit/postmortem/lint/docs.test.ts').toBe(generated);
  });

  it('names every rule id', () => {
    const doc = readFileSync(path, 'utf8');
    for (const rule of RULES) expect(doc).toContain(`\`${rule.id}\``);
  });
});
