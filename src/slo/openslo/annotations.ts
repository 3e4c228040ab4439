/**
 * Faultline's annotations on OpenSLO objects. OpenSLO says annotations carry implementation-specific
 * data (the `openslo.com/` prefix is reserved); these keep what OpenSLO v1 cannot say, so that an
 * exported file imports back to the same SLOs (docs/OPENSLO.md lists each one).
 */
const PREFIX = 'faultline.dev/';

export const Annotations = {
  /** SLO: the Faultline SLO set (file) it came from. */
  set: `${PREFIX}slo-set`,
  /** SLO (first of its set): the set's description. */
  setDescription: `${PREFIX}slo-set-description`,
  /** SLO (first of its set): the set's time-compression factor, when not 1. */
  timeScale: `${PREFIX}time-scale`,
  /** SLO: the Faultline SLO name, when `metadata.name` is not `<service>-<name>` (names OpenSLO cannot spell). */
  name: `${PREFIX}name`,
  /** SLO: the whole description, when it is longer than OpenSLO's 1050 characters. */
  description: `${PREFIX}description`,
  /** SLO: the objective in percent, when the target ratio cannot give it back exactly. */
  objective: `${PREFIX}objective`,
  /** SLO: the slice objective in percent, when timeSliceTarget cannot give it back exactly. */
  sliceObjective: `${PREFIX}slice-objective`,
  /** SLO: events per second in normal operation (`traffic.expectedRate`). */
  expectedRate: `${PREFIX}expected-rate`,
  /** SLO with a custom SLI: the original queries, `{{.window}}` and all. */
  errorQuery: `${PREFIX}error-query`,
  totalQuery: `${PREFIX}total-query`,
  /** SLO: the Prometheus alert name of its page and ticket rules. */
  alertName: `${PREFIX}alert-name`,
  /** SLO: labels of the page / ticket alert, as a JSON object. */
  pageLabels: `${PREFIX}page-labels`,
  ticketLabels: `${PREFIX}ticket-labels`,
  /** SLO: runbook URL (the alerts' runbook_url). */
  runbook: `${PREFIX}runbook`,
  /** AlertCondition: the Workbook pair's short window, which OpenSLO v1 has no field for. */
  shortWindow: `${PREFIX}short-window`,
} as const;

export const FAULTLINE_ANNOTATION_PREFIX = PREFIX;
