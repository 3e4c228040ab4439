import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sloCommand } from '../../../src/cli/slo.js';
import { FaultlineError } from '../../../src/core/errors.js';

const saved = { PATH: process.env.PATH, FAULTLINE_PROMTOOL: process.env.FAULTLINE_PROMTOOL };
afterEach(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

async function sloTest(): Promise<FaultlineError> {
  try {
    await sloCommand().exitOverride().parseAsync(['test', 'slo/shop.yaml'], { from: 'user' });
  } catch (error) {
    expect(error).toBeInstanceOf(FaultlineError);
    return error as FaultlineError;
  }
  throw new Error('expected faultline slo test to fail');
}

describe('faultline slo test finds promtool as src/prometheus/binaries.ts does', () => {
  it('refuses a FAULTLINE_PROMTOOL that is no executable, before compiling anything', async () => {
    process.env.FAULTLINE_PROMTOOL = '/nonexistent/promtool';
    const error = await sloTest();
    expect(error.code).toBe('FAULTLINE_SLO_PROMTOOL_MISSING');
    expect(error.message).toMatch(/^cannot run \/nonexistent\/promtool: .*install promtool 2\.42 or later \(Debian\/Ubuntu: apt-get install prometheus\) or set FAULTLINE_PROMTOOL to its path$/);
  });

  it('refuses when no promtool is on the PATH', async () => {
    delete process.env.FAULTLINE_PROMTOOL;
    const empty = mkdtempSync(join(tmpdir(), 'faultline-no-promtool-'));
    process.env.PATH = empty;
    try {
      const error = await sloTest();
      expect(error.code).toBe('FAULTLINE_SLO_PROMTOOL_MISSING');
      expect(error.message).toMatch(/^cannot run promtool: not found on the PATH; .*apt-get install prometheus/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
