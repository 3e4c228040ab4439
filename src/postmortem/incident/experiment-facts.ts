import { parseDuration } from '../../core/durations.js';
import type { JsonValue, RunStartedEvent } from '../../runner/journal/events.js';
import type { ExperimentFacts } from './model.js';

/**
 * What the post-mortem needs from the experiment document the journal carries (docs/EXPERIMENTS.md).
 * The document is kept as parsed, so every field is read defensively: a journal from an older or
 * hand-written experiment still gives a draft, with defaults the loader would have used.
 */

/** The loader's defaults (docs/EXPERIMENTS.md): timeScale 720, recovery.within 10s, load.timeout 5s. */
const DEFAULT_TIME_SCALE = 720;
const DEFAULT_RECOVERY_MS = 10_000;
const DEFAULT_TIMEOUT_MS = 5000;

type JsonObject = { [key: string]: JsonValue };

export function experimentFacts(started: RunStartedEvent): ExperimentFacts {
  const doc = object(started.experiment.document);
  const metadata = object(doc.metadata);
  const steady = object(doc.steadyState);
  const load = object(doc.load);
  // `faultline run --speed K` multiplies the SLO time scale by K and divides every duration by K
  // (src/runner/experiment/speed.ts); the journal keeps the document as written, so K is the ratio.
  const written = number(doc.timeScale) ?? DEFAULT_TIME_SCALE;
  const recorded = started.slos[0]?.timeScale;
  const speed = recorded !== undefined && written > 0 && recorded / written >= 1 ? Number((recorded / written).toPrecision(6)) : 1;
  const recoveryWithinMs = Math.round((duration(object(doc.recovery).within) ?? DEFAULT_RECOVERY_MS) / speed);

  const facts: ExperimentFacts = {
    file: started.experiment.file,
    title: started.experiment.title,
    speed,
    recoveryWithinMs,
    requestTimeoutMs: duration(load.timeout) ?? DEFAULT_TIMEOUT_MS,
    methodNames: array(doc.method).flatMap((step) => string(object(step).name) ?? []),
    abortConditions: array(doc.abort).map(describeAbort).filter((text) => text !== ''),
  };
  const name = string(metadata.name);
  if (name) facts.name = name;
  const description = string(metadata.description);
  if (description) facts.description = description;
  const objective = string(metadata.learningObjective);
  if (objective) facts.learningObjective = objective;
  const hypothesis = string(steady.hypothesis);
  if (hypothesis) facts.hypothesis = hypothesis;
  const latency = tightestLatencyCheck(array(steady.checks));
  if (latency) facts.latencyCheck = latency;
  const mix = object(load.mix);
  const kinds = Object.entries(mix).filter(([, weight]) => typeof weight === 'number' && weight > 0).map(([kind]) => kind);
  if (kinds.length > 0) facts.requestKinds = kinds;
  return facts;
}

function tightestLatencyCheck(checks: JsonValue[]): ExperimentFacts['latencyCheck'] {
  let best: ExperimentFacts['latencyCheck'];
  for (const check of checks.map(object)) {
    const latency = object(check.latency);
    const maxMs = duration(latency.max);
    if (maxMs === undefined) continue;
    if (!best || maxMs < best.maxMs) best = { name: string(check.name) ?? 'latency check', maxMs, percentile: number(latency.percentile) ?? 99 };
  }
  return best;
}

/** One abort condition in words: "error ratio above 20 % for 1s (window 5s)". */
function describeAbort(value: JsonValue): string {
  const condition = object(value);
  const budget = object(condition.budgetBurned);
  if (string(budget.slo)) return `more than ${number(budget.above) ?? '?'} % of the ${string(budget.slo)} budget consumed`;
  const burn = object(condition.burnRate);
  if (string(burn.slo)) return `${string(burn.slo)} burning faster than ${number(burn.above) ?? '?'}× over ${string(burn.window) ?? '?'}${string(burn.for) ? ` for ${string(burn.for)}` : ''}`;
  const ratio = object(condition.errorRatio);
  if (number(ratio.above) !== undefined) return `error ratio above ${number(ratio.above)} %${string(ratio.for) ? ` for ${string(ratio.for)}` : ''}${string(ratio.window) ? ` (window ${string(ratio.window)})` : ''}`;
  return '';
}

function object(value: JsonValue | undefined): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
}

function array(value: JsonValue | undefined): JsonValue[] {
  return Array.isArray(value) ? value : [];
}

function string(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function number(value: JsonValue | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function duration(value: JsonValue | undefined): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  try {
    return parseDuration(value);
  } catch {
    return undefined;
  }
}
