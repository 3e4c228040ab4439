import { loadSloSets, shippedSloFiles } from '../slo/load.js';
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
  return mergeSloSets(await loadSloSets(paths, context), timeScale);
}
