import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { expect } from 'vitest';
import { FaultlineError } from '../../../../src/core/errors.js';
import { exportOpenSlo } from '../../../../src/slo/openslo/export.js';
import { importOpenSlo, type OpenSloImport } from '../../../../src/slo/openslo/import.js';
import type { ImportProblem } from '../../../../src/slo/openslo/source.js';
import type { SloSet } from '../../../../src/slo/model.js';
import { load, shippedSlos, topologyContext } from '../helpers.js';

/** The shipped SLOs, and the fixture with every feature an OpenSLO round trip must carry. */
export const shop = (): SloSet => load(shippedSlos);
export const everything = (): SloSet => load(readFileSync(new URL('./fixtures/everything.yaml', import.meta.url), 'utf8'));

export function exportText(...sets: SloSet[]): string {
  return exportOpenSlo(sets.map((set) => ({ set, source: `slo/${set.name}.yaml` }))).text;
}

/** Parsed OpenSLO documents, for looking at their fields. */
export function documentsOf(text: string): Array<{ kind: string; metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> }; spec: Record<string, unknown> }> {
  return text
    .split(/^---$/m)
    .slice(1)
    .map((doc) => parse(doc) as ReturnType<typeof documentsOf>[number]);
}

export function importText(text: string, options: { name?: string; services?: readonly string[] } = {}): OpenSloImport {
  return importOpenSlo(text, { file: 'in.openslo.yaml', services: options.services ?? topologyContext.services, defaultName: 'in', ...(options.name ? { name: options.name } : {}) });
}

/** An OpenSLO stream the importer refuses: its error code and problems. */
export function refusal(text: string, services?: readonly string[]): { code: string; problems: ImportProblem[]; message: string } {
  try {
    importText(text, services ? { services } : {});
  } catch (error) {
    expect(error).toBeInstanceOf(FaultlineError);
    const e = error as FaultlineError;
    return { code: e.code, problems: e.details.problems as ImportProblem[], message: e.message };
  }
  throw new Error('expected the OpenSLO file to be refused');
}

/** `line:path: message` of each problem or warning, for tables. */
export const located = (problems: ReadonlyArray<{ line: number; path: string; message: string }>) => problems.map((p) => `${p.line}:${p.path}: ${p.message}`);
