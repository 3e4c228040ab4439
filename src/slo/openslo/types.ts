/**
 * The OpenSLO v1 documents Faultline writes and reads (OpenSLO/OpenSLO README, `apiVersion: openslo/v1`;
 * reference/slo-and-error-budgets.md §4). Shapes as the spec writes them; the importer reads untyped
 * YAML and checks every field itself, so these types describe the exporter's output exactly and the
 * importer's input loosely.
 */

export const OPENSLO_API_VERSION = 'openslo/v1';

export const OPENSLO_KINDS = ['SLO', 'SLI', 'Service', 'AlertPolicy', 'AlertCondition', 'AlertNotificationTarget', 'DataSource'] as const;
export type OpenSloKind = (typeof OPENSLO_KINDS)[number];

export interface OpenSloMetadata {
  /** RFC 1123 label: at most 63 lowercase letters, digits and `-`. */
  name: string;
  displayName?: string;
  labels?: Record<string, string | string[]>;
  /** Implementation-specific data; Faultline's keys are in annotations.ts. */
  annotations?: Record<string, string>;
}

export interface OpenSloDocument<K extends OpenSloKind = OpenSloKind, S = unknown> {
  apiVersion: typeof OPENSLO_API_VERSION;
  kind: K;
  metadata: OpenSloMetadata;
  spec: S;
}

export type Operator = 'lte' | 'gte' | 'lt' | 'gt';
export type BudgetingMethod = 'Occurrences' | 'Timeslices' | 'RatioTimeslices';

export interface MetricSource {
  metricSourceRef?: string;
  /** e.g. `Prometheus`; may be left out when metricSourceRef names a DataSource. */
  type?: string;
  spec: { query?: string; [field: string]: unknown };
}

export interface MetricSpec {
  metricSource: MetricSource;
}

/** good XOR bad, with total; or rawType with raw (a precomputed ratio). */
export interface RatioMetric {
  counter?: boolean;
  good?: MetricSpec;
  bad?: MetricSpec;
  total?: MetricSpec;
  rawType?: 'success' | 'failure';
  raw?: MetricSpec;
}

export interface SliSpec {
  description?: string;
  ratioMetric?: RatioMetric;
  thresholdMetric?: MetricSpec;
}

export interface InlineIndicator {
  metadata: OpenSloMetadata;
  spec: SliSpec;
}

export interface TimeWindow {
  duration: string;
  isRolling?: boolean;
  calendar?: { startTime: string; timeZone: string };
}

export interface Objective {
  displayName?: string;
  op?: Operator;
  value?: number;
  /** [0, 1), or targetPercent [0, 100). */
  target?: number;
  targetPercent?: number;
  /** (0, 1], Timeslices only. */
  timeSliceTarget?: number;
  /** duration-shorthand, or a number of minutes. */
  timeSliceWindow?: string | number;
}

export interface SloSpec {
  description?: string;
  service: string;
  indicator?: InlineIndicator;
  indicatorRef?: string;
  /** A list with exactly one item. */
  timeWindow?: TimeWindow[];
  budgetingMethod: BudgetingMethod;
  objectives: Objective[];
  alertPolicies?: Array<{ alertPolicyRef: string }>;
}

export interface AlertPolicySpec {
  description?: string;
  alertWhenNoData?: boolean;
  alertWhenResolved?: boolean;
  alertWhenBreaching?: boolean;
  /** An array, but at most one condition (the spec keeps the array for later versions). */
  conditions: Array<{ conditionRef: string }>;
  notificationTargets: Array<{ targetRef: string }>;
}

export interface AlertConditionSpec {
  description?: string;
  severity: string;
  condition: {
    kind: 'burnrate';
    op: Operator;
    threshold: number;
    /** One window: OpenSLO v1 cannot say the Workbook's second, shorter one. */
    lookbackWindow: string;
    alertAfter?: string;
  };
}

export interface AlertNotificationTargetSpec {
  description?: string;
  target: string;
}

export interface ServiceSpec {
  description?: string;
}
