import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { FaultlineError } from '../../core/errors.js';
import { packageFile } from '../../core/package-root.js';
import { formatProblems, parseYamlWithSchema, type ParsedYaml, type Problem } from '../../core/yaml-document.js';
import { loadSloSet, shippedSloFiles } from '../../slo/load.js';
import { mergeSloSets } from '../../slo/merge.js';
import type { SloSet } from '../../slo/model.js';
import { DEFAULT_TOPOLOGY_PATH, loadTopology } from '../../topology/load.js';
import type { Topology } from '../../topology/model.js';
import { buildAbort, buildRecovery, buildRollbacks } from './build-abort.js';
import { buildMethod } from './build-faults.js';
import { buildLoad } from './build-load.js';
import { buildTimeScale } from './build-slo.js';
import { buildSteadyState } from './build-steady-state.js';
import { buildMetadata, buildSafety, buildTargets, type BuildContext } from './build-target.js';
import { checkTimeline } from './check-timeline.js';
import type { Experiment } from './model.js';
import { ProblemCollector } from './problems.js';
import { DEFAULTS, experimentSchema, type RawExperiment } from './spec.js';
import { isToxicType, TOXIC_TYPES } from './toxic-types.js';

/** The system and SLOs an experiment is checked against, and the files they came from. */
export interface ExperimentContext {
  topology: Topology;
  /** Every SLO of the target's files, merged; loadExperiment sets its timeScale to the run's. */
  slos: SloSet;
  topologyFile: string;
  sloFiles: readonly string[];
}

export interface ExperimentLoadOptions {
  /** Catalogue entries must teach: metadata.learningObjective and lookFor are required. */
  catalogue?: boolean;
}

export interface LoadedExperiment extends ExperimentContext {
  experiment: Experiment;
  /** The document as written (before defaults), which the journal keeps so it explains itself. */
  raw: RawExperiment;
}

/**
 * Read an experiment file, then the topology and SLO files its target names (relative to the
 * experiment; by default the shipped services/topology.yaml and slo/*.yaml), and check the
 * experiment against them. Every problem of the experiment is reported at once, with its line.
 */
export async function loadExperiment(path: string, options: ExperimentLoadOptions = {}): Promise<LoadedExperiment> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new FaultlineError('FAULTLINE_CONFIG_READ', `${path}: cannot read the experiment: ${(error as Error).message}`, { file: path });
  }
  const document = parseExperimentDocument(text, path);
  const context = await loadTargetFiles(document.raw, path);
  return { ...context, experiment: buildExperiment(document, path, context, options), raw: document.raw };
}

/** Check an experiment's text against a context already loaded (what tests and tools that hold a topology use). */
export function parseExperiment(text: string, file: string, context: ExperimentContext, options: ExperimentLoadOptions = {}): Experiment {
  return buildExperiment(parseExperimentDocument(text, file), file, context, options);
}

export interface ExperimentDocument {
  parsed: ParsedYaml;
  raw: RawExperiment;
}

/** YAML and the schema; the problems found here stop before the meaning is checked. */
export function parseExperimentDocument(text: string, file: string): ExperimentDocument {
  const parsed = parseYamlWithSchema(text, experimentSchema);
  if (parsed.problems.length > 0) throw invalid(file, parsed.problems.map((problem) => withHint(problem, parsed.value)));
  return { parsed, raw: parsed.value as RawExperiment };
}

async function loadTargetFiles(raw: RawExperiment, file: string): Promise<ExperimentContext> {
  const here = dirname(file);
  const topologyFile = raw.target?.topology ? resolve(here, raw.target.topology) : packageFile(DEFAULT_TOPOLOGY_PATH);
  const sloFiles = raw.target?.slos ? raw.target.slos.map((slo) => resolve(here, slo)) : shippedSloFiles();
  const topology = await loadTopology(topologyFile);
  const services = topology.services.map((s) => s.name);
  const sets = await Promise.all(sloFiles.map(async (sloFile) => ({ file: sloFile, set: await loadSloSet(sloFile, { services }) })));
  // The run's time scale applies to every file (so files written for different speeds still merge),
  // and the merged set carries it, ready for the SLI evaluator.
  return { topology, slos: mergeSloSets(sets, raw.timeScale ?? DEFAULTS.timeScale), topologyFile, sloFiles };
}

function buildExperiment(document: ExperimentDocument, file: string, context: ExperimentContext, options: ExperimentLoadOptions): Experiment {
  const { parsed, raw } = document;
  const problems = new ProblemCollector(parsed.locate);
  const build: BuildContext = { topology: context.topology, slos: context.slos, problems, catalogue: options.catalogue ?? false };
  const metadata = buildMetadata(raw, build);
  const safety = buildSafety(raw, build);
  const targets = buildTargets(raw, safety, build);
  const timeScale = buildTimeScale(raw, build);
  const load = buildLoad(raw, build);
  const steadyState = buildSteadyState(raw, load, safety, build);
  const method = buildMethod(raw, targets, build);
  const abort = buildAbort(raw, build);
  const recovery = buildRecovery(raw);
  checkTimeline(raw, method, load, steadyState, recovery.withinMs, build);
  if (problems.count > 0) throw invalid(file, problems.problems());
  return {
    file,
    metadata,
    target: { topologyFile: context.topologyFile, sloFiles: context.sloFiles, ...targets },
    ...(raw.seed !== undefined ? { seed: raw.seed } : {}),
    timeScale,
    load,
    steadyState,
    method: method.faults,
    abort,
    rollbacks: buildRollbacks(raw),
    recovery,
    safety,
  };
}

/**
 * Slips the schema's words do not explain: "1%" where a number in percent is expected (as an SLO's
 * objective is written), "500ms" for a toxic attribute (integers in the type's unit), and a sentence
 * with ": " in it, which plain YAML reads as a mapping.
 */
function withHint(problem: Problem, value: unknown): Problem {
  const found = problem.path.split('.').reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), value);
  if (problem.message === 'must be number' && typeof found === 'string' && /%\s*$/.test(found)) {
    return { ...problem, message: `must be a number in percent, as an SLO's objective is: write ${found.replace(/\s*%\s*$/, '')}, not "${found}"` };
  }
  const attribute = /^method\.(\d+)\.toxic\.attributes\.(\w+)$/.exec(problem.path);
  if (attribute && problem.message === 'must be integer') {
    const type = (value as RawExperiment).method[Number(attribute[1])]?.toxic?.type ?? '';
    const unit = isToxicType(type) ? TOXIC_TYPES[type].find((spec) => spec.name === attribute[2])?.unit : undefined;
    if (unit) return { ...problem, message: `must be an integer (${unit}), as every Toxiproxy attribute is` };
  }
  if (problem.message === 'must be string' && found !== null && typeof found === 'object' && !Array.isArray(found) && Object.keys(found).length === 1) {
    return { ...problem, message: 'must be string (YAML read "key: value" here: quote text that contains ": ")' };
  }
  return problem;
}

function invalid(file: string, problems: Problem[]): FaultlineError {
  return new FaultlineError('FAULTLINE_CONFIG_INVALID', `${file}: invalid experiment:\n${formatProblems(file, problems)}`, { file, problems });
}
