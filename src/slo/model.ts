/**
 * The SLO model: what `slo/*.yaml` means once loaded and checked (spec → model → output, Sloth's
 * split). Pure types; the loader builds them, the rule compiler and (later) the evaluator read them.
 * Everything here is already validated: services exist, objectives leave a budget every alert tier
 * can burn through, latency thresholds are histogram bucket boundaries.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

export type Labels = Readonly<Record<string, string>>;

/** Which of a service's requests an SLI counts. No method and no routes means all of them. */
export interface RequestFilter {
  method?: HttpMethod;
  /** Route patterns as the services label them (`/products/:id`), matched exactly. */
  routes: readonly string[];
}

/** Good = not 5xx, from http_server_request_duration_seconds_count of the SLO's service. */
export interface AvailabilitySli {
  kind: 'availability';
  filter: RequestFilter;
}

/** Good = answered within the threshold, from the histogram bucket `le = thresholdSeconds`. */
export interface LatencySli {
  kind: 'latency';
  /** A boundary of LATENCY_BUCKETS_SECONDS (the loader refuses anything else). */
  thresholdSeconds: number;
  filter: RequestFilter;
}

/** Good = the caller's outcome is `success`, from http_client_request_duration_seconds_count{service, peer}. */
export interface ClientAvailabilitySli {
  kind: 'clientAvailability';
  peer: string;
}

/** Any PromQL: both queries contain `{{.window}}` where the range goes (Sloth's events SLI). */
export interface CustomSli {
  kind: 'custom';
  errorQuery: string;
  totalQuery: string;
}

export type Sli = AvailabilitySli | LatencySli | ClientAvailabilitySli | CustomSli;
export type SliKind = Sli['kind'];

export interface AlertingModel {
  /** Alert name shared by the page and the ticket rule (Sloth's habit; `sloth_severity` tells them apart). */
  name: string;
  /** Labels of the page alert, e.g. `severity: page` (the default). */
  pageLabels: Labels;
  /** Labels of the ticket alert, e.g. `severity: ticket` (the default). */
  ticketLabels: Labels;
  runbook?: string;
}

/**
 * How the period's budget is counted (OpenSLO's budgetingMethod, reference §4). `events`
 * (Occurrences): bad events / all events. `timeslices` (Timeslices): the period is cut into slices,
 * a slice is bad when its error ratio is above 1 − sliceObjective, and the objective is the share
 * of good slices; a slice without traffic is good (nothing failed in it). Burn-rate alerts read
 * events in both cases, as Sloth and Pyrra do: a fast burn is a fast burn.
 */
export type Budgeting = { method: 'events' } | { method: 'timeslices'; sliceMs: number; sliceObjective: number };

export interface Slo {
  /** `<service>-<name>`, Sloth's `sloth_id`. */
  id: string;
  service: string;
  name: string;
  description: string;
  /** Percent, strictly between 0 and 100 (e.g. 99.9). */
  objective: number;
  /** The budget period before time compression, in milliseconds (30d, 28d or 7d). */
  periodMs: number;
  budgeting: Budgeting;
  /** Events per second in normal operation, when declared (low-traffic guardrail, healthy backfill). */
  expectedRate?: number;
  sli: Sli;
  /** Extra labels on every series of this SLO (never `sloth_*`). */
  labels: Labels;
  alerting: AlertingModel;
}

export interface SloSet {
  name: string;
  description?: string;
  /** Time-compression factor K (1 = real time); the compiler may override it. */
  timeScale: number;
  slos: readonly Slo[];
}
