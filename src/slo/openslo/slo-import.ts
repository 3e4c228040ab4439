import type { RawBudgeting, RawSli, RawSlo } from '../spec.js';
import { defaultAlertName } from '../load.js';
import { promDuration, SUPPORTED_PERIODS_MS } from '../windows.js';
import { importAlerting } from './alerts-import.js';
import { Annotations } from './annotations.js';
import type { OpenSloIndex } from './documents.js';
import { importIndicator } from './indicator-import.js';
import { dnsLabel, sloNameOf } from './names.js';
import { ratioToPercent } from './ratio.js';
import { formatShorthand, parseShorthand, parseSliceWindow } from './shorthand.js';
import type { At, Diagnostics } from './source.js';

/**
 * One OpenSLO SLO object → Faultline SLOs (one per objective; Faultline's SLOs have one objective,
 * as Sloth's do). Every field is checked and every problem reported with its place; the SLI and the
 * alerting have their own modules.
 */

export interface ImportedSlo {
  raw: RawSlo;
  /** Where each part came from, to report problems the SLO loader finds in OpenSLO terms. */
  origin: { slo: At; objective: At; indicator: At | undefined };
}

export interface SloImportContext {
  index: OpenSloIndex;
  diag: Diagnostics;
}

const DEFAULT_PERIOD_MS = 30 * 86_400_000;
/** Objectives given in percent and back: tolerate float noise when an annotation restates a target. */
const PERCENT_TOLERANCE = 1e-9;

export function importSlo(slo: At, ctx: SloImportContext): ImportedSlo[] {
  const { diag } = ctx;
  const spec = slo.get('spec');
  const metadata = slo.get('metadata');
  const annotations = metadata.get('annotations');
  const service = diag.string(spec.get('service'), true);
  const periodMs = importPeriod(spec, diag);
  const method = importMethod(spec.get('budgetingMethod'), diag);
  const indicator = resolveIndicator(spec, ctx);
  const labels = importLabels(metadata.get('labels'), diag);
  const expectedRate = importExpectedRate(annotations.get(Annotations.expectedRate), diag);

  const objectives = spec.get('objectives');
  const items = diag.list(objectives, true) ? objectives.items() : [];
  for (const objective of items) {
    for (const field of ['indicator', 'indicatorRef']) {
      if (objective.get(field).present) diag.unsupported(objective.get(field), 'composite SLOs (objectives with their own indicators) are not supported: import each indicator as an SLO of its own');
    }
  }
  if (indicator?.get('thresholdMetric').present && items.length > 1) diag.invalid(objectives.get(1), 'an SLO with a thresholdMetric has exactly one objective (OpenSLO v1)');
  const first = items[0];
  const sli: RawSli | undefined =
    indicator && service !== undefined && first ? importIndicator(indicator, { service, annotations, objective: first, index: ctx.index, diag }) : undefined;
  const nameAnnotation = annotations.get(Annotations.name).value;
  const name = typeof nameAnnotation === 'string' ? nameAnnotation : sloNameOf(String(metadata.get('name').value), service ?? '');
  const alerting = periodMs !== undefined ? importAlerting(slo, { periodMs, index: ctx.index, diag }, defaultAlertName(service ?? '', name)) : {};

  const descriptionAnnotation = annotations.get(Annotations.description).value;
  const description = typeof descriptionAnnotation === 'string' ? descriptionAnnotation : diag.string(spec.get('description'), false);

  // Every objective is checked even when the SLO already failed elsewhere: all problems in one pass.

  const imported: ImportedSlo[] = [];
  items.forEach((objective, k) => {
    const single = items.length === 1;
    const percent = importTarget(objective, single ? annotations.get(Annotations.objective) : undefined, diag);
    const budgeting = method ? importBudgeting(method, objective, single ? annotations.get(Annotations.sliceObjective) : undefined, diag) : undefined;
    if (service === undefined || periodMs === undefined || sli === undefined || percent === undefined || budgeting === undefined) return;
    let ownName = name;
    if (!single) {
      const display = objective.get('displayName').value;
      ownName = `${name}-${typeof display === 'string' && dnsLabel(display) !== 'x' ? dnsLabel(display) : k + 1}`;
      diag.warn(objective, `Faultline SLOs have one objective: this one becomes the SLO "${ownName}" of ${service}`);
    }
    const raw: RawSlo = {
      service,
      name: ownName,
      ...(description ? { description } : {}),
      objective: percent,
      period: formatShorthand(periodMs) as string,
      ...(budgeting.method === 'timeslices' ? { budgeting } : {}),
      ...(expectedRate !== undefined ? { traffic: { expectedRate } } : {}),
      ...(labels && Object.keys(labels).length > 0 ? { labels } : {}),
      sli,
      ...(Object.keys(alerting).length > 0 ? { alerting } : {}),
    };
    imported.push({ raw, origin: { slo, objective, indicator } });
  });
  return imported;
}

