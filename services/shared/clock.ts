/**
 * Time is injected (DESIGN habit 5) so reservation holds, retry budgets and processing delays can be
 * tested exactly. The dependency rules keep services from importing src/core/clock.ts, so this is
 * the same shape restated: src/core/clock.ts's ManualClock satisfies it and tests pass one in.
 */
export interface TimerHandle {
  cancel(): void;
}

export interface ServiceClock {
  /** Wall-clock time in epoch milliseconds (for timestamps people read, e.g. expiresAt). */
  now(): number;
  /** Monotonic milliseconds (for measuring and windows; never jumps). */
  monotonic(): number;
  /** Run `callback` once after `delayMs` of monotonic time. */
  setTimer(callback: () => void, delayMs: number): TimerHandle;
}

export const systemClock: ServiceClock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimer(callback, delayMs) {
    const timer = setTimeout(callback, Math.max(0, delayMs));
    // A pending hold or delay must never keep a stopping service alive.
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};

/** Resolve after `delayMs` on the given clock (immediately for 0, without a timer). */
export function sleep(clock: ServiceClock, delayMs: number): Promise<void> {
  if (delayMs <= 0) return Promise.resolve();
  return new Promise((resolve) => clock.setTimer(resolve, delayMs));
}
