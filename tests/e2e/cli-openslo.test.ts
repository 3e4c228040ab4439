import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommanderError, type Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { openSloExportCommand, openSloImportCommand, type CliOutput } from '../../src/cli/slo-openslo.js';
import { FaultlineError } from '../../src/core/errors.js';
import { parseSloSet } from '../../src/slo/load.js';
import { CLI, runCli } from '../helpers/cli.js';
import { shippedSlos, topologyContext } from '../unit/slo/helpers.js';

/**
 * `faultline slo export --openslo` and `faultline slo import --openslo`. The command factories run
 * in process (as main.ts would run them, errors and all); the built CLI is run too once main.ts
 * registers them under `faultline slo`.
 */
const golden = (name: string) => readFileSync(new URL(`../golden/openslo/${name}`, import.meta.url), 'utf8');
const foreign = new URL('../unit/slo/openslo/fixtures/foreign.openslo.yaml', import.meta.url).pathname;
const tempDir = () => mkdtempSync(join(tmpdir(), 'faultline-openslo-'));

interface Ran {
  stdout: string;
  stderr: string;
  error?: unknown;
}

async function run(factory: (out: CliOutput) => Command, args: string[]): Promise<Ran> {
  const ran: Ran = { stdout: '', stderr: '' };
  const command = factory({ stdout: (t) => void (ran.stdout += t), stderr: (t) => void (ran.stderr += t) }).configureOutput({
    writeOut: (t) => void (ran.stdout += t),
    writeErr: (t) => void (ran.stderr += t),
  });
  try {
    await command.parseAsync(args, { from: 'user' });
  } catch (error) {
    ran.error = error;
  }
  return ran;
}

const codeOf = (ran: Ran) => (ran.error instanceof FaultlineError ? ran.error.code : ran.error);

describe('faultline slo export --openslo (in process)', () => {
  it("writes the shipped SLOs to standard output when given no file: the golden file's bytes", async () => {
    const ran = await run(openSloExportCommand, ['--openslo']);
    expect(ran.error).toBeUndefined();
    expect(ran.stderr).toBe('');
    expect(ran.stdout).toBe(golden('shop.openslo.yaml'));
  });

  it('writes a file with -o and reports it, as JSON with --json', async () => {
    const out = join(tempDir(), 'nested', 'shop.openslo.yaml');
    const ran = await run(openSloExportCommand, ['--openslo', 'slo/shop.yaml', '-o', out, '--json']);
    expect(ran.error).toBeUndefined();
    expect(JSON.parse(ran.stdout)).toEqual({
      output: out,
      sources: ['slo/shop.yaml'],
      documents: { Service: 2, SLO: 5, AlertPolicy: 4, AlertCondition: 4, AlertNotificationTarget: 2 },
      warnings: [],
    });
    expect(readFileSync(out, 'utf8')).toBe(golden('shop.openslo.yaml'));
  });

  it('says which format to ask for', async () => {
    const ran = await run(openSloExportCommand, ['slo/shop.yaml']);
    expect(codeOf(ran)).toBe('FAULTLINE_CLI_BAD_OPTION');
    expect((ran.error as Error).message).toMatch(/say which format to export: --openslo \(OpenSLO v1\)/);
  });

  it('refuses an invalid SLO file with the loader\'s own message', async () => {
    const bad = join(tempDir(), 'bad.yaml');
    writeFileSync(bad, 'apiVersion: faultline.dev/v1\nkind: SLOSet\nslos:\n  - service: nowhere\n    name: x1\n    objective: 99\n    sli: { availability: {} }\n');
    const ran = await run(openSloExportCommand, ['--openslo', bad]);
    expect(codeOf(ran)).toBe('FAULTLINE_CONFIG_INVALID');
    expect((ran.error as Error).message).toContain(`${bad}:4:`);
  });

  it('has help with an example', async () => {
    const ran = await run(openSloExportCommand, ['--help']);
    expect(ran.error).toBeInstanceOf(CommanderError);
    expect(ran.stdout).toMatch(/Examples:\n {2}faultline slo export --openslo/);
    expect(ran.stdout).toMatch(/faultline\.dev\/short-window/);
  });
});

