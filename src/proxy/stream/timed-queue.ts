import type { Clock, TimerHandle } from '../../core/clock.js';

/**
 * Timers fire late by up to a millisecond; releasing items that are due within this margin keeps
 * the median delay centred on the target instead of always above it.
 */
const RELEASE_MARGIN_MS = 0.5;

type Entry<T> = { due: number; item: T };

/**
 * A FIFO whose items leave at or after their due time, never overtaking each other (a chunk with a
 * shorter jitter draw waits for its predecessor, as in Toxiproxy). Dues are absolute, so timer
 * lateness never accumulates across items: that is what keeps bandwidth pacing exact.
 */
export class TimedQueue<T> {
  private entries: Entry<T>[] = [];
  private head = 0;
  private lastDue = -Infinity;
  private timer: TimerHandle | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly release: (item: T) => void,
  ) {}

  get size(): number {
    return this.entries.length - this.head;
  }

  /** The due time of the last item queued (or -Infinity), for stages that pace after it. */
  get tailDue(): number {
    return this.lastDue;
  }

  push(due: number, item: T): void {
    const effectiveDue = Math.max(due, this.lastDue);
    this.lastDue = effectiveDue;
    this.entries.push({ due: effectiveDue, item });
    if (this.size === 1) this.releaseDue();
  }

  /** Release everything now, in order (a removed toxic hands on what it holds). */
  flush(): void {
    this.cancelTimer();
    while (this.size > 0) this.release(this.shift());
  }

  /** Drop everything and stop (the connection is gone). */
  clear(): void {
    this.cancelTimer();
    this.entries = [];
    this.head = 0;
  }

  private releaseDue = (): void => {
    this.timer = undefined;
    const now = this.clock.monotonic();
    while (this.size > 0) {
      const next = this.entries[this.head] as Entry<T>;
      if (next.due > now + RELEASE_MARGIN_MS) {
        this.timer = this.clock.setTimer(this.releaseDue, next.due - now - RELEASE_MARGIN_MS);
        return;
      }
      this.release(this.shift());
      // A release can clear the queue (e.g. it closed the connection).
      if (this.timer !== undefined) return;
    }
  };

  private shift(): T {
    const entry = this.entries[this.head] as Entry<T>;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    return entry.item;
  }

  private cancelTimer(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }
}
