import { existsSync, readFileSync } from 'node:fs';

/**
 * Files that ship beside the code (package.json, schemas/, services/topology.yaml) are found from
 * the package root, which sits at a different depth from src/core (tests, tsx) and dist/src/core
 * (the built CLI): walk up to the nearest package.json named "faultline".
 */
export function packageFile(relative: string): string {
  let folder = new URL('./', import.meta.url);
  for (let depth = 0; depth < 6; depth++) {
    const manifest = new URL('package.json', folder);
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'faultline') {
      return new URL(relative, folder).pathname;
    }
    folder = new URL('../', folder);
  }
  throw new Error(`cannot find Faultline's package root above ${import.meta.url}`);
}
