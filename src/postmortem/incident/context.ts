import type { AbortEvent, HypothesisEvent, JournalEvent, NoteEvent, ProbeEvent, RollbackEvent, RunStartedEvent, SloSnapshotEvent, VerdictEvent } from '../../runner/journal/events.js';
import type { LoadSecond, Nominal } from './load.js';
import type { AlertFacts, ExperimentFacts, FaultDetection, FaultWindow, ImpactModel, PhaseMarker } from './model.js';

/**
 * Everything the builder computed before it writes sentences: the statement writers (narrative,
 * lessons, prompts, actions) read this and nothing else, so each stays a plain function of facts.
 */
export interface IncidentContext {
  events: readonly JournalEvent[];
  started: RunStartedEvent;
  experiment: ExperimentFacts;
  faults: FaultWindow[];
  seconds: LoadSecond[];
  nominal: Nominal;
  snapshots: SloSnapshotEvent[];
  hypotheses: HypothesisEvent[];
  probes: ProbeEvent[];
  aborts: AbortEvent[];
  rollbacks: RollbackEvent[];
  notes: NoteEvent[];
  verdict?: VerdictEvent;
  alerts: AlertFacts[];
  impact: ImpactModel;
  detection: FaultDetection[];
  markers: PhaseMarker[];
  holdMs: number;
  endMs: number;
  /** The shortest SLO alert window of the run, for rate() windows in queries ("4s"). */
  window: string;
  publicService?: string;
  /** Faults the experiment planned that the journal never saw injected (the run stopped first). */
  neverInjected: string[];
  /** The load ran long enough after the last removal to judge recovery (the exit criterion's hold, or it recovered). */
  recoveryObserved: boolean;
  loadStoppedBy?: string;
}

export function marker(context: IncidentContext, name: PhaseMarker['name']): PhaseMarker {
  return context.markers.find((m) => m.name === name) as PhaseMarker;
}

/** The call path from the public service to a service, through the topology's dependencies: ["gateway", "orders", "payments"]. */
export function callPath(started: RunStartedEvent, to: string): string[] | undefined {
  const services = new Map(started.topology.services.map((s) => [s.name, s]));
  const start = started.topology.services.find((s) => s.public);
  if (!start) return undefined;
  const queue: string[][] = [[start.name]];
  const seen = new Set([start.name]);
  while (queue.length > 0) {
    const path = queue.shift() as string[];
    const last = path[path.length - 1] as string;
    if (last === to) return path;
    for (const next of services.get(last)?.dependencies ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push([...path, next]);
    }
  }
  return undefined;
}

/** For a fault: who calls what. A proxy fault is "caller → service"; a service fault has the service and, for a policy, its peer. */
export function faultEdge(started: RunStartedEvent, fault: FaultWindow): { caller?: string; service: string } {
  const target = fault.target;
  if ('proxy' in target) {
    const proxy = started.topology.proxies.find((p) => p.name === target.proxy);
    return proxy ? { caller: proxy.caller, service: proxy.service } : { service: target.proxy };
  }
  if (fault.kind === 'policy' && target.peer) return { caller: target.service, service: target.peer };
  return { service: target.service };
}
