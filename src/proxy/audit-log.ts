import type { Clock } from '../core/clock.js';
import { EventLog, type EventPage, type LoggedEvent } from '../core/event-log.js';

export type AuditEventType =
  | 'proxy.created'
  | 'proxy.updated'
  | 'proxy.deleted'
  | 'toxic.added'
  | 'toxic.updated'
  | 'toxic.removed'
  | 'lease.set'
  | 'lease.released'
  | 'lease.expired'
  | 'reset';

export type AuditEvent = LoggedEvent<AuditEventType>;
export type AuditPage = EventPage<AuditEventType>;

/** The proxy's audit trail: every change to proxies, toxics and leases (GET /events). */
export class AuditLog extends EventLog<AuditEventType> {
  constructor(clock: Clock, capacity?: number) {
    super(clock, capacity);
  }
}
