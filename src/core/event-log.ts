import { EventEmitter } from 'node:events';
import type { Clock } from './clock.js';

export interface LoggedEvent<TType extends string = string> {
  /** Monotonically increasing; the cursor readers pass back as `since`. */
  id: number;
  /** UTC time with milliseconds, e.g. 2026-11-26T23:41:07.123Z. */
  time: string;
  type: TType;
  proxy?: string;
  toxic?: string;
  service?: string;
  detail?: Record<string, unknown>;
}

export interface EventPage<TType extends string = string> {
  events: Array<LoggedEvent<TType>>;
  /** Pass as `since` to read on from here. */
  next: number;
  /** True when events after `since` were already evicted from the ring (the reader fell behind). */
  truncated: boolean;
}

/**
 * Every change to a fault state (the proxy's toxics, the supervisor's processes), with a millisecond
 * timestamp, kept in a bounded ring so a long-lived server cannot grow without limit. Journals and
 * post-mortems build their timelines from it; `wait` lets a reader follow it without polling.
 */
export class EventLog<TType extends string = string> {
  private readonly events: Array<LoggedEvent<TType>> = [];
  private lastId = 0;
  private readonly arrivals = new EventEmitter();

  constructor(
    private readonly clock: Clock,
    private readonly capacity = 10_000,
  ) {
    this.arrivals.setMaxListeners(0);
  }

  record(type: TType, fields: { proxy?: string; toxic?: string; service?: string; detail?: Record<string, unknown> } = {}): LoggedEvent<TType> {
    const event: LoggedEvent<TType> = { id: ++this.lastId, time: new Date(this.clock.now()).toISOString(), type, ...fields };
    this.events.push(event);
    if (this.events.length > this.capacity) this.events.shift();
    this.arrivals.emit('event');
    return event;
  }

  get latestId(): number {
    return this.lastId;
  }

  since(cursor: number, limit = 1000): EventPage<TType> {
    const first = this.events[0];
    const truncated = first !== undefined && first.id > cursor + 1;
    const events = this.events.filter((e) => e.id > cursor).slice(0, limit);
    const last = events[events.length - 1];
    return { events, next: last ? last.id : Math.max(cursor, 0), truncated };
  }

  /** Resolve when an event newer than `cursor` exists, or after `timeoutMs`. */
  wait(cursor: number, timeoutMs: number): Promise<void> {
    if (this.lastId > cursor || timeoutMs <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        timer.cancel();
        this.arrivals.off('event', done);
        resolve();
      };
      const timer = this.clock.setTimer(done, timeoutMs);
      this.arrivals.on('event', done);
    });
  }
}
