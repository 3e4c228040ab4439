import { readFileSync } from 'node:fs';
import { packageFile } from './package-root.js';

/** Faultline's version, from package.json. */
export const FAULTLINE_VERSION: string = (JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }).version;