function importPeriod(spec: At, diag: Diagnostics): number | undefined {
  const windows = spec.get('timeWindow');
  if (!windows.present) {
    diag.warn(spec, 'no timeWindow: Faultline uses its default, a rolling 30d window');
    return DEFAULT_PERIOD_MS;
  }
  if (!diag.list(windows, true)) return undefined;
  if (windows.items().length > 1) diag.invalid(windows.get(1), 'timeWindow lists exactly one window');
  const window = windows.get(0);
  if (!diag.record(window, true)) return undefined;
  const calendar = window.get('calendar');
  if (calendar.present || window.get('isRolling').value === false) {
    diag.unsupported(
      calendar.present ? calendar : window.get('isRolling'),
      'calendar-aligned windows are not supported: Faultline budgets are rolling windows (30d, 28d or 7d), as its burn-rate alert tables assume',
    );
    return undefined;
  }
  const duration = window.get('duration');
  if (!duration.present) {
    diag.invalid(duration, 'missing required field "duration" (e.g. 30d)');
    return undefined;
  }
  const parsed = parseShorthand(duration.value);
  if (!parsed.ok) {
    if (parsed.calendar) diag.unsupported(duration, parsed.reason);
    else diag.invalid(duration, parsed.reason);
    return undefined;
  }
  if (!SUPPORTED_PERIODS_MS.includes(parsed.ms)) {
    diag.unsupported(duration, `a ${String(duration.value)} window has no burn-rate alert table; Faultline supports ${SUPPORTED_PERIODS_MS.map((ms) => formatShorthand(ms)).join(', ')} (the Workbook's and Sloth's tables)`);
    return undefined;
  }
  return parsed.ms;
}

function importMethod(at: At, diag: Diagnostics): 'events' | 'timeslices' | undefined {
  if (at.value === 'Occurrences') return 'events';
  if (at.value === 'Timeslices') return 'timeslices';
  if (at.value === 'RatioTimeslices') {
    diag.unsupported(at, 'RatioTimeslices (the mean of per-slice ratios) is not supported: Faultline counts events (Occurrences) or good slices (Timeslices)');
  } else if (!at.present) diag.invalid(at, 'missing required field "budgetingMethod" (Occurrences or Timeslices)');
  else diag.invalid(at, `must be Occurrences, Timeslices or RatioTimeslices, not ${JSON.stringify(at.value)}`);
  return undefined;
}

/** The SLI spec, inline (`indicator.spec`) or referred to (`indicatorRef`). */
function resolveIndicator(spec: At, ctx: SloImportContext): At | undefined {
  const inline = spec.get('indicator');
  const ref = spec.get('indicatorRef');
  if (inline.present === ref.present) {
    ctx.diag.invalid(spec, inline.present ? 'give indicator or indicatorRef, not both' : 'missing required field "indicator" (inline SLI) or "indicatorRef" (the name of an SLI)');
    return undefined;
  }
  const sli = inline.present ? (ctx.diag.record(inline, true) ? inline : undefined) : ctx.index.resolve('SLI', ref, ctx.diag);
  if (!sli || !ctx.diag.record(sli.get('spec'), true)) return undefined;
  return sli.get('spec');
}

