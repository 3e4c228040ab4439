import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { optionalBinary } from '../helpers/binaries.js';
import { runCli } from '../helpers/cli.js';

const promtool = optionalBinary('promtool', 'apt-get install prometheus');
const shopSlos = new URL('../../slo/shop.yaml', import.meta.url).pathname;
const checkedIn = (file: string) => readFileSync(new URL(`../../slo/generated/${file}`, import.meta.url), 'utf8');
const tempDir = () => mkdtempSync(join(tmpdir(), 'faultline-slo-cli-'));

/** An SLO file whose second SLO has an objective of 100 (no budget) on line 12. */
const badSlos = [
  'apiVersion: faultline.dev/v1',
  'kind: SLOSet',
  'slos:',
  '  - service: gateway',
  '    name: fine',
  '    objective: 99.9',
  '    sli:',
  '      availability: {}',
  '  - service: gateway',
  '    name: broken',
  '    sli: { availability: {} }',
  '    objective: 100',
].join('\n');

describe('faultline slo compile', () => {
  it('writes the rules and the promtool tests, the same bytes as the checked-in files', async () => {
    const out = tempDir();
    const result = await runCli(['slo', 'compile', shopSlos, '-o', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/wrote .*shop\.rules\.yml \(85 rules\) and .*shop\.test\.yml \(10 tests\)/);
    expect(readdirSync(out).sort()).toEqual(['shop.rules.yml', 'shop.test.yml']);
    // The header names the source as given, so compare from the first rule group on.
    const body = (text: string) => text.slice(text.indexOf('\n\n'));
    expect(body(readFileSync(join(out, 'shop.rules.yml'), 'utf8'))).toBe(body(checkedIn('shop.rules.yml')));
    expect(body(readFileSync(join(out, 'shop.test.yml'), 'utf8'))).toBe(body(checkedIn('shop.test.yml')));
  });

  it('reports what it wrote as JSON and the clamping warnings of --time-scale 720 on stderr', async () => {
    const out = tempDir();
    const result = await runCli(['slo', 'compile', shopSlos, '-o', out, '--time-scale', '720', '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { files: Array<{ ruleCount: number; testCount: number }>; warnings: unknown[] };
    expect(report.files).toEqual([expect.objectContaining({ ruleCount: 80, testCount: 10 })]);
    expect(report.warnings.length).toBeGreaterThan(0);
    expect(result.stderr).toMatch(/^warning: gateway-browse-availability: page \(quick, 14\.4×\) short window 5m ÷ 720 = 416\.67ms is under 4 scrape intervals/m);
    expect(readFileSync(join(out, 'shop.test.yml'), 'utf8')).toMatch(/^evaluation_interval: 1s$/m);
  });

  it('exits 2 on an invalid SLO file, naming file:line:column and the YAML path, and writes nothing', async () => {
    const dir = tempDir();
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, badSlos);
    const out = join(dir, 'generated');
    const result = await runCli(['slo', 'compile', shopSlos, file, '-o', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`${file}:12:\\d+: slos\\.1\\.objective: objective 100 is out of range.*`));
    expect(result.stderr).toMatch(/\[FAULTLINE_CONFIG_INVALID\]/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    // Every file is loaded before anything is written: not even the valid shop.yaml's output appears.
    expect(existsSync(out)).toBe(false);
  });

  it('exits 2 on a time scale below 1', async () => {
    const result = await runCli(['slo', 'compile', shopSlos, '-o', tempDir(), '--time-scale', '0.5']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--time-scale must be a number of at least 1 \(e\.g\. 60\), got "0\.5" \[FAULTLINE_CLI_BAD_OPTION\]/);
  });
});

describe('faultline slo test', () => {
  it('exits 1 with FAULTLINE_SLO_PROMTOOL_MISSING when promtool cannot be run', async () => {
    const result = await withPromtool('/nonexistent/promtool', () => runCli(['slo', 'test', shopSlos]));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot run \/nonexistent\/promtool.*apt-get install prometheus.*\[FAULTLINE_SLO_PROMTOOL_MISSING\]/);
  });

  it.skipIf(promtool.skip)('checks and tests the compiled rules with promtool, keeping them with -o', async () => {
    const out = tempDir();
    const result = await runCli(['slo', 'test', shopSlos, '--time-scale', '720', '-o', out], { timeoutMs: 120_000 });
    expect(result.stdout).toMatch(/SUCCESS: 80 rules found/);
    expect(result.stdout).toMatch(/Unit Testing: .*shop\.test\.yml\n\s+SUCCESS/);
    expect(result.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['shop.rules.yml', 'shop.test.yml']);
  }, 150_000);

  it('exits 1 and passes promtool\'s own output on when promtool reports a failure', async () => {
    // A stand-in promtool that fails every check: the CLI must print its words and exit 1.
    const fake = join(tempDir(), 'promtool');
    writeFileSync(fake, '#!/bin/sh\n[ "$1" = --version ] && exit 0\necho "Checking $3"\necho "  FAILED: 1 problem (stand-in)"\nexit 1\n', { mode: 0o755 });
    const result = await withPromtool(fake, () => runCli(['slo', 'test', shopSlos]));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAILED: 1 problem \(stand-in\)/);
    expect(result.stderr).toMatch(/promtool check rules failed/);
  });
});

/** runCli passes this process's environment on: point FAULTLINE_PROMTOOL somewhere for one run. */
async function withPromtool<T>(path: string, run: () => Promise<T>): Promise<T> {
  const previous = process.env.FAULTLINE_PROMTOOL;
  process.env.FAULTLINE_PROMTOOL = path;
  try {
    return await run();
  } finally {
    if (previous === undefined) delete process.env.FAULTLINE_PROMTOOL;
    else process.env.FAULTLINE_PROMTOOL = previous;
  }
}
