import { RUN_PHASES, type JournalEventType } from './events.js';

/**
 * The shape of each event type as the reader checks it: required fields and their kinds, so a
 * malformed line is refused with the field's path and what was expected there. Fields a type does
 * not list are kept unchecked (a newer writer may add optional ones). Kept next to events.ts and
 * tested against the examples in docs/JOURNAL.md, so the two cannot drift apart silently.
 */

/** A field's expected kind: `expected` for messages, `walk` collects problems at and below `path`. */
interface Check {
  expected: string;
  walk(value: unknown, path: string, problems: ShapeProblem[]): void;
}
/** A field name ending in "?" is optional. */
type Shape = Record<string, Check>;

/** Problems are collected with their path below the event, e.g. `checks[1].observed`. */
export interface ShapeProblem {
  path: string;
  expected: string;
  found: unknown;
}

const leaf = (expected: string, fits: (value: unknown) => boolean): Check => ({
  expected,
  walk: (value, path, problems) => void (fits(value) || problems.push({ path, expected, found: value })),
});
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const str = leaf('a string', (v) => typeof v === 'string');
const bool = leaf('true or false', (v) => typeof v === 'boolean');
const num = leaf('a number', (v) => typeof v === 'number' && Number.isFinite(v));
const count = leaf('a whole number ≥ 0', (v) => Number.isInteger(v) && (v as number) >= 0);
const anything = leaf('a value', () => true);
const nullable = (inner: Check): Check => ({
  expected: `${inner.expected} or null`,
  walk: (value, path, problems) => {
    if (value === null) return;
    const own: ShapeProblem[] = [];
    inner.walk(value, path, own);
    for (const p of own) problems.push(p.path === path ? { ...p, expected: `${p.expected} or null` } : p);
  },
});
const oneOf = (...values: readonly string[]): Check => leaf(`one of ${values.map((x) => `"${x}"`).join(', ')}`, (v) => typeof v === 'string' && values.includes(v));

const obj = (shape: Shape): Check => ({ expected: 'an object', walk: (value, path, problems) => checkShape(shape, value, path, problems) });

const arrayOf = (item: Check): Check => ({
  expected: 'an array',
  walk: (value, path, problems) => {
    if (!Array.isArray(value)) return void problems.push({ path, expected: 'an array', found: value });
    value.forEach((element, index) => item.walk(element, `${path}[${index}]`, problems));
  },
});

const recordOf = (item: Check): Check => ({
  expected: 'an object',
  walk: (value, path, problems) => {
    if (!isObject(value)) return void problems.push({ path, expected: 'an object', found: value });
    for (const [key, element] of Object.entries(value)) item.walk(element, `${path}.${key}`, problems);
  },
});

function checkShape(shape: Shape, value: unknown, path: string, problems: ShapeProblem[]): void {
  if (!isObject(value)) return void problems.push({ path, expected: 'an object', found: value });
  for (const [key, check] of Object.entries(shape)) {
    const optional = key.endsWith('?');
    const name = optional ? key.slice(0, -1) : key;
    const at = path ? `${path}.${name}` : name;
    if (value[name] === undefined) {
      if (!optional) problems.push({ path: at, expected: check.expected, found: undefined });
    } else {
      check.walk(value[name], at, problems);
    }
  }
}

const TARGET = 'an object with "proxy" (and "stream" "upstream" or "downstream") or "service"';
const faultTarget = leaf(TARGET, (v) => {
  if (!isObject(v)) return false;
  if (typeof v.proxy === 'string') return v.stream === undefined || v.stream === 'upstream' || v.stream === 'downstream';
  return typeof v.service === 'string';
});

const stream = oneOf('upstream', 'downstream');
const fault: Shape = {
  faultId: str,
  kind: oneOf('toxic', 'outage', 'process', 'policy'),
  target: faultTarget,
  'toxic?': obj({ name: str, type: str, stream, toxicity: num, attributes: recordOf(anything) }),
  'action?': oneOf('kill', 'pause', 'restart'),
  'policy?': anything,
  plannedOffsetMs: num,
  'lease?': obj({ ttlMs: num, holder: str }),
  'auditEventId?': num,
  'error?': str,
};

export const EVENT_SHAPES: Readonly<Record<JournalEventType, Shape>> = {
  run_started: {
    formatVersion: count,
    experiment: obj({ file: str, title: str, document: anything }),
    topology: obj({
      name: str,
      services: arrayOf(obj({ name: str, address: str, public: bool, dependencies: arrayOf(str) })),
      proxies: arrayOf(obj({ name: str, caller: str, service: str, listen: str, 'upstream?': str })),
    }),
    slos: arrayOf(obj({ id: str, service: str, name: str, objective: num, period: str, timeScale: num, budgeting: oneOf('events', 'timeslices') })),
    versions: obj({ faultline: str, node: str }),
    seed: num,
    mode: oneOf('embedded', 'external'),
    toxiproxyUrl: str,
    'prometheusUrl?': str,
    'harnessUrl?': str,
    runDir: str,
    host: str,
  },
  phase: { phase: oneOf(...RUN_PHASES), status: oneOf('started', 'completed', 'failed', 'skipped'), 'detail?': str },
  fault_injected: fault,
  fault_removed: { ...fault, reason: oneOf('scheduled', 'rollback', 'abort', 'panic', 'lease-expired') },
  probe: { name: str, ok: bool, 'status?': num, 'latencyMs?': num, 'error?': str },
  hypothesis: {
    when: oneOf('before', 'during', 'after', 'recovery'),
    ok: bool,
    checks: arrayOf(obj({ name: str, kind: oneOf('error_ratio', 'latency', 'burn_rate', 'budget', 'probe'), 'slo?': str, 'window?': str, observed: nullable(num), tolerance: str, ok: bool })),
  },
  load_sample: { second: num, sent: count, ok: count, failed: count, byOutcome: recordOf(count), missed: count, p50Ms: nullable(num), p90Ms: nullable(num), p99Ms: nullable(num), maxMs: nullable(num) },
  slo_snapshot: {
    slos: arrayOf(obj({ id: str, errorRatioShort: nullable(num), burnRates: recordOf(nullable(num)), consumed: num, remaining: num, firing: obj({ page: bool, ticket: bool }) })),
  },
  alert: { status: oneOf('firing', 'resolved'), alertname: str, 'severity?': str, 'slo?': str, startsAt: str, 'endsAt?': str, source: oneOf('alertmanager', 'evaluator') },
  abort: { condition: str, reason: str, 'observed?': nullable(num) },
  rollback: { faultId: str, ok: bool, 'error?': str },
  note: { 'role?': str, text: str },
  verdict: { result: oneOf('held', 'deviated', 'aborted', 'error'), reasons: arrayOf(str), exitCode: leaf('an exit code 0–4', (v) => [0, 1, 2, 3, 4].includes(v as number)) },
  run_finished: { durationMs: num },
};

/** Every problem with one event's type-specific fields (empty when it fits). */
export function eventShapeProblems(type: JournalEventType, event: Record<string, unknown>): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  checkShape(EVENT_SHAPES[type], event, '', problems);
  return problems;
}
