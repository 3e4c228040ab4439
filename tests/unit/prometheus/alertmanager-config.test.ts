import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SloLabels } from '../../../src/core/conventions.js';
import { notificationTimings, renderAlertmanagerConfig, sloInhibitRules } from '../../../src/prometheus/alertmanager-config.js';

describe('alertmanager.yml', () => {
  const text = renderAlertmanagerConfig({ webhookUrl: 'http://127.0.0.1:8475/alerts', timeScale: 60 });
  const config = parse(text);

  it('routes every alert, each in a group of its own, to the one webhook', () => {
    expect(config.route).toEqual({ receiver: 'faultline-webhook', group_by: ['...'], group_wait: '500ms', group_interval: '5s', repeat_interval: '4m' });
    expect(config.receivers).toEqual([{ name: 'faultline-webhook', webhook_configs: [{ url: 'http://127.0.0.1:8475/alerts', send_resolved: true }] }]);
  });

  it('holds back the ticket of an SLO while its page fires', () => {
    expect(config.inhibit_rules).toEqual([{ source_matchers: ['sloth_severity="page"'], target_matchers: ['sloth_severity="ticket"'], equal: ['alertname', 'sloth_id'] }]);
    // The names are the rule compiler's constants, not retyped strings.
    expect(sloInhibitRules()[0]?.equal).toContain(SloLabels.id);
    expect(sloInhibitRules()[0]?.source_matchers[0]?.startsWith(`${SloLabels.severity}=`)).toBe(true);
  });

  it('is deterministic', () => {
    expect(renderAlertmanagerConfig({ webhookUrl: 'http://127.0.0.1:8475/alerts', timeScale: 60 })).toBe(text);
  });

  it.each(['not a url', 'ftp://127.0.0.1/alerts'])('refuses the webhook URL %s', (webhookUrl) => {
    expect(() => renderAlertmanagerConfig({ webhookUrl })).toThrow(/webhook URL/);
  });
});

describe('notification timings', () => {
  it.each([
    { timeScale: 1, timings: { groupWaitMs: 30_000, groupIntervalMs: 300_000, repeatIntervalMs: 14_400_000 } },
    { timeScale: 60, timings: { groupWaitMs: 500, groupIntervalMs: 5_000, repeatIntervalMs: 240_000 } },
    { timeScale: 720, timings: { groupWaitMs: 42, groupIntervalMs: 1_000, repeatIntervalMs: 20_000 } },
  ])('are Alertmanager’s defaults divided by K = $timeScale, intervals no shorter than 1 s', ({ timeScale, timings }) => {
    expect(notificationTimings(timeScale)).toEqual(timings);
  });

  it('refuse a time scale below 1', () => {
    expect(() => notificationTimings(0.5)).toThrow(/at least 1/);
  });
});
