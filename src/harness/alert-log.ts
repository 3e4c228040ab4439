import type { Clock } from '../core/clock.js';
import { SloLabels as SL } from '../core/conventions.js';
import { EventLog, type EventPage } from '../core/event-log.js';

/**
 * Every alert Alertmanager delivers to the harness's webhook, as a timeline of transitions: an
 * alert firing and resolving, each recorded once (Alertmanager re-sends a group on every
 * group_interval and repeat_interval). Post-mortem timelines and detection times read it.
 */

export type AlertEventType = 'alert_firing' | 'alert_resolved';

export interface AlertDetail {
  alertname: string;
  /** Sloth's `sloth_severity` (page or ticket) when the alert is an SLO's, else the `severity` label. */
  severity?: string;
  slo?: string;
  /** When Prometheus says the alert started (and, once resolved, ended), RFC 3339. */
  startsAt: string;
  endsAt?: string;
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** The fields of Alertmanager's webhook payload (version 4) the harness reads. */
interface WebhookAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt: string;
  endsAt?: string;
  fingerprint?: string;
}

export class AlertLog {
  readonly events: EventLog<AlertEventType>;
  /** Last status recorded per alert (fingerprint and start), so repeats are not recorded again. */
  readonly #seen = new Map<string, WebhookAlert['status']>();

  constructor(clock: Clock) {
    this.events = new EventLog<AlertEventType>(clock);
  }

  /**
   * Record one webhook delivery; returns how many transitions were new. Throws a TypeError naming
   * the field when the body is not an Alertmanager payload (the route answers 400 with it).
   */
  receive(body: unknown): number {
    const alerts = webhookAlerts(body);
    let recorded = 0;
    for (const alert of alerts) {
      const fingerprint = alert.fingerprint ?? JSON.stringify(Object.entries(alert.labels).sort());
      const key = `${fingerprint}@${alert.startsAt}`;
      if (this.#seen.get(key) === alert.status) continue;
      this.#seen.set(key, alert.status);
      const severity = alert.labels[SL.severity] ?? alert.labels.severity;
      const slo = alert.labels[SL.id];
      const detail: AlertDetail = {
        alertname: alert.labels.alertname ?? '',
        ...(severity ? { severity } : {}),
        ...(slo ? { slo } : {}),
        startsAt: alert.startsAt,
        ...(alert.status === 'resolved' && alert.endsAt ? { endsAt: alert.endsAt } : {}),
        fingerprint,
        labels: alert.labels,
        annotations: alert.annotations ?? {},
      };
      this.events.record(alert.status === 'firing' ? 'alert_firing' : 'alert_resolved', { detail: { ...detail } });
      recorded += 1;
    }
    return recorded;
  }

  since(cursor: number, limit?: number): EventPage<AlertEventType> {
    return this.events.since(cursor, limit);
  }
}

function webhookAlerts(body: unknown): WebhookAlert[] {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { alerts?: unknown }).alerts)) {
    throw new TypeError('expected an Alertmanager webhook payload: an object with an "alerts" array');
  }
  return (body as { alerts: unknown[] }).alerts.map((alert, index) => {
    const a = alert as Partial<WebhookAlert>;
    const where = `alerts[${index}]`;
    if (a.status !== 'firing' && a.status !== 'resolved') throw new TypeError(`${where}.status must be "firing" or "resolved"`);
    if (typeof a.labels !== 'object' || a.labels === null) throw new TypeError(`${where}.labels must be an object of strings`);
    if (typeof a.startsAt !== 'string') throw new TypeError(`${where}.startsAt must be an RFC 3339 time`);
    return a as WebhookAlert;
  });
}
