import type { Clock } from '../core/clock.js';
import type { LoggedEvent } from '../core/event-log.js';
import { AlertLog, type AlertEventType } from '../harness/alert-log.js';

/**
 * The alert timeline of a harness in another process (`faultline up --prometheus`, or the compose
 * stack's `harness` service that Alertmanager posts to), followed over its `GET /alerts` into a
 * local AlertLog, so the run observer journals Alertmanager's alerts exactly as it does in the
 * embedded mode. The feed starts at the harness's newest event: alerts from before the run are
 * not the run's. Polling never breaks a run; a harness that stops answering just stops the feed's
 * news until it answers again.
 */
export interface RemoteAlertFeed {
  alerts: AlertLog;
  stop(): Promise<void>;
}

interface AlertPage {
  events: Array<LoggedEvent<AlertEventType>>;
  next: number;
}

const PAGE = 1000;
/** How long one long poll waits at the harness for news. */
const WAIT_MS = 1000;

/** Follow `${harnessUrl}/alerts`, or undefined when nothing there answers like a harness. */
export async function followRemoteAlerts(harnessUrl: string, clock: Clock): Promise<RemoteAlertFeed | undefined> {
  let cursor = await newestCursor(harnessUrl);
  if (cursor === undefined) return undefined;
  const alerts = new AlertLog(clock);
  let stopped = false;
  const stopping = new AbortController();
  const loop = (async () => {
    while (!stopped) {
      const page = await readPage(harnessUrl, cursor, WAIT_MS, stopping.signal);
      if (stopped) break;
      if (!page) {
        // Not answering (restarting, or gone): try again in a while, not in a tight loop.
        await new Promise<void>((resolve) => {
          const timer = clock.setTimer(resolve, WAIT_MS);
          stopping.signal.addEventListener('abort', () => (timer.cancel(), resolve()), { once: true });
        });
        continue;
      }
      for (const event of page.events) alerts.events.record(event.type, event.detail ? { detail: event.detail } : {});
      cursor = page.next;
    }
  })();
  return {
    alerts,
    stop: async () => {
      stopped = true;
      stopping.abort();
      await loop;
    },
  };
}

async function newestCursor(harnessUrl: string): Promise<number | undefined> {
  let cursor = 0;
  for (;;) {
    const page = await readPage(harnessUrl, cursor, 0);
    if (!page) return undefined;
    if (page.events.length < PAGE) return page.next;
    cursor = page.next;
  }
}

async function readPage(harnessUrl: string, since: number, waitMs: number, signal?: AbortSignal): Promise<AlertPage | undefined> {
  try {
    const timeout = AbortSignal.timeout(waitMs + 2000);
    const response = await fetch(`${harnessUrl}/alerts?since=${since}&limit=${PAGE}&wait=${waitMs}`, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    if (!response.ok) return undefined;
    const body = (await response.json()) as Partial<AlertPage>;
    return Array.isArray(body.events) && typeof body.next === 'number' ? { events: body.events, next: body.next } : undefined;
  } catch {
    return undefined;
  }
}
