import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HttpMetricNames, LATENCY_BUCKETS_SECONDS } from '../core/conventions.js';
import { parseDuration } from '../core/durations.js';
import { FaultlineError, isFaultlineError } from '../core/errors.js';
import { packageFile } from '../core/package-root.js';
import { formatProblems, parseYamlWithSchema, type Problem } from '../core/yaml-document.js';
import type { AlertingModel, Budgeting, Labels, RequestFilter, Sli, Slo, SloSet } from './model.js';
import { DEFAULT_PERIOD, DEFAULT_SLICE_WINDOW, sloSchema, type RawSlo, type RawSloSet } from './spec.js';
import { planWindows, promDuration, SUPPORTED_PERIODS_MS, type AlertWindow } from './windows.js';

export interface SloLoadContext {
  /** The topology's service names (services/topology.yaml): every SLO's service and peer must be one. */
  services: readonly string[];
}

type Path = Array<string | number>;
type Report = (path: Path, message: string) => void;

const HOUR_MS = 3_600_000;
const MIN_SLICE_MS = 1000;
const MAX_SLICE_MS = HOUR_MS;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** The package's slo/*.yaml, sorted: the default of every command that reads SLOs (generated rules live in slo/generated/). */
export function shippedSloFiles(): string[] {
  const dir = packageFile('slo/');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort()
    .map((name) => join(dir, name));
}

/**
 * Load several SLO files, every one before failing, so the problems of all of them are reported at
 * once (one error listing each file's problems).
 */
export async function loadSloSets(paths: readonly string[], context: SloLoadContext): Promise<Array<{ file: string; set: SloSet }>> {
  const loaded = await Promise.allSettled(paths.map((path) => loadSloSet(path, context)));
  const failures = loaded.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  const first = failures[0];
  if (first !== undefined) {
    if (!isFaultlineError(first)) throw first;
    throw failures.length === 1 ? first : new FaultlineError(first.code, failures.map((f) => (f as Error).message).join('\n'), { files: [...paths] });
  }
  return loaded.map((result, index) => ({ file: paths[index] as string, set: (result as PromiseFulfilledResult<SloSet>).value }));
}

export async function loadSloSet(path: string, context: SloLoadContext): Promise<SloSet> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new FaultlineError('FAULTLINE_CONFIG_READ', `${path}: cannot read the SLO file: ${(error as Error).message}`, { file: path });
  }
  return parseSloSet(text, path, context);
}

/**
 * Validate an SLO file against its schema, then its meaning (known services, objectives that leave
 * a budget every alert tier can burn, latency thresholds on bucket boundaries, no SLO declared
 * twice), and build the model. Every problem is reported at once, with its line and YAML path.
 */
export function parseSloSet(text: string, file: string, context: SloLoadContext): SloSet {
  const parsed = parseYamlWithSchema(text, sloSchema);
  if (parsed.problems.length > 0) throw invalid(file, parsed.problems);
  const raw = parsed.value as RawSloSet;
  const problems: Problem[] = [];
  const report: Report = (path, message) => problems.push({ path: path.join('.'), ...parsed.locate(path), message });

  const timeScale = raw.timeScale ?? 1;
  const seen = new Map<string, number>();
  const slos: Slo[] = [];
  raw.slos.forEach((rawSlo, index) => {
    const at: Path = ['slos', index];
    const slo = toSlo(rawSlo, at, context, report);
    const first = seen.get(slo.id);
    if (first !== undefined) report([...at, 'name'], `SLO "${slo.name}" of ${slo.service} is declared twice (first at line ${parsed.locate(['slos', first, 'name']).line})`);
    else seen.set(slo.id, index);
    if (slo.periodMs > 0 && timeScale > 1) {
      try {
        planWindows(slo.periodMs, { timeScale });
      } catch (error) {
        if (!isFaultlineError(error)) throw error;
        report(['timeScale'], error.message);
      }
    }
    slos.push(slo);
  });
  const unique = dedupe(problems).sort((a, b) => a.line - b.line || a.column - b.column);
  if (unique.length > 0) throw invalid(file, unique);
  return { name: raw.metadata?.name ?? 'slos', ...(raw.metadata?.description ? { description: raw.metadata.description } : {}), timeScale, slos };
}

