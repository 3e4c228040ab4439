import { parseDuration } from '../../core/durations.js';
import { FaultlineError } from '../../core/errors.js';
import type { AbortEvent, HypothesisEvent, JournalEvent, LoadSampleEvent, NoteEvent, ProbeEvent, RollbackEvent, SloSnapshotEvent, VerdictEvent } from '../../runner/journal/events.js';
import { elapsed } from '../format.js';
import { actionItems } from './actions.js';
import { collectAlerts } from './alerts.js';
import { budgetImpacts, sloSeries } from './budget.js';
import type { IncidentContext } from './context.js';
import { experimentFacts } from './experiment-facts.js';
import { faultSpan, faultWindows } from './faults.js';
import { lucky, wentWell, wentWrong } from './lessons.js';
import { countLoad, nominalLevel, placeSamples, touches, type LoadSecond } from './load.js';
import { detectFaults, phaseMarkers } from './markers.js';
import type { ImpactModel, IncidentModel, PhaseMarker } from './model.js';
import { contributingFactors, resolution, summary, trigger } from './narrative.js';
import { reviewQuestions } from './questions.js';
import { buildTimeline } from './timeline.js';

export interface BuildOptions {
  /** The journal's path as the draft shows it (default "journal.jsonl"). */
  journalFile?: string;
  /** Where evidence links point, relative to the post-mortem (default: `journalFile`). */
  journalLink?: string;
  /** "Slow" means answered later than this; default: the tightest latency check of the experiment. */
  slowThresholdMs?: number;
}

/** Rate windows when the journal has no SLO snapshot to take the run's shortest alert window from. */
const DEFAULT_WINDOW = '5m';

/**
 * Journal events (as `readJournal` returns them) → the incident model. Pure: no clock, no fs; every
 * time comes from the journal, so the same journal always gives the same draft.
 */
