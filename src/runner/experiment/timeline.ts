import type { Fault } from './model.js';

/**
 * When each fault acts, relative to the start of the fault phase. Shared by the loader (overlaps,
 * faults outliving the load) and the plan, so both read one definition.
 */
export interface FaultWindow {
  fault: Fault;
  index: number;
  startMs: number;
  /** Equal to startMs for an instantaneous fault (a restart). */
  endMs: number;
  /** A kill without a duration: the service stays down until the rollback. */
  untilRollback: boolean;
}

/** The end of the fault phase: when the last fault with an end of its own is over. */
export function faultPhaseLengthMs(method: readonly Fault[]): number {
  return method.reduce((latest, fault) => Math.max(latest, fault.atMs + (fault.durationMs ?? 0)), 0);
}

export function faultWindows(method: readonly Fault[]): FaultWindow[] {
  const phaseMs = faultPhaseLengthMs(method);
  return method.map((fault, index) => {
    const untilRollback = fault.kind === 'process' && fault.action === 'kill' && fault.durationMs === undefined;
    const endMs = untilRollback ? Math.max(fault.atMs, phaseMs) : fault.atMs + (fault.durationMs ?? 0);
    return { fault, index, startMs: fault.atMs, endMs, untilRollback };
  });
}

/**
 * Faults that cannot share time: toxics of one type on one stream of one proxy (their effects add up
 * silently, and clients that use Toxiproxy's default name `<type>_<stream>` cannot create the second),
 * two outages of one proxy, two process faults on one service, two policies for one call.
 */
export function collisionKey(fault: Fault): string {
  return `${fault.kind} ${collisionTarget(fault)}`;
}

/** What two colliding faults share, in words: `orders_payments downstream latency`. */
export function collisionTarget(fault: Fault): string {
  switch (fault.kind) {
    case 'toxic':
      return `${fault.proxy} ${fault.stream} ${fault.type}`;
    case 'outage':
      return fault.proxy;
    case 'process':
      return fault.service;
    case 'policy':
      return `${fault.service} → ${fault.peer}`;
  }
}

/** Half-open windows [start, end); an instantaneous fault collides with a window it falls in, or with another at the same instant. */
export function overlap(a: FaultWindow, b: FaultWindow): boolean {
  const aPoint = a.startMs === a.endMs;
  const bPoint = b.startMs === b.endMs;
  if (aPoint && bPoint) return a.startMs === b.startMs;
  if (aPoint) return b.startMs <= a.startMs && a.startMs < b.endMs;
  if (bPoint) return a.startMs <= b.startMs && b.startMs < a.endMs;
  return Math.max(a.startMs, b.startMs) < Math.min(a.endMs, b.endMs);
}
