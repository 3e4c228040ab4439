import type {
  AlertEvent,
  FaultKind,
  FaultTarget,
  JournalEvent,
  LoadSampleEvent,
  ProcessAction,
  RemovalReason,
  SloSnapshotEvent,
} from '../../runner/journal/events.js';

/**
 * What the HTML report charts, extracted from a journal: pure (no clock, no I/O), so it is tested
 * exactly. Times are epoch seconds with milliseconds as fractions (uPlot's time unit); values keep
 * the journal's units (fractions, milliseconds), and the page decides how to show them.
 */

export interface LoadSeries {
  /**
   * The middle of each one-second bucket. A `load_sample` counts what happened during the whole
   * second that starts at `second`; drawn at its start, a fault injected at .4 would seem to
   * raise errors before it happened.
   */
  x: number[];
  sent: number[];
  ok: number[];
  failed: number[];
  missed: number[];
  /** failed / (ok + failed), the journal's error ratio; null when nothing completed. */
  errorRatio: (number | null)[];
  p50Ms: (number | null)[];
  p99Ms: (number | null)[];
}

export interface BudgetSeries {
  /** When each `slo_snapshot` was recorded. */
  x: number[];
  /** Remaining share of the period's budget per SLO (below 0 once blown); null where a snapshot lacks the SLO. */
  slos: { id: string; remaining: (number | null)[] }[];
}

export interface FaultWindow {
  faultId: string;
  kind: FaultKind;
  target: FaultTarget;
  /** The toxic's type, for toxic faults. */
  toxicType?: string;
  action?: ProcessAction;
  /** When the injection was recorded. */
  start: number;
  /** When a removal without error was recorded, or the end of the journal when there was none. */
  end: number;
  /** Never removed (as far as the journal knows): the fault may still be in place. */
  open: boolean;
  /** Which route removed it. */
  removal?: RemovalReason;
  /** The injection failed (it may still have been applied, so the window is kept). */
  injectionError?: string;
}

export interface AlertWindow {
  alertname: string;
  severity?: string;
  slo?: string;
  source: AlertEvent['source'];
  /** The alert source's `startsAt`. */
  start: number;
  /** The resolving event's `endsAt` (else its time), or the end of the journal while still firing. */
  end: number;
  /** Still firing when the journal ends. */
  open: boolean;
}

export interface ReportSeries {
  /** The journal's first event, or the first load bucket if that starts earlier. */
  start: number;
  /** The journal's last event, or the end of the last load bucket if that ends later. */
  end: number;
  load: LoadSeries;
  budgets: BudgetSeries;
  faults: FaultWindow[];
  alerts: AlertWindow[];
}

/** Epoch seconds of an RFC 3339 time (NaN when unreadable). */
export function epochSeconds(time: string): number {
  return Date.parse(time) / 1000;
}

export function extractReportSeries(events: readonly JournalEvent[], sloOrder: readonly string[] = sloIdsDeclared(events)): ReportSeries {
  const load = loadSeries(events.filter((event): event is LoadSampleEvent => event.type === 'load_sample'));
  // A loop, not Math.min(...times): an hour-long journal has more events than a call has arguments.
  let start = load.x.length > 0 ? load.x[0]! - 0.5 : Number.POSITIVE_INFINITY;
  let end = load.x.length > 0 ? load.x[load.x.length - 1]! + 0.5 : Number.NEGATIVE_INFINITY;
  for (const event of events) {
    const time = epochSeconds(event.time);
    if (time < start) start = time;
    if (time > end) end = time;
  }
  return {
    start: Number.isFinite(start) ? start : 0,
    end: Number.isFinite(end) ? end : 0,
    load,
    budgets: budgetSeries(
      events.filter((event): event is SloSnapshotEvent => event.type === 'slo_snapshot'),
      sloOrder,
    ),
    faults: faultWindows(events, end),
    alerts: alertWindows(events, end),
  };
}

/** SLO ids in the order `run_started` declares them. */
function sloIdsDeclared(events: readonly JournalEvent[]): string[] {
  const started = events.find((event) => event.type === 'run_started');
  return started?.type === 'run_started' ? started.slos.map((slo) => slo.id) : [];
}