function toSlo(raw: RawSlo, at: Path, context: SloLoadContext, report: Report): Slo {
  const known = context.services;
  if (!known.includes(raw.service)) report([...at, 'service'], `unknown service "${raw.service}"; the topology declares ${known.join(', ')}`);
  const objectiveOk = checkObjective(raw.objective, [...at, 'objective'], report);
  const periodMs = checkPeriod(raw.period ?? DEFAULT_PERIOD, [...at, 'period'], report);
  if (objectiveOk && periodMs > 0) checkTiersCanFire(raw.objective, periodMs, [...at, 'objective'], report);
  const labels = checkLabels(raw.labels ?? {}, [...at, 'labels'], report);
  return {
    id: `${raw.service}-${raw.name}`,
    service: raw.service,
    name: raw.name,
    description: raw.description ?? '',
    objective: raw.objective,
    periodMs,
    budgeting: toBudgeting(raw, [...at, 'budgeting'], periodMs, report),
    ...(raw.traffic ? { expectedRate: raw.traffic.expectedRate } : {}),
    sli: toSli(raw, [...at, 'sli'], known, report),
    labels,
    alerting: toAlerting(raw, [...at, 'alerting'], report),
  };
}

function checkObjective(objective: number, at: Path, report: Report): boolean {
  if (objective > 0 && objective < 100) return true;
  const why = objective >= 100 ? ': 100 % leaves no error budget, and every burn rate divides by the budget' : '';
  report(at, `objective ${objective} is out of range: it is a percentage above 0 and below 100, such as 99.9${why}`);
  return false;
}

function checkPeriod(period: string, at: Path, report: Report): number {
  const ms = parseDuration(period);
  if (SUPPORTED_PERIODS_MS.includes(ms)) return ms;
  report(at, `period ${period} has no burn-rate window table; use ${SUPPORTED_PERIODS_MS.map(promDuration).join(', ')} (the Workbook's and Sloth's tables)`);
  return 0;
}

/**
 * Guardrail (reference §1.4): a tier with burn factor F fires when the error ratio exceeds F × budget;
 * an error ratio cannot exceed 1, so F × (1 − SLO) ≥ 1 means the tier can never fire. The 14.4×
 * page needs an objective above 1 − 1/14.4 = 93.06 %. Such an SLO would watch a total outage in silence.
 */
function checkTiersCanFire(objective: number, periodMs: number, at: Path, report: Report): void {
  const budget = (100 - objective) / 100;
  const dead = planWindows(periodMs).pairs.filter((pair) => pair.factor * budget >= 1);
  const worst = dead[0];
  if (!worst) return;
  const maxBurn = 1 / budget;
  const perHour = (maxBurn * HOUR_MS * 100) / periodMs;
  const others = dead.slice(1).map(tierName);
  report(
    at,
    `objective ${objective} % leaves a ${pct(budget * 100)} error budget, so the ${tierName(worst)} alert would need an error ratio above ` +
      `${num(worst.factor)} × ${pct(budget * 100)} = ${pct(worst.factor * budget * 100)}, which cannot happen: even a total outage burns only ` +
      `1 ÷ ${pct(budget * 100)} = ${num(maxBurn)}× (${pct(perHour)} of the ${promDuration(periodMs)} budget per hour). ` +
      `The ${tierName(worst)} alert needs an objective above ${pct((1 - 1 / worst.factor) * 100)} (1 − 1/${num(worst.factor)})` +
      (others.length > 0 ? `; the ${others.join(', ')} alerts cannot fire either.` : '.'),
  );
}

function tierName(pair: AlertWindow): string {
  return `${num(pair.factor)}× ${pair.severity} (${promDuration(pair.longMs)}/${promDuration(pair.shortMs)})`;
}

function toBudgeting(raw: RawSlo, at: Path, periodMs: number, report: Report): Budgeting {
  const budgeting = raw.budgeting ?? {};
  if ((budgeting.method ?? 'events') === 'events') {
    for (const field of ['sliceWindow', 'sliceObjective'] as const) {
      if (budgeting[field] !== undefined) report([...at, field], `${field} applies to timeslices budgeting only; add method: timeslices or remove it`);
    }
    return { method: 'events' };
  }
  const sliceMs = parseDuration(budgeting.sliceWindow ?? DEFAULT_SLICE_WINDOW);
  if (sliceMs < MIN_SLICE_MS || sliceMs > MAX_SLICE_MS) {
    report([...at, 'sliceWindow'], `a slice of ${budgeting.sliceWindow} is out of range: use 1s to 1h (1m is usual), so the period holds many slices`);
  } else if (periodMs > 0 && periodMs % sliceMs !== 0) {
    report([...at, 'sliceWindow'], `the ${promDuration(periodMs)} period is not a whole number of ${budgeting.sliceWindow} slices`);
  }
  const sliceObjective = budgeting.sliceObjective ?? raw.objective;
  if (budgeting.sliceObjective !== undefined && !(sliceObjective > 0 && sliceObjective <= 100)) {
    report([...at, 'sliceObjective'], `sliceObjective ${sliceObjective} is out of range: it is the percent of good events a slice needs, above 0 and at most 100`);
  }
  return { method: 'timeslices', sliceMs, sliceObjective };
}

