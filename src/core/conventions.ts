/**
 * Metric and label names, defined once (habit 12) and used by the proxy, the services, the SLO rules
 * and the dashboards alike. Names follow Prometheus conventions; series of Faultline's own are
 * prefixed `faultline_`, series that mirror Toxiproxy keep Toxiproxy's names so existing dashboards
 * built for `toxiproxy-server -proxy-metrics` keep working.
 */
export const ProxyMetricNames = {
  /** Toxiproxy's name; labels direction, listener, proxy, upstream. Faultline counts live, not only at close. */
  receivedBytes: 'toxiproxy_proxy_received_bytes_total',
  /** Toxiproxy's name; labels direction, listener, proxy, upstream. */
  sentBytes: 'toxiproxy_proxy_sent_bytes_total',
  connectionsAccepted: 'faultline_proxy_connections_total',
  connectionsActive: 'faultline_proxy_connections_active',
  upstreamConnectErrors: 'faultline_proxy_upstream_connect_errors_total',
  activeToxics: 'faultline_proxy_active_toxics',
  proxyEnabled: 'faultline_proxy_enabled',
  leasesActive: 'faultline_proxy_leases_active',
  leasesExpired: 'faultline_proxy_leases_expired_total',
} as const;

export const ProxyMetricLabels = {
  proxy: 'proxy',
  direction: 'direction',
  listener: 'listener',
  upstream: 'upstream',
  toxicType: 'type',
  /** upstream | downstream, on the active-toxics gauge. */
  stream: 'stream',
} as const;

/**
 * The system under test's HTTP metrics, following the OpenTelemetry HTTP semantic conventions
 * (names in seconds, `_duration_seconds` histograms), shared by services, SLO rules and dashboards.
 */
export const HttpMetricNames = {
  serverDuration: 'http_server_request_duration_seconds',
  clientDuration: 'http_client_request_duration_seconds',
} as const;

export const HttpMetricLabels = {
  service: 'service',
  method: 'method',
  route: 'route',
  statusCode: 'status_code',
  peer: 'peer',
  /** success | error | timeout | circuit_open | rejected */
  outcome: 'outcome',
} as const;

export const ClientOutcomes = ['success', 'error', 'timeout', 'circuit_open', 'rejected'] as const;
export type ClientOutcome = (typeof ClientOutcomes)[number];

/**
 * Histogram buckets in seconds. Every SLO latency threshold must be a bucket boundary, or the SLI
 * would be interpolated (the SLO loader refuses such a threshold); 0.3 s and 1 s are the shipped
 * SLOs' thresholds, the rest give a useful p99 from 5 ms to 10 s.
 */
export const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.25, 0.3, 0.5, 0.75, 1, 2.5, 5, 10] as const;

/** Resilience series of the services (Faultline's own, hence the prefix). Labels: service, peer. */
export const ResilienceMetricNames = {
  retries: 'faultline_client_retries_total',
  circuitState: 'faultline_client_circuit_state',
  circuitTransitions: 'faultline_client_circuit_transitions_total',
  bulkheadRejections: 'faultline_client_bulkhead_rejections_total',
  fallbacks: 'faultline_client_fallbacks_total',
  policyChanges: 'faultline_client_policy_changes_total',
} as const;

/** Business series of the shop services (Faultline's own). Labels: service. */
export const ShopMetricNames = {
  /** Payments actually charged; an idempotent replay must not move it (the double-charge check). */
  paymentCharges: 'faultline_payments_charges_total',
} as const;

export const ResilienceMetricLabels = {
  /** The breaker state on ResilienceMetricNames.circuitState (one of CircuitStates). */
  circuitState: 'state',
} as const;

/** Values of the `state` label of ResilienceMetricNames.circuitState. */
export const CircuitStates = ['closed', 'open', 'half_open'] as const;
export type CircuitStateName = (typeof CircuitStates)[number];

