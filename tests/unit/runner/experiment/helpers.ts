import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { FaultlineError } from '../../../../src/core/errors.js';
import type { Problem } from '../../../../src/core/yaml-document.js';
import { parseExperiment, type ExperimentContext, type ExperimentLoadOptions } from '../../../../src/runner/experiment/load.js';
import type { Experiment } from '../../../../src/runner/experiment/model.js';
import { parseSloSet } from '../../../../src/slo/load.js';
import { parseTopology } from '../../../../src/topology/load.js';

const read = (relative: string) => readFileSync(new URL(`../../../../${relative}`, import.meta.url), 'utf8');

/** The shipped topology and SLOs, as `loadExperiment` finds them by default. */
const topology = parseTopology(read('services/topology.yaml'), 'services/topology.yaml');
export const shipped: ExperimentContext = {
  topology,
  slos: { ...parseSloSet(read('slo/shop.yaml'), 'slo/shop.yaml', { services: topology.services.map((s) => s.name) }), timeScale: 720 },
  topologyFile: 'services/topology.yaml',
  sloFiles: ['slo/shop.yaml'],
};

/** A small valid experiment; each part can be replaced by a YAML block (indented as at top level). */
export function experimentText(parts: { metadata?: string; target?: string; load?: string; steadyState?: string; method?: string; extra?: string } = {}): string {
  return [
    'apiVersion: faultline.dev/v1',
    'kind: Experiment',
    parts.metadata ?? 'metadata:\n  name: sample\n  title: A sample',
    parts.target ?? 'target:\n  proxies: [orders_payments]\n  services: [payments, orders]',
    parts.load ?? 'load:\n  rate: 20\n  duration: 30s',
    parts.steadyState ?? 'steadyState:\n  baseline: 5s\n  checks:\n    - name: few errors\n      errorRatio: { max: 1 }',
    parts.method ?? 'method:\n  - name: slow\n    at: 0s\n    duration: 10s\n    toxic: { proxy: orders_payments, type: latency, attributes: { latency: 100 } }',
    ...(parts.extra ? [parts.extra] : []),
  ].join('\n') + '\n';
}

export function load(text: string, options: ExperimentLoadOptions = {}): Experiment {
  return parseExperiment(text, 'experiment.yaml', shipped, options);
}

export function problemsOf(text: string, options: ExperimentLoadOptions = {}): Problem[] {
  try {
    load(text, options);
  } catch (error) {
    expect(error).toBeInstanceOf(FaultlineError);
    expect((error as FaultlineError).code).toBe('FAULTLINE_CONFIG_INVALID');
    return (error as FaultlineError).details.problems as Problem[];
  }
  throw new Error('expected the experiment to be refused');
}

/** `line:path: message`, the form the tables compare. */
export function linesOf(text: string, options: ExperimentLoadOptions = {}): string[] {
  return problemsOf(text, options).map((p) => `${p.line}:${p.path}: ${p.message}`);
}
