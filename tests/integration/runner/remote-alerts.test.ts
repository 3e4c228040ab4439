import Fastify, { type FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { AlertLog } from '../../../src/harness/alert-log.js';
import { registerHarnessRoutes } from '../../../src/harness/harness-api.js';
import { followRemoteAlerts, type RemoteAlertFeed } from '../../../src/runner/remote-alerts.js';
import type { SloEvaluator } from '../../../src/slo/evaluator/evaluator.js';
import { eventually } from '../../helpers/system.js';

/**
 * The runner follows the alert timeline of a harness in another process (`faultline up`, the compose
 * stack's `harness` service) over HTTP: real harness routes on a real socket, Alertmanager's webhook
 * posted to them, and the feed's local log read as the run observer reads it.
 */
let app: FastifyInstance | undefined;
let feed: RemoteAlertFeed | undefined;
let harnessAlerts: AlertLog;

async function startHarnessApi(): Promise<string> {
  harnessAlerts = new AlertLog(systemClock);
  app = Fastify({ logger: false, forceCloseConnections: true });
  registerHarnessRoutes(app, { registry: new Registry(), evaluator: {} as SloEvaluator, alerts: harnessAlerts, now: () => Date.now() });
  return app.listen({ host: '127.0.0.1', port: 0 });
}

const alert = (name: string, status: 'firing' | 'resolved') => ({
  status,
  labels: { alertname: name, sloth_id: `${name}-slo`, sloth_severity: 'page' },
  startsAt: '2026-11-27T04:00:00.000Z',
  ...(status === 'resolved' ? { endsAt: '2026-11-27T04:05:00.000Z' } : {}),
  fingerprint: name,
});
const deliver = (url: string, ...alerts: unknown[]) =>
  fetch(`${url}/alerts/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ version: '4', alerts }) });

afterEach(async () => {
  await feed?.stop();
  feed = undefined;
  await app?.close();
  app = undefined;
});

describe('followRemoteAlerts', () => {
  it('hands on the alerts delivered after it started, not the ones before', async () => {
    const url = await startHarnessApi();
    expect((await deliver(url, alert('Before', 'firing'))).status).toBe(200);
    feed = await followRemoteAlerts(url, systemClock);
    expect(feed).toBeDefined();
    expect((await deliver(url, alert('During', 'firing'))).status).toBe(200);
    expect((await deliver(url, alert('During', 'resolved'))).status).toBe(200);
    await eventually(async () => (feed as RemoteAlertFeed).alerts.since(0).events.length === 2, 5000, 20);
    const events = (feed as RemoteAlertFeed).alerts.since(0).events;
    expect(events.map((e) => [e.type, e.detail?.alertname, e.detail?.slo, e.detail?.severity])).toEqual([
      ['alert_firing', 'During', 'During-slo', 'page'],
      ['alert_resolved', 'During', 'During-slo', 'page'],
    ]);
    expect(events[1]?.detail).toMatchObject({ startsAt: '2026-11-27T04:00:00.000Z', endsAt: '2026-11-27T04:05:00.000Z' });
  });

  it('starts after a history longer than one page', async () => {
    const url = await startHarnessApi();
    for (let i = 0; i < 1005; i++) harnessAlerts.events.record('alert_firing', { detail: { alertname: `Old${i}` } });
    feed = await followRemoteAlerts(url, systemClock);
    expect((await deliver(url, alert('New', 'firing'))).status).toBe(200);
    await eventually(async () => (feed as RemoteAlertFeed).alerts.since(0).events.length > 0, 5000, 20);
    expect((feed as RemoteAlertFeed).alerts.since(0).events.map((e) => e.detail?.alertname)).toEqual(['New']);
  });

  it('is undefined when nothing answers like a harness', async () => {
    const url = await startHarnessApi();
    await app?.close();
    app = undefined;
    expect(await followRemoteAlerts(url, systemClock)).toBeUndefined();
    const other = Fastify({ logger: false });
    other.get('/alerts', async () => ({ not: 'a harness' }));
    const otherUrl = await other.listen({ host: '127.0.0.1', port: 0 });
    try {
      expect(await followRemoteAlerts(otherUrl, systemClock)).toBeUndefined();
    } finally {
      await other.close();
    }
  });

  it('stops at once, even while a long poll is waiting at the harness', async () => {
    const url = await startHarnessApi();
    feed = await followRemoteAlerts(url, systemClock);
    const started = performance.now();
    await feed?.stop();
    feed = undefined;
    expect(performance.now() - started).toBeLessThan(500);
  });
});
