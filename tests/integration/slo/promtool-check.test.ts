import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSloFile } from '../../../src/slo/compile.js';
import { optionalBinary } from '../../helpers/binaries.js';
import { load, shippedSlos } from '../../unit/slo/helpers.js';

const promtool = optionalBinary('promtool', 'apt-get install prometheus');
const goldenDir = new URL('../../golden/slo/', import.meta.url);
const ruleFiles = readdirSync(goldenDir).filter((file) => file.endsWith('.rules.yml'));
const generatedTests = new URL('../../../slo/generated/shop.test.yml', import.meta.url).pathname;

function runPromtool(args: string[]): { status: number | null; output: string } {
  expect(promtool.path, 'promtool is required here (apt-get install prometheus)').toBeDefined();
  const result = spawnSync(promtool.path as string, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, output: result.stdout + result.stderr };
}

/** Compile the shop's SLOs (k = 720: a one-hour month, the fastest tests) into a temporary folder, with an optional edit of the rules. */
function compileToTemp(editRules: (rules: string) => string = (rules) => rules): string {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-promtool-'));
  const compiled = compileSloFile(load(shippedSlos), { name: 'shop', source: 'slo/shop.yaml', timeScale: 720 });
  writeFileSync(join(dir, compiled.rulesFile), editRules(compiled.rules));
  writeFileSync(join(dir, compiled.testFile), compiled.tests);
  return join(dir, compiled.testFile);
}

describe.skipIf(promtool.skip)('generated SLO rules under promtool', () => {
  it('has golden rule files to check', () => {
    expect(ruleFiles.length).toBeGreaterThanOrEqual(2);
  });

  it.each(ruleFiles)('promtool check rules accepts %s', (file) => {
    const result = runPromtool(['check', 'rules', new URL(file, goldenDir).pathname]);
    expect(result.output).toMatch(/SUCCESS: \d+ rules found/);
    expect(result.status).toBe(0);
  });

  // Real time: ten groups of 6 h at 1-minute steps over 85 rules take about 20 s on a 2-core box.
  it('promtool test rules passes the checked-in slo/generated/shop.test.yml', () => {
    const result = runPromtool(['test', 'rules', generatedTests]);
    expect(result.output).toMatch(/SUCCESS/);
    expect(result.output).not.toMatch(/FAILED/);
    expect(result.status).toBe(0);
  }, 180_000);

  it('promtool test rules passes the tests compiled 720× compressed (windows clamped to 4 s)', () => {
    const result = runPromtool(['test', 'rules', compileToTemp()]);
    expect(result.output).toMatch(/SUCCESS/);
    expect(result.status).toBe(0);
  }, 60_000);

  it.each([
    { mutation: 'a halved 14.4× page factor (pages one step too early)', edit: (rules: string) => rules.replaceAll('(14.4 * ', '(7.2 * ') },
    { mutation: 'an availability SLI that counts 4xx instead of 5xx (never pages)', edit: (rules: string) => rules.replaceAll('status_code=~"5.."', 'status_code=~"4.."') },
    { mutation: 'a latency SLI reading a bucket other than the threshold (never pages)', edit: (rules: string) => rules.replaceAll('le="0.3"', 'le="0.25"') },
  ])('promtool test rules fails the generated tests against $mutation', ({ edit }) => {
    const result = runPromtool(['test', 'rules', compileToTemp(edit)]);
    expect(result.output).toMatch(/FAILED/);
    expect(result.status).not.toBe(0);
  }, 60_000);
});
