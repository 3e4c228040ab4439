import { readFileSync } from 'node:fs';
import { packageFile } from '../core/package-root.js';

/** schemas/topology.schema.json — the same file editors use for completion — read once. */
export const topologySchema: object = JSON.parse(readFileSync(packageFile('schemas/topology.schema.json'), 'utf8')) as object;