describe('faultline slo import --openslo (in process)', () => {
  it('gives back the shipped SLOs from their export, written atomically with -o', async () => {
    const dir = tempDir();
    const exported = join(dir, 'shop.openslo.yaml');
    writeFileSync(exported, golden('shop.openslo.yaml'));
    const out = join(dir, 'shop.yaml');
    const ran = await run(openSloImportCommand, ['--openslo', exported, '-o', out]);
    expect(ran.error).toBeUndefined();
    expect(ran.stderr).toBe('');
    expect(ran.stdout).toBe(`wrote ${out} (set shop: 5 SLOs) from ${exported}\n`);
    expect(parseSloSet(readFileSync(out, 'utf8'), out, topologyContext)).toEqual(parseSloSet(shippedSlos, 'slo/shop.yaml', topologyContext));
    expect(readdirSync(dir).sort()).toEqual(['shop.openslo.yaml', 'shop.yaml']);
  });

  it('prints the SLO file on standard output and every warning, with its line, on standard error', async () => {
    const ran = await run(openSloImportCommand, ['--openslo', foreign, '--name', 'checkout']);
    expect(ran.error).toBeUndefined();
    expect(ran.stdout).toMatch(/^# Imported from .*foreign\.openslo\.yaml by faultline slo import --openslo\./);
    expect(ran.stdout).toMatch(/^ {2}name: checkout$/m);
    expect(ran.stderr.trimEnd().split('\n')).toHaveLength(15);
    expect(ran.stderr).toMatch(/^warning: .*foreign\.openslo\.yaml:211:3: AlertCondition\/slow-burn-1d\.spec\.condition: burn rate gte 2 over 1d is not one of the Workbook's pairs/m);
  });

  it('reports as JSON with --json: the set, its SLO ids, the warnings and the file', async () => {
    const ran = await run(openSloImportCommand, ['--openslo', foreign, '--json']);
    const report = JSON.parse(ran.stdout) as { output: null; set: string; slos: string[]; warnings: Array<{ line: number }>; text: string };
    expect(report.output).toBeNull();
    expect(report.set).toBe('foreign');
    expect(report.slos).toEqual(['gateway-availability', 'orders-payments', 'catalog-p99', 'inventory-success', 'payments-charges-most-charges', 'payments-charges-nearly-all']);
    expect(report.warnings).toHaveLength(15);
    expect(report.text).toMatch(/^kind: SLOSet$/m);
  });

  it('refuses a bad file with file:line:column: path: message, and leaves the output file as it was', async () => {
    const dir = tempDir();
    const input = join(dir, 'calendar.openslo.yaml');
    writeFileSync(input, golden('shop.openslo.yaml').replace('    - duration: 30d\n      isRolling: true', '    - duration: 1M\n      isRolling: false'));
    const out = join(dir, 'out.yaml');
    writeFileSync(out, 'previous\n');
    const ran = await run(openSloImportCommand, ['--openslo', input, '-o', out]);
    expect(codeOf(ran)).toBe('FAULTLINE_CONFIG_UNSUPPORTED');
    expect((ran.error as Error).message).toMatch(new RegExp(`^${input}: the OpenSLO file uses OpenSLO features Faultline cannot represent:\\n${input}:\\d+:\\d+: SLO/gateway-browse-availability\\.spec\\.timeWindow\\.0\\.isRolling: calendar-aligned windows are not supported`));
    expect(readFileSync(out, 'utf8')).toBe('previous\n');
    expect(readdirSync(dir).sort()).toEqual(['calendar.openslo.yaml', 'out.yaml']);
  });

  it('says when the file cannot be read, or the format or the name is missing', async () => {
    expect(codeOf(await run(openSloImportCommand, ['--openslo', '/nonexistent/x.yaml']))).toBe('FAULTLINE_CONFIG_READ');
    expect(codeOf(await run(openSloImportCommand, [foreign]))).toBe('FAULTLINE_CLI_BAD_OPTION');
    expect(codeOf(await run(openSloImportCommand, ['--openslo', foreign, '--name', ' ']))).toBe('FAULTLINE_CLI_BAD_OPTION');
    const ran = await run(openSloImportCommand, ['--openslo']);
    expect(ran.error).toBeInstanceOf(CommanderError);
    expect(ran.stderr).toMatch(/missing required argument 'file'/);
  });

  it('has help with an example', async () => {
    const ran = await run(openSloImportCommand, ['--help']);
    expect(ran.stdout).toMatch(/Examples:\n {2}faultline slo import --openslo checkout\.openslo\.yaml -o slo\/checkout\.yaml/);
  });
});

/** Until main.ts registers the commands, `faultline slo --help` does not list them and this block is skipped. */
const registered = /\bimport\b/.test(spawnSync(process.execPath, [CLI, 'slo', '--help'], { encoding: 'utf8' }).stdout ?? '');

describe.skipIf(!registered)('the built CLI', () => {
  it('exports the shipped SLOs and imports them back', async () => {
    const dir = tempDir();
    const exported = join(dir, 'shop.openslo.yaml');
    const first = await runCli(['slo', 'export', '--openslo', '-o', exported]);
    expect(first.code).toBe(0);
    const out = join(dir, 'shop.yaml');
    const second = await runCli(['slo', 'import', '--openslo', exported, '-o', out]);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(parseSloSet(readFileSync(out, 'utf8'), out, topologyContext)).toEqual(parseSloSet(shippedSlos, 'slo/shop.yaml', topologyContext));
  });

  it('exits 2 on a bad OpenSLO file, naming file, line and path, without a stack trace, and writes nothing', async () => {
    const dir = tempDir();
    const input = join(dir, 'bad.openslo.yaml');
    writeFileSync(input, 'apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: gateway-checkout\nspec:\n  service: gateway\n');
    const out = join(dir, 'out.yaml');
    const result = await runCli(['slo', 'import', '--openslo', input, '-o', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${input}:5:1: SLO/gateway-checkout.spec.budgetingMethod: missing required field "budgetingMethod"`);
    expect(result.stderr).toMatch(/\[FAULTLINE_CONFIG_INVALID\]\n$/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });
});