/**
 * Status codes an availability SLI counts as bad (a PromQL regex on `status_code`): the server's own
 * failures. 4xx are the caller's mistakes and spend no error budget.
 */
export const SERVER_ERROR_STATUS_PATTERN = '5..';

/**
 * The server errors the services answer with (500 unhandled; 502, 503, 504 for a failed dependency
 * call: services/shared/replies.ts). Every API route starts with these series at zero, as
 * Prometheus' instrumentation practice asks: rate() cannot count the first value of a series that
 * appears mid-window, so an outage's first errors would otherwise be missing from the rules' SLIs.
 */
export const SERVER_ERROR_STATUSES = ['500', '502', '503', '504'] as const;

/**
 * Recording-rule names of the SLO compiler. They are Sloth's (slok/sloth v0.16.0, see
 * reference/slo-and-error-budgets.md §2.3), so Sloth's Grafana dashboards work unchanged.
 * The SLI rule of window W is `sliErrorPrefix + W` (e.g. `slo:sli_error:ratio_rate5m`).
 */
export const SloRuleNames = {
  sliErrorPrefix: 'slo:sli_error:ratio_rate',
  objective: 'slo:objective:ratio',
  errorBudget: 'slo:error_budget:ratio',
  timePeriodDays: 'slo:time_period:days',
  currentBurnRate: 'slo:current_burn_rate:ratio',
  periodBurnRate: 'slo:period_burn_rate:ratio',
  periodBudgetRemaining: 'slo:period_error_budget_remaining:ratio',
  info: 'sloth_slo_info',
} as const;

/** Labels on every SLO series (Sloth's names, §2.3–2.4 of the reference). */
export const SloLabels = {
  id: 'sloth_id',
  service: 'sloth_service',
  slo: 'sloth_slo',
  window: 'sloth_window',
  severity: 'sloth_severity',
  objective: 'sloth_objective',
  mode: 'sloth_mode',
  spec: 'sloth_spec',
  version: 'sloth_version',
  /** Faultline's own: the time-compression factor K the rules were compiled with. */
  timeScale: 'faultline_time_scale',
} as const;

/**
 * The embedded SLI evaluator's series on the harness's /metrics (Faultline's own, hence the
 * prefix). They carry Sloth's SLO labels (SloLabels: sloth_id, sloth_service, sloth_slo, and
 * sloth_window or sloth_severity), so a dashboard can draw them beside the recording rules. A
 * window without traffic has no SLI and no burn rate: the series is absent, never NaN.
 */
export const SloMetricNames = {
  /** Error ratio of the SLI over each alert window and the period; label sloth_window. */
  sliErrorRatio: 'faultline_slo_sli_error_ratio',
  /** Error ratio ÷ error budget over each window; label sloth_window. */
  burnRate: 'faultline_slo_burn_rate',
  /** Events the SLI counted over each window; label sloth_window. */
  windowEvents: 'faultline_slo_window_events',
  objective: 'faultline_slo_objective_ratio',
  /** Share of the period's budget left (negative once overspent, as Sloth reports it). */
  budgetRemaining: 'faultline_slo_error_budget_remaining_ratio',
  budgetConsumed: 'faultline_slo_error_budget_consumed_ratio',
  /** 1 while the multi-window burn-rate alert of a severity would fire; label sloth_severity. */
  alertFiring: 'faultline_slo_alert_firing',
  /** Scrapes of the services' /metrics by the evaluator, by outcome (ok, error). */
  scrapes: 'faultline_slo_scrapes_total',
} as const;

/**
 * Prometheus scrape jobs of Faultline's own targets (each service's job is the service's name), and
 * where Alertmanager posts to the harness: shared by `faultline up --prometheus`, the compose stack's
 * configs and the dashboards that select by job.
 */
export const ScrapeJobNames = {
  proxy: 'faultline-proxy',
  harness: 'faultline-harness',
} as const;

export const HARNESS_WEBHOOK_PATH = '/alerts/webhook';
