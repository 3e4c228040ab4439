import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { AlertLog } from '../../../src/harness/alert-log.js';

const page = (status: 'firing' | 'resolved', endsAt = '0001-01-01T00:00:00Z') => ({
  status,
  labels: { alertname: 'GatewayBrowseAvailabilityBudgetBurn', sloth_id: 'gateway-browse-availability', sloth_severity: 'page', severity: 'page' },
  annotations: { summary: 'burning' },
  startsAt: '2026-01-01T00:00:05Z',
  endsAt,
  fingerprint: 'a1b2',
});
const delivery = (...alerts: unknown[]) => ({ version: '4', status: 'firing', receiver: 'faultline', alerts });

describe('the alert log behind the harness webhook', () => {
  it('records a page firing and resolving once each, however often Alertmanager repeats it', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const log = new AlertLog(clock);
    clock.advance(6000);
    expect(log.receive(delivery(page('firing')))).toBe(1);
    clock.advance(1000);
    expect(log.receive(delivery(page('firing')))).toBe(0);
    clock.advance(3000);
    expect(log.receive(delivery(page('resolved', '2026-01-01T00:00:09Z')))).toBe(1);
    const { events } = log.since(0);
    expect(events.map((e) => [e.time, e.type])).toEqual([
      ['2026-01-01T00:00:06.000Z', 'alert_firing'],
      ['2026-01-01T00:00:10.000Z', 'alert_resolved'],
    ]);
    expect(events[0]?.detail).toMatchObject({ alertname: 'GatewayBrowseAvailabilityBudgetBurn', severity: 'page', slo: 'gateway-browse-availability', startsAt: '2026-01-01T00:00:05Z', fingerprint: 'a1b2' });
    expect(events[0]?.detail).not.toHaveProperty('endsAt');
    expect(events[1]?.detail).toMatchObject({ endsAt: '2026-01-01T00:00:09Z' });
  });

  it('records a second incident of the same alert (a new start) as new', () => {
    const log = new AlertLog(new ManualClock());
    log.receive(delivery(page('firing'), { ...page('firing'), startsAt: '2026-01-01T00:10:00Z' }));
    expect(log.since(0).events).toHaveLength(2);
  });

  it.each([
    [null, /an object with an "alerts" array/],
    [{ alerts: [{ status: 'pending', labels: {}, startsAt: 'x' }] }, /^alerts\[0\]\.status must be "firing" or "resolved"$/],
    [{ alerts: [{ status: 'firing', startsAt: 'x' }] }, /^alerts\[0\]\.labels must be an object/],
    [{ alerts: [{ status: 'firing', labels: {} }] }, /^alerts\[0\]\.startsAt must be an RFC 3339 time$/],
  ])('refuses a body that is not a webhook payload (%j), naming the field', (body, message) => {
    expect(() => new AlertLog(new ManualClock()).receive(body)).toThrow(message);
  });
});
