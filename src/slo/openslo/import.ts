import { FaultlineError, isFaultlineError } from '../../core/errors.js';
import { formatProblems, type Problem } from '../../core/yaml-document.js';
import { parseSloSet } from '../load.js';
import type { SloSet } from '../model.js';
import { SLO_API_VERSION, SLO_KIND, type RawSloSet } from '../spec.js';
import { Annotations } from './annotations.js';
import { OpenSloIndex } from './documents.js';
import { renderSloSet } from './render-slo-set.js';
import { importSlo, type ImportedSlo } from './slo-import.js';
import { At, Diagnostics, type ImportProblem } from './source.js';
import { parseYamlStream } from './yaml-stream.js';

/**
 * An OpenSLO v1 stream → a Faultline SLO file (pure: text in, text out; docs/OPENSLO.md). Every
 * problem of the whole file is collected with its line and path before anything is refused; what
 * imports but not exactly comes back as warnings. The result is checked by the SLO loader itself
 * (parseSloSet) before it is returned, and the loader's objections are reported in OpenSLO terms.
 */

export interface OpenSloImportOptions {
  /** The OpenSLO file as messages and the header name it. */
  file: string;
  /** The topology's service names: every SLO's service must be one. */
  services: readonly string[];
  /** The set's name (`--name`); default: the set the SLOs were exported from, else defaultName. */
  name?: string;
  /** e.g. the file's base name. */
  defaultName?: string;
}

export interface OpenSloImport {
  /** The Faultline SLO file, header comment included. */
  text: string;
  /** The same file, loaded. */
  set: SloSet;
  warnings: Problem[];
}

export function importOpenSlo(text: string, options: OpenSloImportOptions): OpenSloImport {
  const { file } = options;
  const stream = parseYamlStream(text);
  if (stream.problems.length > 0) throw failure(file, stream.problems.map((p) => ({ ...p, unsupported: false })));
  const diag = new Diagnostics();
  const index = new OpenSloIndex(stream, diag);
  const slos = index.all('SLO');
  const imported = slos.flatMap((slo) => importSlo(slo, { index, diag }));
  if (slos.length === 0 && diag.problems.length === 0) {
    diag.problems.push({ path: '$', line: 1, column: 1, message: 'no SLO object in this file: nothing to import (kinds found: ' + kindsOf(stream.documents.map((d) => d.value)) + ')', unsupported: false });
  }
  for (const kind of ['SLI', 'AlertPolicy', 'AlertCondition', 'AlertNotificationTarget'] as const) {
    for (const object of index.unused(kind)) diag.warn(object, `not imported: no SLO refers to this ${kind}`);
  }
  for (const dataSource of index.all('DataSource')) {
    diag.warn(dataSource, 'not imported: Faultline reads its SLIs from the Prometheus of its own stack; only the queries and their type matter');
  }
  const meta = setMetadata(slos, options, diag);
  if (diag.problems.length > 0) throw failure(file, diag.problems);

  const warnings = sortProblems(dedupe(diag.warnings));
  const raw: RawSloSet = {
    apiVersion: SLO_API_VERSION,
    kind: SLO_KIND,
    metadata: { name: meta.name, ...(meta.description ? { description: meta.description } : {}) },
    ...(meta.timeScale !== undefined ? { timeScale: meta.timeScale } : {}),
    slos: imported.map((i) => i.raw),
  };
  const output = renderSloSet(raw, header(file, warnings));
  let set: SloSet;
  try {
    set = parseSloSet(output, file, { services: options.services });
  } catch (error) {
    if (!isFaultlineError(error) || error.code !== 'FAULTLINE_CONFIG_INVALID') throw error;
    const problems = (error.details.problems as Problem[] | undefined) ?? [];
    throw failure(file, problems.map((p) => relocate(p, imported, slos[0])));
  }
  return { text: output, set, warnings };
}

