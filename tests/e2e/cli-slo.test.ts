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

/** An SLO that expects 0.5 requests/s: fine in real time, one failure fires every tier at --time-scale 360. */
const lowTrafficSlos = [
  'apiVersion: faultline.dev/v1',
  'kind: SLOSet',
  'slos:',
  '  - service: gateway',
  '    name: checkout',
  '    objective: 99.9',
  '    traffic: { expectedRate: 0.5 }',
  '    sli: { availability: { method: POST, routes: [/orders] } }',
].join('\n');

const goldenBody = (file: string) => {
  const text = readFileSync(new URL(`../golden/slo/${file}`, import.meta.url), 'utf8');
  return text.slice(text.indexOf('\n\n'));
};

describe('faultline slo compile --format prometheus-operator', () => {
  it('writes one PrometheusRule holding the golden groups, and no promtool tests', async () => {
    const out = tempDir();
    const result = await runCli(['slo', 'compile', shopSlos, '-o', out, '--format', 'prometheus-operator']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/wrote .*shop\.prometheusrule\.yml \(PrometheusRule shop, 85 rules; no promtool tests in this format\)/);
    expect(readdirSync(out)).toEqual(['shop.prometheusrule.yml']);
    const text = readFileSync(join(out, 'shop.prometheusrule.yml'), 'utf8');
    expect(text.slice(text.indexOf('\n\n'))).toBe(goldenBody('shop.prometheusrule.yml'));
  });

  it('adds --resource-label to the metadata and reports the object as JSON', async () => {
    const out = tempDir();
    const result = await runCli(['slo', 'compile', shopSlos, '-o', out, '--format', 'prometheus-operator', '--resource-label', 'release=kube-prometheus-stack', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ format: 'prometheus-operator', files: [expect.objectContaining({ resource: 'shop', ruleCount: 85 })], warnings: [] });
    expect(readFileSync(join(out, 'shop.prometheusrule.yml'), 'utf8')).toMatch(/^ {4}release: kube-prometheus-stack$/m);
  });

  it.each([
    { args: ['--format', 'openmetrics'], error: /argument 'openmetrics' is invalid\. Allowed choices are prometheus, prometheus-operator/ },
    { args: ['--resource-label', 'team=sre'], error: /--resource-label labels the PrometheusRule object: use it with --format prometheus-operator \[FAULTLINE_CLI_BAD_OPTION\]/ },
    { args: ['--format', 'prometheus-operator', '--resource-label', 'team'], error: /--resource-label must be key=value/ },
    { args: ['--format', 'prometheus-operator', '--resource-label', 'team=a b'], error: /label value "a b" of "team" is not a Kubernetes label value/ },
  ])('exits 2 on bad usage: $args', async ({ args, error }) => {
    const out = join(tempDir(), 'generated');
    const result = await runCli(['slo', 'compile', shopSlos, '-o', out, ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(error);
    expect(existsSync(out)).toBe(false);
  });
});

describe('faultline slo compile, low traffic', () => {
  it('warns on stderr when the declared rate is too low for the compressed windows, and still writes the rules', async () => {
    const dir = tempDir();
    const file = join(dir, 'low.yaml');
    writeFileSync(file, lowTrafficSlos);
    expect((await runCli(['slo', 'compile', file, '-o', join(dir, 'real-time')])).stderr).toBe('');
    const result = await runCli(['slo', 'compile', file, '-o', join(dir, 'game-day'), '--time-scale', '360']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^warning: gateway-checkout: low traffic: at 0\.5 requests\/s a single failure fires the page \(quick, 14\.4×\), page \(slow, 6×\), ticket \(quick, 3×\) and ticket \(slow, 1×\) alerts: their long windows \(10s, 1m, 4m, 12m\) hold about 5, 30, 120 and 360 requests, so one failure is a 200×, 33\.3×, 8\.33× and 2\.78× burn/m);
    expect(result.stderr).toMatch(/The whole 2h budget allows only 3\.6 failures\. For each to need 2 failures: 6\.95 requests\/s or more \(synthetic traffic counts\), or a time scale of at most 25 .*, or merging it with related SLOs\.$/m);
    expect(readdirSync(join(dir, 'game-day')).sort()).toEqual(['low.rules.yml', 'low.test.yml']);
  });
});

describe('faultline slo lint', () => {
  it('passes the shipped SLOs, which declare their traffic, with no finding at all', async () => {
    const result = await runCli(['slo', 'lint']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('checked 1 file (5 SLOs): no problems\n');
  });

  it('prints every problem of every file with file:line:column and path, exits 1, and writes nothing', async () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, badSlos);
    const result = await runCli(['slo', 'lint', shopSlos, bad]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`^${bad}:12:\\d+: error: slos\\.1\\.objective: objective 100 is out of range`, 'm'));
    expect(result.stdout).toMatch(/checked 2 files \(5 SLOs\): 1 error, 0 warnings, 0 notes/);
    expect(result.stderr).toBe('');
    expect(result.stdout).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir)).toEqual(['bad.yaml']);
  });

  it('reports an unreadable file as an error of that file', async () => {
    const result = await runCli(['slo', 'lint', '/nonexistent/slos.yaml']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^\/nonexistent\/slos\.yaml: error: cannot read the SLO file: ENOENT/m);
  });

  it('warns about low traffic at the line of traffic.expectedRate; exit 0, or 1 with --strict', async () => {
    const file = join(tempDir(), 'low.yaml');
    writeFileSync(file, lowTrafficSlos);
    const lenient = await runCli(['slo', 'lint', file, '--time-scale', '360']);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toMatch(new RegExp(`^${file}:7:16: warning: slos\\.0\\.traffic\\.expectedRate \\(gateway-checkout\\): low traffic: at 0\\.5 requests/s`, 'm'));
    expect(lenient.stdout).toMatch(/warning: slos\.0 \(gateway-checkout\): page \(quick, 14\.4×\) short window 5m ÷ 360/);
    const strict = await runCli(['slo', 'lint', file, '--time-scale', '360', '--strict']);
    expect(strict.code).toBe(1);
    expect((await runCli(['slo', 'lint', file, '--strict'])).code).toBe(0);
  });

  it('checks every SLO at --expected-rate and prints the figures as JSON', async () => {
    const result = await runCli(['slo', 'lint', shopSlos, '--expected-rate', '0.01', '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      ok: boolean;
      warnings: number;
      notes: number;
      findings: Array<{ kind: string; path: string; slo: string }>;
      traffic: Array<{ slo: string; expectedRate: number; tiers: Array<{ longEvents: number; failuresToFire: number }> }>;
    };
    expect(report).toMatchObject({ ok: true, warnings: 3, notes: 0 });
    expect(report.findings.map((f) => [f.kind, f.path, f.slo])).toEqual([
      ['traffic', '--expected-rate', 'gateway-browse-availability'],
      ['traffic', '--expected-rate', 'gateway-order-availability'],
      ['traffic', '--expected-rate', 'orders-payments-availability'],
    ]);
    expect(report.traffic).toHaveLength(5);
    expect(report.traffic[0]).toMatchObject({ slo: 'gateway-browse-availability', expectedRate: 0.01, tiers: [{ longEvents: 36, failuresToFire: 1 }, {}, {}, {}] });
  });

  it('prints SLOs without an expected rate as notes, counts them, and never fails on them', async () => {
    const file = join(tempDir(), 'no-rate.yaml');
    writeFileSync(file, readFileSync(shopSlos, 'utf8').replaceAll('    traffic: { expectedRate: 5 }\n', ''));
    const text = await runCli(['slo', 'lint', file]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^${file}:40:5: note: slos\\.2 \\(gateway-order-availability\\): no traffic\\.expectedRate, so the low-traffic check`, 'm'));
    expect(text.stdout.trimEnd().split('\n').at(-1)).toBe('checked 1 file (5 SLOs): 0 errors, 0 warnings, 3 notes');
    const json = await runCli(['slo', 'lint', file, '--json']);
    expect(json.code).toBe(0);
    expect(json.stdout).toMatch(new RegExp(`^\\{"ok":true,"errors":0,"warnings":0,"notes":3,"files":\\[\\{"file":"${file}","slos":5,"errors":0,"warnings":0,"notes":3\\}\\],"findings":\\[\\{"severity":"info","kind":"no-expected-rate",`));
  });

  it('reports a time scale the windows cannot take as an error of the file', async () => {
    const result = await runCli(['slo', 'lint', shopSlos, '--time-scale', '1000000']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/slo\/shop\.yaml: error: --time-scale: time scale 1000000 shrinks the 30d period/);
  });

  it.each([
    { args: ['--expected-rate', '0'], error: /--expected-rate must be a number above 0 \(e\.g\. 5\), got "0"/ },
    { args: ['--min-failures', '1.5'], error: /--min-failures must be a whole number of at least 1/ },
    { args: ['--bogus'], error: /unknown option '--bogus'/ },
  ])('exits 2 on bad usage: $args', async ({ args, error }) => {
    const result = await runCli(['slo', 'lint', shopSlos, ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(error);
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
