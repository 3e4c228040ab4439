import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileSloFile } from '../../../src/slo/compile.js';
import { load, shippedSlos } from './helpers.js';

/**
 * The generated files under slo/generated/ are checked in (habit 7): this recompiles slo/shop.yaml
 * exactly as `faultline slo compile` does and fails on any difference, so CI catches a rules or
 * tests change that was not regenerated. Fix: `npm run build && node dist/src/cli/main.js slo compile`.
 */
const compiled = compileSloFile(load(shippedSlos), { name: 'shop', source: 'slo/shop.yaml' });

describe.each([
  { file: compiled.rulesFile, text: compiled.rules },
  { file: compiled.testFile, text: compiled.tests },
])('checked-in slo/generated/$file', ({ file, text }) => {
  const path = fileURLToPath(new URL(`../../../slo/generated/${file}`, import.meta.url));

  it('matches a fresh compile of slo/shop.yaml byte for byte', () => {
    expect(existsSync(path), `${path} is missing: run \`faultline slo compile\` from the repository root`).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });
});

describe('slo/generated/shop.rules.yml', () => {
  it('is the golden real-time rule file (the same compiler, the same bytes)', () => {
    expect(compiled.rules).toBe(readFileSync(new URL('../../golden/slo/shop.rules.yml', import.meta.url), 'utf8'));
  });
});
