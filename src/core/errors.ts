/**
 * Errors are values with stable codes (fastify's habit): every failure Faultline reports carries a
 * `FAULTLINE_<AREA>_<WHAT>` code listed here and in docs/ERRORS.md. A test keeps the two in sync, so
 * a user who greps an error code always finds its explanation.
 */
export const ERROR_CODES = {
  FAULTLINE_CORE_BAD_DURATION: 'A duration string could not be parsed (expected e.g. "250ms", "5m", "1h30m").',
  FAULTLINE_CLI_BAD_OPTION: 'A command-line option has a value the command cannot use.',
  FAULTLINE_CLI_INPUT_UNREADABLE: 'A file named on the command line (a post-mortem to lint, a roster) could not be read.',
  FAULTLINE_CONFIG_READ: 'A configuration file could not be read.',
  FAULTLINE_CONFIG_INVALID: 'A configuration file is not valid: the message names the file, the path and what was expected.',
  FAULTLINE_CONFIG_UNSUPPORTED: 'A valid file (e.g. OpenSLO) uses a feature Faultline cannot represent: the message names the file, the path and why.',
  FAULTLINE_TOPOLOGY_ADDRESS_UNKNOWN: 'A service is declared with port 0 and no supervisor is running to say where it listens.',
  FAULTLINE_TOPOLOGY_UNREACHABLE: 'The Toxiproxy API named by the topology (or --toxiproxy-url) does not answer.',
  FAULTLINE_PROXY_BAD_REQUEST: 'A request to the proxy API had a malformed body or an invalid field (HTTP 400).',
  FAULTLINE_PROXY_NOT_FOUND: 'The named proxy does not exist (HTTP 404 `proxy not found`).',
  FAULTLINE_PROXY_EXISTS: 'A proxy with that name already exists (HTTP 409 `proxy already exists`).',
  FAULTLINE_PROXY_LISTEN: 'The proxy could not resolve or bind its listen address (HTTP 500, Go-style message).',
  FAULTLINE_TOXIC_NOT_FOUND: 'The named toxic does not exist on that proxy (HTTP 404 `toxic not found`).',
  FAULTLINE_TOXIC_EXISTS: 'A toxic with that name already exists on that proxy, on either stream (HTTP 409).',
  FAULTLINE_TOXIC_INVALID_TYPE: 'The toxic type is not one of the registered types (HTTP 400 `invalid toxic type`).',
  FAULTLINE_TOXIC_INVALID_STREAM: 'The stream is neither upstream nor downstream (HTTP 400).',
  FAULTLINE_TOXIC_BAD_ATTRIBUTES: 'A toxic attribute has the wrong type or an unusable value (HTTP 400).',
  FAULTLINE_LEASE_NOT_FOUND: 'There is no lease on that fault (HTTP 404).',
  FAULTLINE_LEASE_BAD_TTL: 'A lease TTL is missing, not positive, or above the maximum (HTTP 400).',
  FAULTLINE_SLO_WINDOWS: 'The SLO alert windows cannot be built: an unsupported period, or a time scale or scrape interval that leaves no room for them.',
  FAULTLINE_SLO_PROMTOOL_MISSING: '`faultline slo test` needs promtool (Debian/Ubuntu: apt-get install prometheus) and cannot find it.',
  FAULTLINE_PROMETHEUS_MISSING: 'The Prometheus stack needs prometheus, alertmanager and promtool (Debian/Ubuntu: apt-get install prometheus prometheus-alertmanager) and cannot find one of them.',
  FAULTLINE_PROMETHEUS_CONFIG: 'The Prometheus stack was given scrape jobs, rule files or intervals it cannot turn into a configuration.',
  FAULTLINE_PROMETHEUS_BACKFILL: '`promtool tsdb create-blocks-from openmetrics` failed to write the healthy baseline.',
  FAULTLINE_PROMETHEUS_START: 'Prometheus or Alertmanager exited or did not become ready in time; the message ends with its last log lines.',
  FAULTLINE_HARNESS_LISTEN: 'The standalone harness (`faultline harness`) cannot bind its API address.',
  FAULTLINE_HARNESS_UNREACHABLE: 'The harness API of a running system (`faultline up`) does not answer at the given address.',
  FAULTLINE_JOURNAL_OPEN: 'The experiment journal could not be created or opened for appending, or the file already holds another run.',
  FAULTLINE_JOURNAL_WRITE: 'An event could not be written or fsynced to the journal; recorded in the writer\'s health and the verdict, never thrown.',
  FAULTLINE_JOURNAL_READ: 'A journal file could not be read.',
  FAULTLINE_JOURNAL_INVALID: 'A journal file is malformed: the message names file:line and what was expected there.',
  FAULTLINE_LOAD_TARGET_NOT_LOOPBACK: 'The load generator was given a target outside 127.0.0.0/8, localhost or ::1; nothing was sent.',
  FAULTLINE_LOAD_BAD_OPTIONS: 'The load generator was given an unusable option: a schedule stage with a negative or non-finite rate or duration, an empty schedule, or a non-positive timeout, in-flight cap or connection count.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class FaultlineError extends Error {
  readonly code: ErrorCode;
  /** Extra machine-readable facts (file, path, status...) for `--json` output and API bodies. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'FaultlineError';
    this.code = code;
    this.details = details;
  }
}

export function isFaultlineError(value: unknown): value is FaultlineError {
  return value instanceof FaultlineError;
}
