import { Pool } from 'undici';
import { systemClock, type Clock } from '../core/clock.js';
import { FaultlineError } from '../core/errors.js';
import { Exchange, TIMED_OUT, errorCode, isTimeoutCode, type ExchangeOwner } from './exchange.js';
import { assertLoopbackTarget } from './loopback.js';
import { outcomeOfStatus, type Outcome } from './outcomes.js';
import { LoadRecorder, type LoadSummary, type SecondBucket } from './recorder.js';
import type { RequestSource } from './request-mix.js';
import { ArrivalCursor, scheduleDurationMs, validateSchedule, type RateSchedule } from './schedule.js';

/**
 * The open-model load generator the experiment runner drives (`faultline run` and `faultline
 * start`). Requests start on the schedule whether or not earlier ones have returned, and each
 * one's latency is measured from the instant the schedule *intended* it to start, so a stalled
 * system is charged for the queue it causes (no coordinated omission, as in wrk2 and k6's
 * arrival-rate executors).
 *
 * Missed starts follow k6's `dropped_iterations`: a scheduled start is missed, and never sent
 * later, when `maxInFlight` requests are already outstanding (k6: no free VU), or when the
 * generator reaches it more than `maxLatenessMs` late because its own event loop was held up (a GC
 * pause, a busy CPU). Sending such starts in a catch-up burst would inflict a spike the experiment
 * did not ask for. A start made late but within the tolerance is sent, and its lateness is part of
 * its latency.
 *
 * Hot path: one timer per batch of due starts, not per request (a 5,000 rps schedule launches ~5
 * per wake-up); one small handler object per request on undici's dispatch API, with no promise,
 * stream or header parsing; timeouts are one sweep over a FIFO of in-flight requests (they start in
 * order, so the oldest is the next to expire) instead of a timer each.
 */
export interface LoadOptions {
  /** Origin of the system's entry point (e.g. the gateway); must be loopback, with no path. */
  target: string;
  schedule: RateSchedule;
  /** The request for each scheduled start, in order (see mixedRequests, fixedRequest). */
  requests: RequestSource;
  /** Give up on a request that has no complete answer this long after it was sent. Default 5000. */
  timeoutMs?: number;
  /** Outstanding requests beyond which a scheduled start is missed instead of sent. Default 4096. */
  maxInFlight?: number;
  /** Keep-alive connections the pool may open (more requests than this wait in its queue). Default 256. */
  connections?: number;
  /** How late a start may be made before it counts as missed. Default 100. */
  maxLatenessMs?: number;
  /** Each completed second, in order (see SecondBucket); what it throws is ignored. */
  onSecond?: (bucket: SecondBucket) => void;
  /**
   * Every request's outcome as it settles (and every missed start), for observers that judge a
   * window per request kind (the runner's steady-state checks). Keep it cheap: it runs per request.
   */
  onResult?: (result: RequestResult) => void;
  /** Aborting it stops the run as stop() does. */
  signal?: AbortSignal;
  /** Wall clock for the buckets' epoch timestamps; scheduling itself always uses performance.now(). */
  clock?: Pick<Clock, 'now'>;
}

export interface RequestResult {
  kind: string;
  /** The request's intended start, epoch ms. */
  atEpochMs: number;
  outcome: Outcome | 'missed';
  /** From the intended start, for an answered request. */
  latencyMs?: number;
}

export interface LoadRun {
  /** Settles once every request has an outcome and the connections are closed. Never rejects unless `requests` throws. */
  readonly done: Promise<LoadSummary>;
  /** Stop at once: no further starts, in-flight requests cancelled, sockets destroyed. Idempotent. */
  stop(): Promise<LoadSummary>;
}

export const LOAD_DEFAULTS = { timeoutMs: 5000, maxInFlight: 4096, connections: 256, maxLatenessMs: 100 } as const;

/** Longest the loop sleeps while requests are in flight: bounds how late a finished second is handed over. */
const MAX_SLEEP_MS = 50;
/** Re-read the clock every this many starts within one batch, so a long catch-up batch judges lateness truly. */
const CLOCK_EVERY = 64;

/** Start a run; it begins on the next turn of the event loop. Throws (sending nothing) on a bad or non-loopback target or option. */
export function startLoad(options: LoadOptions): LoadRun {
  const generator = new LoadGenerator(options);
  return { done: generator.done, stop: () => generator.stop() };
}

