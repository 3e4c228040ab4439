import { isAbsolute, relative, resolve, sep } from 'node:path';
import { FaultlineError } from '../core/errors.js';
import { packageFile } from '../core/package-root.js';
import { shippedSloFiles, type SloLoadContext } from '../slo/load.js';
import { loadTopology } from '../topology/load.js';

/** What `faultline slo compile`, `test` and `lint` share: which files, against which topology, and their options. */

/** The files named on the command line, or the package's slo/*.yaml when none are. */
export function sloPaths(files: readonly string[]): string[] {
  return files.length > 0 ? [...files] : shippedSloFiles();
}

/** The service names SLOs may refer to, from --topology or the shipped services/topology.yaml. */
export async function sloLoadContext(topology: string | undefined): Promise<SloLoadContext> {
  const loaded = await loadTopology(topology ?? packageFile('services/topology.yaml'));
  return { services: loaded.services.map((s) => s.name) };
}

/** Paths relative to the working directory when inside it (stable headers, short messages). */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), resolve(path));
  return rel.startsWith('..') || isAbsolute(rel) ? resolve(path) : rel.split(sep).join('/');
}

export { parseTimeScale } from './options.js';

/** A positive decimal, e.g. --expected-rate 0.5. */
export function parsePositive(name: string, example: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d*\.?\d+(e[-+]?\d+)?$/i.test(value) || !Number.isFinite(n) || n <= 0) throw new FaultlineError('FAULTLINE_CLI_BAD_OPTION', `--${name} must be a number above 0 (e.g. ${example}), got "${value}"`);
    return n;
  };
}
