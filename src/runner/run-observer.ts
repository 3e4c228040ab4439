import type { Clock } from '../core/clock.js';
import type { AlertLog } from '../harness/alert-log.js';
import type { SecondBucket } from '../load/recorder.js';
import type { SloEvaluator, SloStatus } from '../slo/evaluator/evaluator.js';
import { promDuration } from '../slo/windows.js';
import type { ExperimentPlan } from './experiment/plan.js';
import type { FaultController } from './faults.js';
import type { JournalWriter } from './journal/writer.js';
import type { RequestWindow } from './request-window.js';
import type { RunReporter } from './reporter.js';

/**
 * What the run sees each second, into the journal and onto the screen: the load's per-second
 * samples, an SLI/budget snapshot of every SLO, burn-rate alerts as the evaluator sees them fire and
 * resolve, and the alerts Alertmanager delivered to the harness. An observer never breaks a run:
 * whatever it throws is swallowed (DESIGN habit 6).
 */
export class RunObserver {
  /** When each evaluator alert started firing (absent while it is quiet). */
  readonly #firingSince = new Map<string, string>();
  #alertCursor = 0;

  constructor(
    private readonly options: {
      journal: JournalWriter;
      evaluator: SloEvaluator;
      alerts: AlertLog | undefined;
      clock: Clock;
      report: RunReporter;
      requests: RequestWindow;
      plan: ExperimentPlan;
      controller: FaultController;
    },
  ) {}

  loadSecond(bucket: SecondBucket): void {
    safely(() => {
      const byOutcome = Object.fromEntries(Object.entries(bucket.outcomes).filter(([, count]) => count > 0));
      this.options.journal.append({
        type: 'load_sample',
        second: Math.floor(bucket.startEpochMs / 1000),
        sent: bucket.sent,
        ok: bucket.sent - bucket.failed - (bucket.outcomes.cancelled ?? 0),
        failed: bucket.failed,
        byOutcome,
        missed: bucket.missed,
        p50Ms: bucket.latencyMs?.p50 ?? null,
        p90Ms: bucket.latencyMs?.p90 ?? null,
        p99Ms: bucket.latencyMs?.p99 ?? null,
        maxMs: bucket.latencyMs?.max ?? null,
      });
    });
  }

  /** Once a second during the run; the evaluator is asked once, for the snapshot and the progress line both. */
  second(nowMs: number, elapsedMs: number): void {
    const statuses = this.#statuses(nowMs);
    safely(() => this.#snapshot(nowMs, statuses));
    safely(() => this.#forwardAlerts());
    safely(() => this.#progress(nowMs, elapsedMs, statuses));
  }

  /** A last snapshot and alert sweep as the run ends. */
  close(nowMs: number): void {
    const statuses = this.#statuses(nowMs);
    safely(() => this.#snapshot(nowMs, statuses));
    safely(() => this.#forwardAlerts());
  }

  /** Every SLO's status now; undefined when the evaluator throws, and then neither the snapshot nor the progress line is written (as when each asked and it threw). */
  #statuses(nowMs: number): SloStatus[] | undefined {
    try {
      return this.options.evaluator.status(nowMs);
    } catch {
      return undefined;
    }
  }

  #snapshot(nowMs: number, all: SloStatus[] | undefined): void {
    if (!all) return;
    const statuses = all.filter((s) => s.budget);
    this.options.journal.append({
      type: 'slo_snapshot',
      slos: statuses.map((status) => {
        const budget = status.budget as NonNullable<typeof status.budget>;
        return {
          id: status.id,
          errorRatioShort: budget.windows[0]?.ratio ?? null,
          burnRates: Object.fromEntries(budget.windows.map((w) => [promDuration(w.windowMs), w.burnRate ?? null])),
          consumed: budget.consumed,
          remaining: budget.remaining,
          firing: { ...budget.firing },
        };
      }),
    });
    // The evaluator's own view of the burn-rate alerts: a transition is an alert event.
    for (const status of statuses) {
      for (const severity of ['page', 'ticket'] as const) {
        const key = `${status.id}/${severity}`;
        const firing = status.budget?.firing[severity] ?? false;
        const since = this.#firingSince.get(key);
        if ((since !== undefined) === firing) continue;
        const at = new Date(nowMs).toISOString();
        if (firing) this.#firingSince.set(key, at);
        else this.#firingSince.delete(key);
        // A resolution carries its firing's start, as Alertmanager's does, so the two pair up.
        this.options.journal.append({ type: 'alert', status: firing ? 'firing' : 'resolved', alertname: `${status.id} ${severity}`, severity, slo: status.id, startsAt: since ?? at, ...(firing ? {} : { endsAt: at }), source: 'evaluator' });
        this.options.report.line(`${severity} ${firing ? 'FIRING' : 'resolved'} for ${status.id} (evaluator)`);
      }
    }
  }

  #forwardAlerts(): void {
    const alerts = this.options.alerts;
    if (!alerts) return;
    const page = alerts.since(this.#alertCursor);
    this.#alertCursor = page.next;
    for (const event of page.events) {
      const detail = event.detail as { alertname: string; severity?: string; slo?: string; startsAt: string; endsAt?: string };
      const status = event.type === 'alert_firing' ? 'firing' : 'resolved';
      this.options.journal.append({
        type: 'alert',
        status,
        alertname: detail.alertname,
        ...(detail.severity ? { severity: detail.severity } : {}),
        ...(detail.slo ? { slo: detail.slo } : {}),
        startsAt: detail.startsAt,
        ...(detail.endsAt ? { endsAt: detail.endsAt } : {}),
        source: 'alertmanager',
      });
      this.options.report.line(`${detail.severity ?? 'alert'} ${status} for ${detail.slo ?? detail.alertname} (Alertmanager)`);
    }
  }

  #progress(nowMs: number, elapsedMs: number, statuses: SloStatus[] | undefined): void {
    const { report, requests, plan, controller } = this.options;
    if (!report.progress || !statuses) return;
    const window = requests.errorRatio([], 5000, nowMs);
    const phase = [...plan.phases].reverse().find((p) => p.startMs <= elapsedMs)?.name ?? 'preflight';
    report.progress({
      phase,
      elapsedMs,
      totalMs: plan.totalMs,
      requestsPerSecond: (window.total + window.missed) / 5,
      errorRatio: window.ratio,
      p99Ms: requests.latencyPercentile(99, [], 5000, nowMs),
      budgetBurned: statuses.flatMap((s) => (s.budget ? [{ slo: s.id, consumed: s.budget.consumed }] : [])),
      activeFaults: controller.active().map((f) => f.faultId),
    });
  }
}

function safely(work: () => void): void {
  try {
    work();
  } catch {
    // Observers never break a run.
  }
}