function toSli(raw: RawSlo, at: Path, services: readonly string[], report: Report): Sli {
  const { sli } = raw;
  if (sli.latency) {
    const { threshold } = sli.latency;
    const seconds = typeof threshold === 'number' ? threshold : parseDuration(threshold) / 1000;
    const bucket = LATENCY_BUCKETS_SECONDS.find((b) => Math.abs(b - seconds) < 1e-9);
    if (bucket === undefined) {
      const below = [...LATENCY_BUCKETS_SECONDS].reverse().find((b) => b < seconds);
      const above = LATENCY_BUCKETS_SECONDS.find((b) => b > seconds);
      const nearest = [below, above].filter((b) => b !== undefined).map((b) => `${b} s`).join(' or ');
      report(
        [...at, 'latency', 'threshold'],
        `${seconds} s is not a bucket boundary of ${HttpMetricNames.serverDuration}, so the share of requests under it cannot be counted, only interpolated; use ${nearest} (buckets: ${LATENCY_BUCKETS_SECONDS.join(', ')})`,
      );
    }
    return { kind: 'latency', thresholdSeconds: bucket ?? seconds, filter: toFilter(sli.latency) };
  }
  if (sli.clientAvailability) {
    const { peer } = sli.clientAvailability;
    const where = [...at, 'clientAvailability', 'peer'];
    if (peer === raw.service) report(where, `${raw.service} does not call itself; name the dependency it calls`);
    else if (!services.includes(peer)) report(where, `unknown peer "${peer}"; the topology declares ${services.join(', ')}`);
    return { kind: 'clientAvailability', peer };
  }
  if (sli.custom) return { kind: 'custom', errorQuery: sli.custom.errorQuery, totalQuery: sli.custom.totalQuery };
  return { kind: 'availability', filter: toFilter(sli.availability ?? {}) };
}

function toFilter(raw: { method?: RequestFilter['method']; routes?: string[] }): RequestFilter {
  return { ...(raw.method ? { method: raw.method } : {}), routes: raw.routes ?? [] };
}

function toAlerting(raw: RawSlo, at: Path, report: Report): AlertingModel {
  const alerting = raw.alerting ?? {};
  return {
    name: alerting.name ?? defaultAlertName(raw.service, raw.name),
    pageLabels: { severity: 'page', ...checkLabels(alerting.pageLabels ?? {}, [...at, 'pageLabels'], report) },
    ticketLabels: { severity: 'ticket', ...checkLabels(alerting.ticketLabels ?? {}, [...at, 'ticketLabels'], report) },
    ...(alerting.runbook ? { runbook: alerting.runbook } : {}),
  };
}

/** Label names Prometheus accepts; `sloth_*` and `__*` are the compiler's and Prometheus' own. */
function checkLabels(labels: Record<string, string>, at: Path, report: Report): Labels {
  for (const name of Object.keys(labels)) {
    if (!LABEL_NAME.test(name)) report([...at, name], `"${name}" is not a Prometheus label name (letters, digits and _, not starting with a digit)`);
    else if (name.startsWith('sloth_') || name.startsWith('__')) report([...at, name], `label names starting with "${name.startsWith('__') ? '__' : 'sloth_'}" are reserved`);
  }
  return labels;
}

/**
 * The alert name of an SLO that does not name one: service and name in PascalCase + BudgetBurn
 * (`gateway`, `browse-availability` → GatewayBrowseAvailabilityBudgetBurn). The OpenSLO importer
 * leaves out an annotation that says just this.
 */
export function defaultAlertName(service: string, name: string): string {
  return `${pascal(service)}${pascal(name)}BudgetBurn`;
}

function pascal(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => (word[0] as string).toUpperCase() + word.slice(1))
    .join('');
}

function num(value: number): string {
  return String(Number(value.toPrecision(4)));
}

function pct(value: number): string {
  return `${num(value)} %`;
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path}|${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function invalid(file: string, problems: Problem[]): FaultlineError {
  return new FaultlineError('FAULTLINE_CONFIG_INVALID', `${file}: invalid SLOs:\n${formatProblems(file, problems)}`, { file, problems });
}
