import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dashboardsCommand } from '../../../src/cli/dashboards.js';
import { generateDashboardFiles } from '../../../src/dashboards/files.js';
import { shippedTopology } from './helpers.js';

describe('faultline dashboards generate', () => {
  let folder: string;
  let output: string[];

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'faultline-dashboards-'));
    output = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      output.push(String(chunk));
      return true;
    });
  });

  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(folder, { recursive: true, force: true });
  });

  const run = (...args: string[]) => dashboardsCommand().parseAsync(['generate', ...args], { from: 'user' });

  it('writes every generated file under -o, from the shipped topology', async () => {
    await run('-o', folder, '--json');
    const expected = generateDashboardFiles({ topology: shippedTopology });
    const report = JSON.parse(output.join('')) as { files: string[] };
    expect(report.files).toHaveLength(expected.length);
    for (const file of expected) expect(readFileSync(join(folder, file.path), 'utf8'), file.path).toBe(file.text);
  });

  it('compresses the stack’s intervals with --time-scale', async () => {
    await run('-o', folder, '--time-scale', '720');
    expect(readFileSync(join(folder, 'prometheus/prometheus.yml'), 'utf8')).toContain('scrape_interval: 1s');
    expect(output.join('')).toMatch(/wrote .*alertmanager\.yml\n$/);
  });

  it('refuses a time scale under 1', async () => {
    await expect(run('-o', folder, '--time-scale', '0.5')).rejects.toMatchObject({ code: 'FAULTLINE_CLI_BAD_OPTION' });
  });
});
