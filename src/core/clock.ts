/**
 * Time is injected (habit 5): pure modules and toxics never read the system clock themselves, so
 * tests can drive them with a ManualClock and get exact answers.
 *
 * Two readings exist because they answer different questions: `now()` is wall-clock epoch
 * milliseconds (for timestamps people read), `monotonic()` is a high-resolution clock that never
 * jumps (for measuring and scheduling delays).
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Wall-clock time in epoch milliseconds. */
  now(): number;
  /** Monotonic time in milliseconds with sub-millisecond resolution. */
  monotonic(): number;
  /** Run `callback` once after `delayMs` milliseconds of monotonic time. */
  setTimer(callback: () => void, delayMs: number): TimerHandle;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimer(callback, delayMs) {
    const timer = setTimeout(callback, Math.max(0, delayMs));
    // A pending fault timer must never keep a finished process alive.
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};

interface PendingTimer {
  due: number;
  seq: number;
  callback: () => void;
  cancelled: boolean;
}

/** A clock that only moves when told to; timers fire in due order during `advance`. */
export class ManualClock implements Clock {
  private current: number;
  private readonly epochOffset: number;
  private timers: PendingTimer[] = [];
  private seq = 0;

  constructor(startEpochMs = Date.UTC(2026, 0, 1)) {
    this.current = 0;
    this.epochOffset = startEpochMs;
  }

  now(): number {
    return this.epochOffset + this.current;
  }

  monotonic(): number {
    return this.current;
  }

  setTimer(callback: () => void, delayMs: number): TimerHandle {
    const timer: PendingTimer = { due: this.current + Math.max(0, delayMs), seq: this.seq++, callback, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => { timer.cancelled = true; } };
  }

  /** Number of timers still waiting to fire. */
  pendingTimers(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  /** Move time forward by `ms`, firing every timer that falls due on the way, in order. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      this.timers = this.timers.filter((t) => !t.cancelled);
      let next: PendingTimer | undefined;
      for (const t of this.timers) {
        if (t.due <= target && (!next || t.due < next.due || (t.due === next.due && t.seq < next.seq))) next = t;
      }
      if (!next) break;
      this.current = Math.max(this.current, next.due);
      next.cancelled = true;
      next.callback();
    }
    this.current = target;
  }
}