function setMetadata(slos: At[], options: OpenSloImportOptions, diag: Diagnostics): { name: string; description?: string; timeScale?: number } {
  const annotated = (key: string) => slos.map((slo) => slo.get('metadata').get('annotations').get(key)).filter((at) => at.present);
  const sets = [...new Set(annotated(Annotations.set).map((at) => String(at.value)))];
  const name = options.name ?? (sets.length === 1 ? sets[0] : undefined) ?? options.defaultName ?? 'slos';
  const description = annotated(Annotations.setDescription)[0];
  const scale = annotated(Annotations.timeScale)[0];
  const first = annotated(Annotations.set)[0];
  if (sets.length > 1 && first) {
    const taken = [description && `its description from ${description.label}`, scale && `its time scale (${String(scale.value)}) from ${scale.label}`].filter(Boolean);
    const settings = taken.length > 0 ? `, with ${taken.join(' and ')}` : '';
    diag.warn(first, `the SLOs come from ${sets.length} Faultline SLO sets (${sets.join(', ')}): they are imported as one set, "${name}"${options.name === undefined ? ' (--name chooses another)' : ''}${settings}`);
  }
  let timeScale: number | undefined;
  if (scale) {
    timeScale = Number(scale.value);
    if (!(Number.isFinite(timeScale) && timeScale >= 1)) {
      diag.invalid(scale, `must be a time-compression factor of at least 1, e.g. "60", not ${JSON.stringify(scale.value)}`);
      timeScale = undefined;
    } else if (timeScale === 1) timeScale = undefined;
  }
  return { name, ...(description ? { description: String(description.value) } : {}), ...(timeScale !== undefined ? { timeScale } : {}) };
}

/** Where in the OpenSLO file a field of the generated SLO came from (`slos.2.objective` → the objective's target). */
function relocate(problem: Problem, imported: readonly ImportedSlo[], firstSlo: At | undefined): ImportProblem {
  const match = /^slos\.(\d+)(?:\.(.+))?$/.exec(problem.path);
  const origin = match ? imported[Number(match[1])]?.origin : undefined;
  const message = `as a Faultline SLO: ${problem.message}`;
  if (!origin) {
    const at = firstSlo?.get('metadata').get('annotations') ?? firstSlo;
    return at ? { ...at.where(), message, unsupported: false } : { ...problem, message, unsupported: false };
  }
  const [field, ...rest] = (match?.[2] ?? '').split('.');
  const { slo, objective, indicator } = origin;
  const annotations = slo.get('metadata').get('annotations');
  const target = objective.get('target').present ? objective.get('target') : objective.get('targetPercent');
  const places: Record<string, At> = {
    service: slo.get('spec').get('service'),
    name: annotations.get(Annotations.name).present ? annotations.get(Annotations.name) : slo.get('metadata').get('name'),
    description: slo.get('spec').get('description'),
    objective: target,
    period: slo.get('spec').get('timeWindow').get(0).get('duration'),
    budgeting: objective.get(rest[0] === 'sliceObjective' ? 'timeSliceTarget' : 'timeSliceWindow'),
    traffic: annotations.get(Annotations.expectedRate),
    labels: rest[0] !== undefined ? slo.get('metadata').get('labels').get(rest[0]) : slo.get('metadata').get('labels'),
    alerting: annotations,
  };
  const at = (field !== undefined ? places[field] : undefined) ?? (field === 'sli' ? indicator : undefined) ?? slo;
  return { ...at.where(), message, unsupported: false };
}

function header(file: string, warnings: readonly Problem[]): string[] {
  const lines = [
    `Imported from ${file} by faultline slo import --openslo. Review it, then: faultline slo compile <this file>.`,
    'Schema: schemas/slo.schema.json. How OpenSLO maps to this file, and what it cannot carry: docs/OPENSLO.md.',
  ];
  if (warnings.length > 0) lines.push('', 'Import warnings:', ...formatProblems(file, warnings).split('\n').map((line) => `  ${line}`));
  return lines;
}

function failure(file: string, problems: ImportProblem[]): FaultlineError {
  const sorted = sortProblems(dedupe(problems));
  const code = sorted.every((p) => p.unsupported) ? 'FAULTLINE_CONFIG_UNSUPPORTED' : 'FAULTLINE_CONFIG_INVALID';
  const what = code === 'FAULTLINE_CONFIG_UNSUPPORTED' ? 'uses OpenSLO features Faultline cannot represent' : 'cannot be imported';
  return new FaultlineError(code, `${file}: the OpenSLO file ${what}:\n${formatProblems(file, sorted)}`, { file, problems: sorted });
}

function kindsOf(values: unknown[]): string {
  const kinds = [...new Set(values.map((v) => (typeof v === 'object' && v !== null && 'kind' in v ? String((v as { kind: unknown }).kind) : '?')))];
  return kinds.length > 0 ? kinds.join(', ') : 'none';
}

function dedupe<T extends Problem>(problems: readonly T[]): T[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.line}:${p.column}|${p.path}|${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function sortProblems<T extends Problem>(problems: T[]): T[] {
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}
