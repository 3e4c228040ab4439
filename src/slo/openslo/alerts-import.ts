import type { RawAlerting } from '../spec.js';
import { Annotations } from './annotations.js';
import type { OpenSloIndex } from './documents.js';
import { parseShorthand, formatShorthand } from './shorthand.js';
import { isRecord, type At, type Diagnostics } from './source.js';
import { describePairs, matchPair } from './workbook-alerts.js';

/**
 * An SLO's alerting, imported. Faultline always generates the Workbook's page and ticket pairs for
 * the period, so a condition that states one of them needs nothing; the alert name, labels and
 * runbook come from Faultline's annotations. Everything else an OpenSLO alert policy says (another
 * threshold or window, alertAfter, no-data alerts, notification targets) has no place in Faultline:
 * each is reported as a warning, never dropped in silence.
 */

export interface AlertingContext {
  periodMs: number;
  index: OpenSloIndex;
  diag: Diagnostics;
}

const OPERATORS = ['lte', 'gte', 'lt', 'gt'];

export function importAlerting(slo: At, ctx: AlertingContext, defaultName: string): RawAlerting {
  const annotations = slo.get('metadata').get('annotations');
  const alerting: RawAlerting = {};
  const name = annotations.get(Annotations.alertName);
  if (name.present && name.value !== defaultName) alerting.name = String(name.value);
  const pageLabels = labelsAnnotation(annotations.get(Annotations.pageLabels), ctx.diag);
  if (pageLabels) alerting.pageLabels = pageLabels;
  const ticketLabels = labelsAnnotation(annotations.get(Annotations.ticketLabels), ctx.diag);
  if (ticketLabels) alerting.ticketLabels = ticketLabels;
  const runbook = annotations.get(Annotations.runbook);
  if (runbook.present) alerting.runbook = String(runbook.value);

  const policies = slo.get('spec').get('alertPolicies');
  if (policies.present && ctx.diag.list(policies, false)) {
    for (const item of policies.items()) {
      const policy = ctx.index.refOrInline('AlertPolicy', item, 'alertPolicyRef', ctx.diag);
      if (policy) checkPolicy(policy, ctx);
    }
  }
  return alerting;
}

function labelsAnnotation(at: At, diag: Diagnostics): Record<string, string> | undefined {
  if (!at.present) return undefined;
  let parsed: unknown;
  try {
    parsed = typeof at.value === 'string' ? JSON.parse(at.value) : undefined;
  } catch {
    parsed = undefined;
  }
  if (isRecord(parsed) && Object.values(parsed).every((v) => typeof v === 'string')) return parsed as Record<string, string>;
  diag.invalid(at, 'must be a JSON object of label names and string values, e.g. \'{"severity":"page","team":"shop"}\'');
  return undefined;
}

function checkPolicy(policy: At, ctx: AlertingContext): void {
  const { diag, index } = ctx;
  const spec = policy.get('spec');
  if (spec.get('alertWhenNoData').value === true) diag.warn(spec.get('alertWhenNoData'), 'Faultline does not alert on missing data: its burn-rate rules see no data as no burn');
  if (spec.get('alertWhenResolved').value === true) diag.warn(spec.get('alertWhenResolved'), 'not imported: resolved notifications are an Alertmanager receiver setting (send_resolved), not part of the rule');
  if (spec.get('alertWhenBreaching').value === false) diag.warn(spec.get('alertWhenBreaching'), 'this policy never alerts on a breach, but Faultline always generates its page and ticket alerts');
  const labels = policy.get('metadata').get('labels');
  if (labels.present) diag.warn(labels, `not imported: Faultline's alert labels come from the SLO's ${Annotations.pageLabels} and ${Annotations.ticketLabels} annotations`);

  const conditions = spec.get('conditions');
  if (diag.list(conditions, true)) {
    if (conditions.items().length > 1) diag.invalid(conditions.get(1), 'OpenSLO v1 allows one condition per alert policy');
    const condition = index.refOrInline('AlertCondition', conditions.get(0), 'conditionRef', diag);
    if (condition) checkCondition(condition, ctx);
  }
  const targets = spec.get('notificationTargets');
  if (diag.list(targets, true)) {
    for (const item of targets.items()) {
      const target = index.refOrInline('AlertNotificationTarget', item, 'targetRef', diag);
      if (!target) continue;
      const what = diag.string(target.get('spec').get('target'), true);
      if (what !== undefined && what !== 'page' && what !== 'ticket') {
        diag.warn(
          target.get('spec').get('target'),
          `not imported: Faultline's alerts carry sloth_severity (page or ticket) and the SLO's alert labels; route them to ${what} in Alertmanager`,
        );
      }
    }
  }
}

function checkCondition(condition: At, ctx: AlertingContext): void {
  const { diag, periodMs } = ctx;
  const spec = condition.get('spec');
  const severity = diag.string(spec.get('severity'), true);
  const body = spec.get('condition');
  if (!diag.record(body, true)) return;
  const kind = body.get('kind');
  const burnRate = !kind.present || kind.value === 'burnrate';
  if (!burnRate) diag.invalid(kind, `OpenSLO v1 alert conditions are of kind burnrate, not ${JSON.stringify(kind.value)}`);
  const op = body.get('op');
  if (op.present && !OPERATORS.includes(op.value as string)) diag.invalid(op, `must be one of ${OPERATORS.join(', ')}, not ${JSON.stringify(op.value)}`);
  const threshold = diag.number(body.get('threshold'), true);
  const lookback = durationOf(body.get('lookbackWindow'), true, diag);
  const alertAfter = durationOf(body.get('alertAfter'), false, diag);
  if (threshold === undefined || lookback === undefined || !burnRate) return;
  if (alertAfter !== undefined && alertAfter > 0) diag.warn(body.get('alertAfter'), 'not imported: Faultline\'s burn-rate alerts fire at once (the short window already filters blips, Workbook ch. 5)');

  const period = formatShorthand(periodMs) ?? `${periodMs} ms`;
  const pair = matchPair(periodMs, { ...(typeof op.value === 'string' ? { op: op.value } : {}), threshold, lookbackMs: lookback });
  if (!pair) {
    const stated = `burn rate ${typeof op.value === 'string' ? op.value : 'above'} ${threshold} over ${String(body.get('lookbackWindow').value)}`;
    diag.warn(body, `${stated} is not one of the Workbook's pairs for a ${period} SLO (${describePairs(periodMs)}); Faultline generates those pairs instead and does not import this condition`);
    return;
  }
  if (severity !== undefined && severity !== pair.severity) {
    diag.warn(spec.get('severity'), `severity ${severity} is not imported: in Faultline this pair is a ${pair.severity} alert (its labels come from the SLO's ${pair.severity} labels)`);
  }
  const shortWindow = condition.get('metadata').get('annotations').get(Annotations.shortWindow);
  const shortMs = durationOf(shortWindow, false, diag);
  if (shortMs !== undefined && shortMs !== pair.shortMs) {
    diag.warn(shortWindow, `Faultline pairs the ${formatShorthand(pair.longMs)} window with ${formatShorthand(pair.shortMs)} (the Workbook's 1/12), not ${String(shortWindow.value)}`);
  }
}

function durationOf(at: At, required: boolean, diag: Diagnostics): number | undefined {
  if (!at.present) {
    if (required) diag.invalid(at, `missing required field "${at.field}"`);
    return undefined;
  }
  const parsed = parseShorthand(at.value);
  if (parsed.ok) return parsed.ms;
  diag.invalid(at, parsed.reason);
  return undefined;
}
