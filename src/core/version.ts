import { readFileSync } from 'node:fs';

/** Faultline's version, from package.json (two levels up from both src/core and dist/core). */
export const FAULTLINE_VERSION: string = (() => {
  try {
    const raw = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    return (JSON.parse(raw) as { version: string }).version;
  } catch {
    return '0.0.0-unknown';
  }
})();
