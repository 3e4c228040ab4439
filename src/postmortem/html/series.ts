import type { JournalEvent, LoadSampleEvent, SloSnapshotEvent } from '../../runner/journal/events.js';

/**
 * The per-second arrays the HTML report charts, extracted from a journal: pure (no clock, no I/O),
 * so it is tested exactly. Times are epoch seconds with milliseconds as fractions (uPlot's time
 * unit); values keep the journal's units (fractions, milliseconds), and the page decides how to show
 * them. Everything else the page shows — fault windows, alerts, the header's figures — comes from
 * the IncidentModel the draft is rendered from (charts.ts, header.ts), so the page and the draft
 * cannot disagree.
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

export interface ReportSeries {
  /** The journal's first event, or the first load bucket if that starts earlier. */
  start: number;
  /** The journal's last event, or the end of the last load bucket if that ends later. */
  end: number;
  load: LoadSeries;
  budgets: BudgetSeries;
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