export function buildIncident(events: readonly JournalEvent[], options: BuildOptions = {}): IncidentModel {
  const started = events[0];
  if (started?.type !== 'run_started') {
    throw new FaultlineError('FAULTLINE_JOURNAL_INVALID', `${options.journalFile ?? 'the journal'} holds no run: a journal starts with a run_started event`, { file: options.journalFile });
  }
  const journalFile = options.journalFile ?? 'journal.jsonl';
  const experiment = experimentFacts(started);
  const faults = faultWindows(events);
  const last = events[events.length - 1] as JournalEvent;
  const endMs = Date.parse(last.time);
  const of = <T extends JournalEvent['type']>(type: T) => events.filter((e): e is Extract<JournalEvent, { type: T }> => e.type === type);

  const loadStart = events.find((e) => e.type === 'phase' && e.phase === 'baseline' && e.status === 'started');
  const seconds = placeSamples(of('load_sample') as LoadSampleEvent[], loadStart ? Date.parse(loadStart.time) : undefined, experiment.requestTimeoutMs);
  const slowThresholdMs = options.slowThresholdMs ?? experiment.latencyCheck?.maxMs;
  const slowThresholdSource = options.slowThresholdMs !== undefined ? 'given on the command line' : experiment.latencyCheck ? `the threshold of the check "${experiment.latencyCheck.name}"` : undefined;
  const spans = faults.map((f) => faultSpan(f, endMs));
  const firstFaultMs = spans.length > 0 ? Math.min(...spans.map((s) => s.from)) : undefined;
  const nominal = nominalLevel(seconds, firstFaultMs, slowThresholdMs);

  const snapshots = of('slo_snapshot') as SloSnapshotEvent[];
  const series = sloSeries(snapshots);
  const budgets = budgetImpacts(snapshots, faults, endMs, started.slos, series);
  const window = shortestWindow(budgets.map((b) => b.shortWindow)) ?? DEFAULT_WINDOW;
  const { source: alertSource, alerts } = collectAlerts(of('alert'), snapshots, started.slos);

  const touched = (s: (typeof seconds)[number]) => spans.some((w) => touches(s, w.from, w.to));
  const impact: ImpactModel = {
    total: countLoad(seconds, slowThresholdMs),
    perFault: faults.map((f, i) => ({ faultId: f.faultId, counts: countLoad(seconds.filter((s) => touches(s, (spans[i] as { from: number }).from, (spans[i] as { to: number }).to)), slowThresholdMs) })),
    duringFaults: countLoad(seconds.filter(touched), slowThresholdMs),
    outside: countLoad(seconds.filter((s) => !touched(s)), slowThresholdMs),
    budgets,
    nominal,
    ...(slowThresholdMs !== undefined ? { slowThresholdMs } : {}),
    ...(slowThresholdSource ? { slowThresholdSource } : {}),
  };

  const aborts = of('abort') as AbortEvent[];
  const complete = last.type === 'run_finished';
  const holdMs = Math.max(1000, experiment.recoveryWithinMs);
  const loadStoppedBy = aborts.length > 0 ? 'the abort stopped the load with the run' : !complete ? 'the journal ends before run_finished' : undefined;
  const publicService = started.topology.services.find((s) => s.public)?.name;
  const markerInputs = { seconds, nominal, faults, sloSeries: series, alerts, holdMs, endMs, publicService, window, ...(loadStoppedBy ? { loadStoppedBy } : {}) };
  const markers = phaseMarkers(markerInputs);
  const detection = detectFaults(markerInputs);
  const verdict = events.findLast((e): e is VerdictEvent => e.type === 'verdict');
  const notes = of('note') as NoteEvent[];
  const injected = new Set(faults.map((f) => f.faultId));

  const context: IncidentContext = {
    events,
    started,
    experiment,
    faults,
    seconds,
    nominal,
    snapshots,
    hypotheses: of('hypothesis') as HypothesisEvent[],
    probes: of('probe') as ProbeEvent[],
    aborts,
    rollbacks: of('rollback') as RollbackEvent[],
    notes,
    ...(verdict ? { verdict } : {}),
    alerts,
    impact,
    detection,
    markers,
    holdMs,
    endMs,
    window,
    ...(publicService ? { publicService } : {}),
    neverInjected: aborts.length > 0 || !complete ? experiment.methodNames.filter((name) => !injected.has(name)) : [],
    recoveryObserved: recoveryObserved(markers, seconds, holdMs),
    ...(loadStoppedBy ? { loadStoppedBy } : {}),
  };

  return {
    title: experiment.title,
    status: `Draft generated from ${journalFile}: facts prefilled from the journal, prompts open for the review, action items proposed and not yet agreed`,
    summary: summary(context),
    experiment,
    run: {
      journalFile,
      journalLink: options.journalLink ?? journalFile,
      complete,
      seed: started.seed,
      mode: started.mode,
      host: started.host,
      versions: started.versions,
      startedAt: started.time,
      endedAt: last.time,
      durationMs: last.type === 'run_finished' ? last.durationMs : endMs - Date.parse(started.time),
      runDir: started.runDir,
      alertSource,
      ...(publicService ? { publicService } : {}),
      ...(verdict ? { verdict: { result: verdict.result, reasons: verdict.reasons, exitCode: verdict.exitCode, line: verdict.seq } } : {}),
      aborts: aborts.map((a) => ({ at: a.time, condition: a.condition, reason: a.reason, line: a.seq })),
      roles: [...new Set(notes.map((n) => n.role).filter((r): r is string => r !== undefined))],
    },
    faults,
    impact,
    alerts,
    detection,
    exitCriterion: { holdMs, source: exitSource(experiment.recoveryWithinMs, experiment.speed) },
    markers,
    timeline: buildTimeline({ events, started, faults, alerts, budgets, markers, window }),
    trigger: trigger(context),
    contributingFactors: contributingFactors(context),
    resolution: resolution(context),
    wentWell: wentWell(context),
    wentWrong: wentWrong(context),
    lucky: lucky(context),
    questions: reviewQuestions(context),
    actionItems: actionItems(context),
    notes: notes.map((n) => ({ at: n.time, ...(n.role !== undefined ? { role: n.role } : {}), text: n.text, line: n.seq })),
  };
}

/** Recovery can be judged when it happened, or when the load went on for the hold time after the last removal. */
function recoveryObserved(markers: readonly PhaseMarker[], seconds: readonly LoadSecond[], holdMs: number): boolean {
  if (markers.find((m) => m.name === 'OUTAGE ENDS')?.at) return true;
  const mitigated = markers.find((m) => m.name === 'OUTAGE MITIGATED')?.at;
  const last = seconds[seconds.length - 1];
  return mitigated !== undefined && last !== undefined && last.endMs - Date.parse(mitigated) >= holdMs;
}

function exitSource(recoveryMs: number, speed: number): string {
  const base = `the experiment's recovery.within${speed !== 1 ? `, divided by the run's speed-up of ${speed}` : ''}`;
  return recoveryMs < 1000 ? `${base} (${elapsed(recoveryMs)}), raised to one load sample (1 s)` : base;
}

function shortestWindow(windows: ReadonlyArray<string | undefined>): string | undefined {
  let best: { text: string; ms: number } | undefined;
  for (const text of windows) {
    if (text === undefined) continue;
    try {
      const ms = parseDuration(text);
      if (!best || ms < best.ms) best = { text, ms };
    } catch {
      // a window name the parser does not know is skipped
    }
  }
  return best?.text;
}
