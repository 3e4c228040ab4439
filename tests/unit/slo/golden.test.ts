import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileRules, type CompileOptions } from '../../../src/slo/rules.js';
import { renderPrometheusRules } from '../../../src/slo/render.js';
import { load, shippedSlos } from './helpers.js';

/**
 * Golden files (habit 7): the rules compiled from slo/shop.yaml, compared byte for byte.
 * After a deliberate change, regenerate with `UPDATE_GOLDEN=1 npx vitest run tests/unit/slo` and
 * review the diff; without it a mismatch fails.
 */
const update = process.env.UPDATE_GOLDEN === '1';

const cases: Array<{ golden: string; options: CompileOptions }> = [
  { golden: 'shop.rules.yml', options: {} },
  { golden: 'shop.k60.rules.yml', options: { timeScale: 60 } },
];

describe.each(cases)('golden rules $golden', ({ golden, options }) => {
  const path = fileURLToPath(new URL(`../../golden/slo/${golden}`, import.meta.url));
  const rendered = renderPrometheusRules(compileRules(load(shippedSlos), options).groups, { source: 'slo/shop.yaml' });

  it('match the checked-in file byte for byte', () => {
    if (update) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, rendered);
    }
    expect(existsSync(path), `${path} is missing: run UPDATE_GOLDEN=1 npx vitest run tests/unit/slo`).toBe(true);
    expect(rendered).toBe(readFileSync(path, 'utf8'));
  });
});
