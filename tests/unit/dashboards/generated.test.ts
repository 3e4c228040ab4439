import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateDashboardFiles } from '../../../src/dashboards/files.js';
import { shippedTopology } from './helpers.js';

/**
 * dashboards/ is generated and checked in (habit 7): this regenerates it exactly as
 * `faultline dashboards generate` does from services/topology.yaml and fails on any difference, so a
 * dashboard, provisioning or Prometheus/Alertmanager change that was not regenerated cannot land.
 * Fix: `npm run build && node dist/src/cli/main.js dashboards generate`.
 */
const root = fileURLToPath(new URL('../../../dashboards/', import.meta.url));
const files = generateDashboardFiles({ topology: shippedTopology });

describe.each(files.map((file) => ({ path: file.path, text: file.text })))('checked-in dashboards/$path', ({ path, text }) => {
  it('matches a fresh generation byte for byte', () => {
    const file = `${root}${path}`;
    expect(existsSync(file), `${file} is missing: run \`faultline dashboards generate\` from the repository root`).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});

describe('dashboards/', () => {
  it('holds no generated-looking file the generator no longer writes', () => {
    const generated = new Set(files.map((file) => file.path));
    const onDisk = listFiles(root).filter((path) => /\.(json|ya?ml)$/.test(path));
    expect(onDisk.filter((path) => !generated.has(path))).toEqual([]);
  });
});

function listFiles(folder: string, prefix = ''): string[] {
  return readdirSync(`${folder}${prefix}`, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(folder, `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}
