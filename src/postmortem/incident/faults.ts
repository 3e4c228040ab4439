import type { JournalEvent } from '../../runner/journal/events.js';
import { describeFault } from '../../runner/journal/format.js';
import type { FaultWindow } from './model.js';

/**
 * Each fault's window, from its injection to its first successful removal (docs/JOURNAL.md: a
 * removal with `error` leaves the fault in place). A fault without one has no `removedAt`: it may
 * still be in place, and the post-mortem says so first.
 */
export function faultWindows(events: readonly JournalEvent[]): FaultWindow[] {
  const faults: FaultWindow[] = [];
  for (const event of events) {
    if (event.type === 'fault_injected') {
      const fault: FaultWindow = { faultId: event.faultId, kind: event.kind, target: event.target, description: describeFault(event), injectedAt: event.time, injectLine: event.seq, removeErrors: [] };
      if (event.toxic) fault.toxic = event.toxic;
      if (event.action) fault.action = event.action;
      if (event.policy !== undefined) fault.policy = event.policy;
      if (event.error !== undefined) fault.injectError = event.error;
      faults.push(fault);
    } else if (event.type === 'fault_removed') {
      const open = faults.findLast((f) => f.faultId === event.faultId && f.removedAt === undefined);
      if (!open) continue;
      if (event.error !== undefined) {
        open.removeErrors.push(event.error);
        continue;
      }
      Object.assign(open, { removedAt: event.time, removeLine: event.seq, removal: event.reason, durationMs: Date.parse(event.time) - Date.parse(open.injectedAt) });
    }
  }
  return faults;
}

/** [from, to] of a fault in epoch ms; a fault never removed lasts until `endMs`. */
export function faultSpan(fault: FaultWindow, endMs: number): { from: number; to: number } {
  return { from: Date.parse(fault.injectedAt), to: fault.removedAt ? Date.parse(fault.removedAt) : endMs };
}

/** "proxy orders_payments" / "service payments": what the fault hit. */
export function targetName(fault: Pick<FaultWindow, 'target'>): string {
  return 'proxy' in fault.target ? `proxy ${fault.target.proxy}` : `service ${fault.target.service}`;
}
