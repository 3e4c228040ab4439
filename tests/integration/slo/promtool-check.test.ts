import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { optionalBinary } from '../../helpers/binaries.js';

const promtool = optionalBinary('promtool', 'apt-get install prometheus');
const goldenDir = new URL('../../golden/slo/', import.meta.url);
const ruleFiles = readdirSync(goldenDir).filter((file) => file.endsWith('.rules.yml'));

describe.skipIf(promtool.skip)('generated SLO rules under promtool', () => {
  it('has golden rule files to check', () => {
    expect(ruleFiles.length).toBeGreaterThanOrEqual(2);
  });

  it.each(ruleFiles)('promtool check rules accepts %s', (file) => {
    expect(promtool.path, 'promtool is required here (apt-get install prometheus)').toBeDefined();
    const result = spawnSync(promtool.path as string, ['check', 'rules', new URL(file, goldenDir).pathname], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).toMatch(/SUCCESS: \d+ rules found/);
    expect(result.status).toBe(0);
  });
});