function loadSeries(samples: LoadSampleEvent[]): LoadSeries {
  const sorted = [...samples].sort((a, b) => a.second - b.second);
  return {
    x: sorted.map((sample) => sample.second + 0.5),
    sent: sorted.map((sample) => sample.sent),
    ok: sorted.map((sample) => sample.ok),
    failed: sorted.map((sample) => sample.failed),
    missed: sorted.map((sample) => sample.missed),
    errorRatio: sorted.map((sample) => (sample.ok + sample.failed > 0 ? sample.failed / (sample.ok + sample.failed) : null)),
    p50Ms: sorted.map((sample) => sample.p50Ms),
    p99Ms: sorted.map((sample) => sample.p99Ms),
  };
}

/** One line per SLO: the declared ones first (in order), then any other a snapshot names. */
function budgetSeries(snapshots: SloSnapshotEvent[], sloOrder: readonly string[]): BudgetSeries {
  const ids = [...sloOrder];
  for (const snapshot of snapshots) for (const entry of snapshot.slos) if (!ids.includes(entry.id)) ids.push(entry.id);
  const seen = new Set(snapshots.flatMap((snapshot) => snapshot.slos.map((entry) => entry.id)));
  return {
    x: snapshots.map((snapshot) => epochSeconds(snapshot.time)),
    slos: ids
      .filter((id) => seen.has(id))
      .map((id) => ({ id, remaining: snapshots.map((snapshot) => snapshot.slos.find((entry) => entry.id === id)?.remaining ?? null) })),
  };
}

/**
 * Pairs each injection with the first removal of the same `faultId` that has no `error` (a failed
 * removal leaves the fault in place: docs/JOURNAL.md). A fault never removed stays open to `end`.
 */
function faultWindows(events: readonly JournalEvent[], end: number): FaultWindow[] {
  const windows: FaultWindow[] = [];
  const open = new Map<string, FaultWindow>();
  for (const event of events) {
    if (event.type === 'fault_injected') {
      const window: FaultWindow = { faultId: event.faultId, kind: event.kind, target: event.target, start: epochSeconds(event.time), end, open: true };
      if (event.toxic) window.toxicType = event.toxic.type;
      if (event.action) window.action = event.action;
      if (event.error !== undefined) window.injectionError = event.error;
      windows.push(window);
      open.set(event.faultId, window);
    } else if (event.type === 'fault_removed' && event.error === undefined) {
      const window = open.get(event.faultId);
      if (!window) continue;
      window.end = epochSeconds(event.time);
      window.open = false;
      window.removal = event.reason;
      open.delete(event.faultId);
    }
  }
  return windows;
}

/**
 * One window per firing: an alert is named by its name, SLO and severity. Alertmanager re-sends a
 * firing alert, so a firing event for an alert already firing changes nothing; a resolved event
 * without a firing one before it (the alert started before the journal) still gets its window.
 */
function alertWindows(events: readonly JournalEvent[], end: number): AlertWindow[] {
  const windows: AlertWindow[] = [];
  const firing = new Map<string, AlertWindow>();
  for (const event of events) {
    if (event.type !== 'alert') continue;
    const key = JSON.stringify([event.alertname, event.slo ?? null, event.severity ?? null]);
    const startsAt = epochSeconds(event.startsAt);
    const start = Number.isFinite(startsAt) ? startsAt : epochSeconds(event.time);
    if (event.status === 'firing') {
      if (firing.has(key)) continue;
      const window = alertWindow(event, start, end, true);
      windows.push(window);
      firing.set(key, window);
    } else {
      const endsAt = event.endsAt === undefined ? Number.NaN : epochSeconds(event.endsAt);
      const resolvedAt = Number.isFinite(endsAt) ? endsAt : epochSeconds(event.time);
      const window = firing.get(key);
      if (window) {
        window.end = resolvedAt;
        window.open = false;
        firing.delete(key);
      } else {
        windows.push(alertWindow(event, start, resolvedAt, false));
      }
    }
  }
  return windows;
}

function alertWindow(event: AlertEvent, start: number, end: number, open: boolean): AlertWindow {
  const window: AlertWindow = { alertname: event.alertname, source: event.source, start, end, open };
  if (event.severity !== undefined) window.severity = event.severity;
  if (event.slo !== undefined) window.slo = event.slo;
  return window;
}
