import { FaultlineError, isFaultlineError } from '../core/errors.js';
import { loadSloSet, shippedSloFiles } from '../slo/load.js';
import { mergeSloSets } from '../slo/merge.js';
import type { SloSet } from '../slo/model.js';
import type { Topology } from '../topology/model.js';

/**
 * Load SLO files against a topology, reporting the problems of every file at once, and merge them
 * into the one set the harness evaluates.
 */
export async function loadSlosFor(topology: Topology, files: readonly string[] | undefined, timeScale?: number): Promise<SloSet> {
  const paths = files && files.length > 0 ? files : shippedSloFiles();
  const context = { services: topology.services.map((s) => s.name) };
  const loaded = await Promise.allSettled(paths.map((path) => loadSloSet(path, context)));
  const failures = loaded.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  const first = failures[0];
  if (first !== undefined) {
    if (!isFaultlineError(first)) throw first;
    throw failures.length === 1 ? first : new FaultlineError(first.code, failures.map((f) => (f as Error).message).join('\n'), { files: paths });
  }
  return mergeSloSets(
    loaded.map((result, index) => ({ file: paths[index] as string, set: (result as PromiseFulfilledResult<SloSet>).value })),
    timeScale,
  );
}
