import type { Clock } from '../../src/core/clock.js';

/**
 * Time is injected (DESIGN habit 5) so reservation holds, retry budgets and processing delays can be
 * tested exactly; services use the harness's Clock, so a test passes a ManualClock straight in.
 */
export { systemClock, type Clock as ServiceClock, type TimerHandle } from '../../src/core/clock.js';

/** Resolve after `delayMs` on the given clock (immediately for 0, without a timer). */
export function sleep(clock: Clock, delayMs: number): Promise<void> {
  if (delayMs <= 0) return Promise.resolve();
  return new Promise((resolve) => clock.setTimer(resolve, delayMs));
}