/** Run a schedule to its end (or until the signal aborts) and resolve with its summary. */
export function runLoad(options: LoadOptions): Promise<LoadSummary> {
  return startLoad(options).done;
}

class LoadGenerator implements ExchangeOwner {
  readonly done: Promise<LoadSummary>;
  private resolve!: (summary: LoadSummary) => void;
  private reject!: (error: unknown) => void;
  private readonly pool: Pool;
  private readonly recorder: LoadRecorder;
  private readonly cursor: ArrivalCursor;
  private readonly requests: RequestSource;
  private readonly timeoutMs: number;
  private readonly maxInFlight: number;
  private readonly maxLatenessMs: number;
  private readonly signal: AbortSignal | undefined;
  private readonly t0: number;
  private readonly startEpochMs: number;
  private readonly onResult: LoadOptions['onResult'];
  private nextOffset: number;
  private sequence = 0;
  private inFlight = 0;
  /** In-flight requests in the order they were sent; `head` skips the settled front. */
  private fifo: Exchange[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;
  private finished = false;
  /** Inside tick(): a request settled synchronously by dispatch() must not schedule a second timer. */
  private ticking = false;

  constructor(options: LoadOptions) {
    const url = assertLoopbackTarget(options.target);
    if (url.pathname !== '/' || url.search !== '') throw new FaultlineError('FAULTLINE_LOAD_BAD_OPTIONS', `load target ${options.target} must be an origin (scheme, host, port): request paths are absolute`, { target: options.target });
    validateSchedule(options.schedule);
    this.timeoutMs = positive('timeoutMs', options.timeoutMs ?? LOAD_DEFAULTS.timeoutMs);
    this.maxInFlight = positive('maxInFlight', options.maxInFlight ?? LOAD_DEFAULTS.maxInFlight);
    const connections = positive('connections', options.connections ?? LOAD_DEFAULTS.connections);
    this.maxLatenessMs = options.maxLatenessMs ?? LOAD_DEFAULTS.maxLatenessMs;
    if (!(this.maxLatenessMs >= 0)) throw new FaultlineError('FAULTLINE_LOAD_BAD_OPTIONS', `maxLatenessMs must be >= 0 (got ${this.maxLatenessMs})`);

    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.requests = options.requests;
    this.cursor = new ArrivalCursor(options.schedule);
    this.nextOffset = this.cursor.next();
    this.startEpochMs = (options.clock ?? systemClock).now();
    this.onResult = options.onResult;
    this.recorder = new LoadRecorder({ startEpochMs: this.startEpochMs, plannedDurationMs: scheduleDurationMs(options.schedule), onSecond: options.onSecond });
    // undici's own header/body timers are off: the sweep below times requests out, one timer for all.
    this.pool = new Pool(url.origin, { connections, pipelining: 1, headersTimeout: 0, bodyTimeout: 0 });
    this.t0 = performance.now();
    this.signal = options.signal;
    this.signal?.addEventListener('abort', this.onAbort, { once: true });
    if (this.signal?.aborted) this.stop();
    else this.timer = setTimeout(this.tick, 0);
  }

  stop(): Promise<LoadSummary> {
    if (!this.finished) {
      const at = this.elapsed();
      this.nextOffset = Infinity;
      this.cancelInFlight();
      this.finish(at);
    }
    return this.done;
  }

  answered(exchange: Exchange): void {
    if (exchange.done) return;
    exchange.done = true;
    this.inFlight--;
    this.settle(exchange, outcomeOfStatus(exchange.status), this.elapsed() - exchange.intendedMs);
    if (this.inFlight === 0 && this.nextOffset === Infinity) this.wakeNow();
  }

  failed(exchange: Exchange, error: Error): void {
    if (exchange.done) return;
    exchange.done = true;
    this.inFlight--;
    const code = errorCode(error);
    this.recorder.errorCode(code);
    this.settle(exchange, isTimeoutCode(code) ? 'timeout' : 'error');
    if (this.inFlight === 0 && this.nextOffset === Infinity) this.wakeNow();
  }

  private settle(exchange: Exchange, outcome: Outcome, latencyMs?: number): void {
    this.recorder.settle(exchange.slot, exchange.kind, outcome, latencyMs);
    if (!this.onResult) return;
    try {
      this.onResult({ kind: exchange.kind, atEpochMs: this.startEpochMs + exchange.intendedMs, outcome, ...(latencyMs !== undefined ? { latencyMs } : {}) });
    } catch {
      // An observer never breaks the load (DESIGN habit 6).
    }
  }

  private readonly onAbort = () => {
    void this.stop();
  };

  private readonly tick = (): void => {
    this.timer = undefined;
    if (this.finished) return;
    this.ticking = true;
    try {
      this.launchDue(this.elapsed());
      const now = this.elapsed();
      this.expire(now);
      this.recorder.flush(now);
      if (this.finished) return; // onSecond called stop()
      if (this.nextOffset === Infinity && this.inFlight === 0) return this.finish(undefined);
      let wake = Math.min(this.nextOffset, now + MAX_SLEEP_MS);
      const oldest = this.fifo[this.head];
      if (oldest !== undefined) wake = Math.min(wake, oldest.sentMs + this.timeoutMs);
      this.timer = setTimeout(this.tick, Math.max(0, wake - now));
    } catch (error) {
      // Only a throwing request source gets here: end the run cleanly and report it.
      this.nextOffset = Infinity;
      this.cancelInFlight();
      this.finished = true;
      this.signal?.removeEventListener('abort', this.onAbort);
      this.pool.destroy().catch(() => undefined).then(() => this.reject(error));
    } finally {
      this.ticking = false;
    }
  };

  private launchDue(start: number): void {
    let now = start;
    let batch = 0;
    while (this.nextOffset <= now) {
      const intended = this.nextOffset;
      const request = this.requests(this.sequence++);
      this.nextOffset = this.cursor.next();
      if (now - intended > this.maxLatenessMs || this.inFlight >= this.maxInFlight) {
        this.recorder.missed(intended, request.kind);
        this.onResult?.({ kind: request.kind, atEpochMs: this.startEpochMs + intended, outcome: 'missed' });
        continue;
      }
      const exchange = new Exchange(this, this.recorder.sent(intended, now, request.kind), request.kind, intended, now);
      this.inFlight++;
      this.fifo.push(exchange);
      this.pool.dispatch(request, exchange);
      if (++batch % CLOCK_EVERY === 0) now = this.elapsed();
    }
  }

  /** Time out, oldest first, every request sent `timeoutMs` or more ago, and drop settled ones from the front. */
  private expire(now: number): void {
    const fifo = this.fifo;
    let head = this.head;
    while (head < fifo.length) {
      const exchange = fifo[head] as Exchange;
      if (!exchange.done) {
        if (exchange.sentMs + this.timeoutMs > now) break;
        exchange.done = true;
        this.inFlight--;
        this.settle(exchange, 'timeout');
        exchange.abort?.(TIMED_OUT);
      }
      head++;
    }
    if (head > 1024 && head * 2 > fifo.length) {
      fifo.splice(0, head);
      head = 0;
    }
    this.head = head;
  }

  private cancelInFlight(): void {
    for (let i = this.head; i < this.fifo.length; i++) {
      const exchange = this.fifo[i] as Exchange;
      if (exchange.done) continue;
      exchange.done = true;
      this.inFlight--;
      this.settle(exchange, 'cancelled');
    }
    this.fifo = [];
    this.head = 0;
  }

  private finish(stoppedAtMs: number | undefined): void {
    this.finished = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.signal?.removeEventListener('abort', this.onAbort);
    const summary = this.recorder.finish(stoppedAtMs);
    // destroy(), not close(): every request already has its outcome, but undici may still hold one
    // that timed out while queued (close() would wait for it to be sent and aborted); what remains
    // are idle keep-alive sockets, which either way are simply closed.
    this.pool
      .destroy()
      .catch(() => undefined)
      .then(() => this.resolve(summary));
  }

  /** The last request settled after the schedule ended: finish now rather than at the next sweep. */
  private wakeNow(): void {
    if (this.ticking || this.finished) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(this.tick, 0);
  }

  private elapsed(): number {
    return performance.now() - this.t0;
  }
}

function positive(name: string, value: number): number {
  if (!(Number.isFinite(value) && value > 0)) throw new FaultlineError('FAULTLINE_LOAD_BAD_OPTIONS', `${name} must be a finite number > 0 (got ${value})`, { option: name, value });
  return value;
}