/** target (a ratio) or targetPercent → Faultline's percent; the objective annotation when it restates the target exactly. */
function importTarget(objective: At, annotation: At | undefined, diag: Diagnostics): number | undefined {
  const target = objective.get('target');
  const targetPercent = objective.get('targetPercent');
  if (target.present === targetPercent.present) {
    diag.invalid(objective, target.present ? 'give target or targetPercent, not both' : 'missing required field "target" (a ratio such as 0.999) or "targetPercent" (99.9)');
    return undefined;
  }
  const at = target.present ? target : targetPercent;
  const value = diag.number(at, true);
  if (value === undefined) return undefined;
  const percent = target.present ? ratioToPercent(value) : value;
  const scale = target.present ? '[0, 1)' : '[0, 100)';
  if (percent < 0 || percent >= 100) {
    diag.invalid(at, `${value} is out of range: ${at.field} is in ${scale}`);
    return undefined;
  }
  if (percent === 0) {
    diag.unsupported(at, 'a target of 0 allows every event to fail: Faultline objectives are above 0 (every burn rate divides by the budget 1 − target)');
    return undefined;
  }
  return restated(annotation, percent, diag);
}

function importBudgeting(method: 'events' | 'timeslices', objective: At, annotation: At | undefined, diag: Diagnostics): RawBudgeting | undefined {
  const window = objective.get('timeSliceWindow');
  const target = objective.get('timeSliceTarget');
  if (method === 'events') {
    for (const at of [window, target]) if (at.present) diag.warn(at, `${at.field} applies to Timeslices budgeting only; Occurrences ignores it`);
    return { method: 'events' };
  }
  let sliceMs: number | undefined;
  if (!window.present) diag.invalid(window, 'missing required field "timeSliceWindow" (e.g. 1m) for Timeslices budgeting');
  else {
    const parsed = parseSliceWindow(window.value);
    if (parsed.ok) sliceMs = parsed.ms;
    else diag.invalid(window, parsed.reason);
  }
  const ratio = diag.number(target, false);
  if (!target.present) diag.invalid(target, 'missing required field "timeSliceTarget" (e.g. 0.95: the share of good events a slice needs) for Timeslices budgeting');
  else if (ratio !== undefined && !(ratio > 0 && ratio <= 1)) diag.invalid(target, `${ratio} is out of range: timeSliceTarget is in (0, 1]`);
  if (sliceMs === undefined || ratio === undefined || !(ratio > 0 && ratio <= 1)) return undefined;
  return { method: 'timeslices', sliceWindow: promDuration(sliceMs), sliceObjective: restated(annotation, ratioToPercent(ratio), diag) };
}

/** A percentage from an annotation, when it says the same as the OpenSLO field (export writes one when the ratio loses digits). */
function restated(annotation: At | undefined, percent: number, diag: Diagnostics): number {
  if (!annotation?.present) return percent;
  const exact = Number(annotation.value);
  if (Number.isFinite(exact) && Math.abs(exact - percent) <= PERCENT_TOLERANCE * 100) return exact;
  diag.warn(annotation, `says ${String(annotation.value)} %, but the objective says ${percent} % (edited after export?): importing ${percent} %`);
  return percent;
}

/** OpenSLO labels (string or list of strings, names with - and .) → Prometheus labels. */
function importLabels(at: At, diag: Diagnostics): Record<string, string> | undefined {
  if (!at.present || !diag.record(at, false)) return undefined;
  const labels: Record<string, string> = {};
  const origins = new Map<string, string>();
  for (const [key, value] of at.entries()) {
    let text: string | undefined;
    if (typeof value.value === 'string') text = value.value;
    else if (Array.isArray(value.value) && value.value.every((v) => typeof v === 'string')) {
      text = value.value.join(',');
      diag.warn(value, `a Prometheus label has one value: the list becomes "${text}"`);
    } else diag.invalid(value, `a label value is a string or a list of strings, not ${JSON.stringify(value.value)}`);
    const name = /^[0-9]/.test(key) ? `_${key.replace(/[^a-zA-Z0-9_]/g, '_')}` : key.replace(/[^a-zA-Z0-9_]/g, '_');
    if (name !== key) diag.warn(value, `"${key}" is not a Prometheus label name: it becomes "${name}"`);
    const clash = origins.get(name);
    if (clash !== undefined) diag.invalid(value, `labels "${clash}" and "${key}" would both become the Prometheus label "${name}"`);
    origins.set(name, key);
    if (text !== undefined) labels[name] = text;
  }
  return labels;
}

function importExpectedRate(at: At, diag: Diagnostics): number | undefined {
  if (!at.present) return undefined;
  const rate = Number(at.value);
  if (Number.isFinite(rate) && rate > 0) return rate;
  diag.invalid(at, `must be a number of events per second above 0, e.g. "5", not ${JSON.stringify(at.value)}`);
  return undefined;
}
