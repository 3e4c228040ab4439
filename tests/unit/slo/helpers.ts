import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { FaultlineError } from '../../../src/core/errors.js';
import type { Problem } from '../../../src/core/yaml-document.js';
import { parseSloSet, type SloLoadContext } from '../../../src/slo/load.js';
import type { SloSet } from '../../../src/slo/model.js';
import { parseTopology } from '../../../src/topology/load.js';

/** The shipped SLO file and the service names of the shipped topology it is checked against. */
export const shippedSlos = readFileSync(new URL('../../../slo/shop.yaml', import.meta.url), 'utf8');
export const topologyContext: SloLoadContext = {
  services: parseTopology(readFileSync(new URL('../../../services/topology.yaml', import.meta.url), 'utf8'), 'services/topology.yaml').services.map((s) => s.name),
};

/** A one-file SLO set around the given `slos:` items (indented by two spaces). */
export const sloFile = (slos: string, head = '') => `apiVersion: faultline.dev/v1\nkind: SLOSet\n${head}slos:\n${slos}`;

export function load(text: string): SloSet {
  return parseSloSet(text, 'slos.yaml', topologyContext);
}

export function problemsOf(text: string): Problem[] {
  try {
    load(text);
  } catch (error) {
    expect(error).toBeInstanceOf(FaultlineError);
    expect((error as FaultlineError).code).toBe('FAULTLINE_CONFIG_INVALID');
    return (error as FaultlineError).details.problems as Problem[];
  }
  throw new Error('expected the SLO file to be refused');
}
