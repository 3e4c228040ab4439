import { planWindows, type AlertWindow, type Severity } from '../windows.js';
import { Annotations } from './annotations.js';
import { formatShorthand } from './shorthand.js';
import { OPENSLO_API_VERSION, type AlertConditionSpec, type AlertNotificationTargetSpec, type AlertPolicySpec, type OpenSloDocument, type Operator } from './types.js';

/**
 * Faultline's burn-rate alerts as OpenSLO alerting objects, and the way back. Faultline always
 * generates the Workbook's multi-window, multi-burn-rate pairs of the SLO's period (windows.ts:
 * 14.4× 1h/5m and 6× 6h/30m page, 3× 1d/2h and 1× 3d/6h ticket for 30d). OpenSLO v1 allows one
 * condition per policy and one lookback window per condition, so each pair becomes one
 * AlertCondition (the long window; the short one in an annotation) and one AlertPolicy, shared by
 * every SLO of that period.
 */

/** Faultline (and Sloth) fire when the burn rate is above the factor. */
const OPERATOR: Operator = 'gt';
/** Burn factors carry float artefacts (28d: 5.6000000000000005); compare with a relative tolerance. */
const TOLERANCE = 1e-9;

export function workbookPairs(periodMs: number): readonly AlertWindow[] {
  return planWindows(periodMs).pairs;
}

/** `faultline-30d-page-1h`: one name for the pair's AlertPolicy and AlertCondition (names are unique per kind). */
export function pairObjectName(periodMs: number, pair: AlertWindow): string {
  return `faultline-${shorthand(periodMs)}-${pair.severity}-${shorthand(pair.longMs)}`;
}

export function notificationTargetName(severity: Severity): string {
  return `faultline-${severity}`;
}

export function conditionDocument(periodMs: number, pair: AlertWindow): OpenSloDocument<'AlertCondition', AlertConditionSpec> {
  const factor = cleanFactor(pair.factor);
  return {
    apiVersion: OPENSLO_API_VERSION,
    kind: 'AlertCondition',
    metadata: {
      name: pairObjectName(periodMs, pair),
      displayName: `${factor}× burn over ${shorthand(pair.longMs)} and ${shorthand(pair.shortMs)} (${pair.severity})`,
      annotations: { [Annotations.shortWindow]: shorthand(pair.shortMs) },
    },
    spec: {
      description:
        `Error budget burning faster than ${factor}× over ${shorthand(pair.longMs)} and also over ${shorthand(pair.shortMs)}: ` +
        `${pair.budgetPercent} % of a ${shorthand(periodMs)} budget gone (Google SRE Workbook ch. 5, multiwindow multi-burn-rate). ` +
        `OpenSLO v1 has one lookbackWindow, so the short window is in the ${Annotations.shortWindow} annotation.`,
      severity: pair.severity,
      condition: { kind: 'burnrate', op: OPERATOR, threshold: factor, lookbackWindow: shorthand(pair.longMs), alertAfter: '0m' },
    },
  };
}

export function policyDocument(periodMs: number, pair: AlertWindow): OpenSloDocument<'AlertPolicy', AlertPolicySpec> {
  const name = pairObjectName(periodMs, pair);
  return {
    apiVersion: OPENSLO_API_VERSION,
    kind: 'AlertPolicy',
    metadata: { name, displayName: `${pair.severity === 'page' ? 'Page' : 'Ticket'}: ${pair.budgetPercent} % of a ${shorthand(periodMs)} budget in ${shorthand(pair.longMs)}` },
    spec: {
      description: `Faultline's ${pair.speed} ${pair.severity} alert for ${shorthand(periodMs)} SLOs (one of the Workbook's four window pairs).`,
      alertWhenNoData: false,
      alertWhenResolved: false,
      alertWhenBreaching: true,
      conditions: [{ conditionRef: name }],
      notificationTargets: [{ targetRef: notificationTargetName(pair.severity) }],
    },
  };
}

export function targetDocument(severity: Severity): OpenSloDocument<'AlertNotificationTarget', AlertNotificationTargetSpec> {
  return {
    apiVersion: OPENSLO_API_VERSION,
    kind: 'AlertNotificationTarget',
    metadata: { name: notificationTargetName(severity) },
    spec: {
      description: `Faultline's ${severity} alerts carry sloth_severity="${severity}" and the SLO's ${severity} labels; Alertmanager routes them.`,
      target: severity,
    },
  };
}

export interface ConditionFacts {
  op?: string;
  threshold: number;
  lookbackMs: number;
}

/** The Workbook pair of the period that a condition states (same long window, same factor, "above"), if any. */
export function matchPair(periodMs: number, facts: ConditionFacts): AlertWindow | undefined {
  if (facts.op !== undefined && facts.op !== 'gt' && facts.op !== 'gte') return undefined;
  return workbookPairs(periodMs).find((pair) => pair.longMs === facts.lookbackMs && Math.abs(pair.factor - facts.threshold) <= TOLERANCE * pair.factor);
}

/** The period's pairs in words, for messages: `14.4× over 1h/5m (page), ...`. */
export function describePairs(periodMs: number): string {
  return workbookPairs(periodMs)
    .map((pair) => `${cleanFactor(pair.factor)}× over ${shorthand(pair.longMs)}/${shorthand(pair.shortMs)} (${pair.severity})`)
    .join(', ');
}

/** 5.6000000000000005 → 5.6: twelve significant digits are exact for every table and readable. */
function cleanFactor(factor: number): number {
  return Number(factor.toPrecision(12));
}

function shorthand(ms: number): string {
  const text = formatShorthand(ms);
  if (text === undefined) throw new Error(`${ms} ms is not a whole number of minutes`);
  return text;
}
