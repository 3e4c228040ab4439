import { LatencyHistogram, runLatency, secondLatency, type RunLatency, type SecondLatency } from './latency.js';
import { addOutcomeCounts, emptyOutcomeCounts, failedCount, type Outcome, type OutcomeCounts } from './outcomes.js';

/**
 * What the load generator saw, one second at a time. Pure: every method takes times as offsets in
 * ms from the run's start, so tests drive it with exact numbers and no clock.
 *
 * A request belongs to the second it was *scheduled* in, whenever its outcome arrives: a bucket
 * says what became of the requests the schedule started in that second (scheduled = sent +
 * missed, sent = the sum of the outcomes), so a stall shows up in the seconds the users met it, not
 * later when the timeouts fire. A second is therefore complete, and handed to `onSecond`, once it
 * has ended and every request it started has an outcome: at the latest one request timeout after
 * its end. Seconds are handed over in order, each exactly once.
 */
export interface SecondBucket {
  /** Index of the second from the run's start (0-based). */
  second: number;
  /** Wall-clock start of this second, epoch ms. */
  startEpochMs: number;
  /** How much of the second the run covered: 1000 except for a last, partial second. */
  spanMs: number;
  scheduled: number;
  sent: number;
  /** Scheduled starts the generator could not make (see generator.ts). */
  missed: number;
  outcomes: OutcomeCounts;
  /** 5xx + timeout + error: failures as the availability SLOs count them. */
  failed: number;
  /** Latency of the answered requests (any status), from their intended start; null when none. */
  latencyMs: SecondLatency | null;
}

export interface KindCounts {
  scheduled: number;
  sent: number;
  missed: number;
  outcomes: OutcomeCounts;
  failed: number;
}

export interface LoadSummary {
  startEpochMs: number;
  plannedDurationMs: number;
  /** From the start to the last start made (at least the planned duration), or to stop(). */
  elapsedMs: number;
  /** True when stop() or the abort signal ended the run before its schedule did. */
  stopped: boolean;
  scheduled: number;
  sent: number;
  missed: number;
  outcomes: OutcomeCounts;
  failed: number;
  /** Requests actually sent per second of `elapsedMs`. */
  achievedRate: number;
  /** Answered requests, measured from their intended start (no coordinated omission). */
  latencyMs: RunLatency | null;
  /** How late the generator made the starts it made (actual − intended). */
  startLagMs: { p50: number; p99: number; max: number } | null;
  byKind: Record<string, KindCounts>;
  /** Transport error codes (ECONNREFUSED, UND_ERR_SOCKET, ...) and how often each was seen. */
  errors: Record<string, number>;
}

/** The open state of one second; the generator keeps a reference per request so settling is a field update. */
export class SecondSlot {
  scheduled = 0;
  sent = 0;
  missed = 0;
  pending = 0;
  outcomes = emptyOutcomeCounts();
  constructor(
    readonly second: number,
    readonly latency: LatencyHistogram,
  ) {}
}

export interface RecorderOptions {
  startEpochMs: number;
  plannedDurationMs: number;
  /** Called with each completed second, in order. An observer never breaks a run: what it throws is ignored. */
  onSecond?: (bucket: SecondBucket) => void;
}

/** Distinct error codes kept in a summary: a storm of odd errors must not grow it without bound. */
const MAX_ERROR_CODES = 32;

export class LoadRecorder {
  private readonly open = new Map<number, SecondSlot>();
  private readonly spare: LatencyHistogram[] = [];
  private readonly run = new LatencyHistogram();
  private readonly lag = new LatencyHistogram();
  private readonly totals = { scheduled: 0, sent: 0, missed: 0, outcomes: emptyOutcomeCounts() };
  private readonly kinds = new Map<string, KindCounts>();
  private readonly errors: Record<string, number> = {};
  private readonly lastSecond: number;
  private current: SecondSlot | undefined;
  private nextSecond = 0;
  private lastSentMs = 0;

  constructor(private readonly options: RecorderOptions) {
    this.lastSecond = Math.ceil(options.plannedDurationMs / 1000) - 1;
  }

  /** A start scheduled at `intendedMs` was not made. */
  missed(intendedMs: number, kind: string): void {
    const slot = this.slotFor(intendedMs);
    slot.scheduled++;
    slot.missed++;
    this.totals.scheduled++;
    this.totals.missed++;
    const counts = this.kind(kind);
    counts.scheduled++;
    counts.missed++;
  }

  /** A request scheduled at `intendedMs` went out at `sentMs`; settle it later with the slot returned. */
  sent(intendedMs: number, sentMs: number, kind: string): SecondSlot {
    const slot = this.slotFor(intendedMs);
    slot.scheduled++;
    slot.sent++;
    slot.pending++;
    this.totals.scheduled++;
    this.totals.sent++;
    const counts = this.kind(kind);
    counts.scheduled++;
    counts.sent++;
    this.lag.record(Math.max(0, sentMs - intendedMs));
    if (sentMs > this.lastSentMs) this.lastSentMs = sentMs;
    return slot;
  }

  /** The request's outcome; `latencyMs` (from its intended start) for an answered one. */
  settle(slot: SecondSlot, kind: string, outcome: Outcome, latencyMs?: number): void {
    slot.pending--;
    slot.outcomes[outcome]++;
    this.totals.outcomes[outcome]++;
    this.kind(kind).outcomes[outcome]++;
    if (latencyMs !== undefined) {
      slot.latency.record(latencyMs);
      this.run.record(latencyMs);
    }
  }

  /** Count a transport error by its code (the outcome is settled separately). */
  errorCode(code: string): void {
    if (code in this.errors) this.errors[code]!++;
    else if (Object.keys(this.errors).length < MAX_ERROR_CODES) this.errors[code] = 1;
  }

  /** Hand over every second that has ended by `nowMs` and has no request in flight. */
  flush(nowMs: number): void {
    while (this.nextSecond <= this.lastSecond && (this.nextSecond + 1) * 1000 <= nowMs) {
      const slot = this.open.get(this.nextSecond);
      if (slot !== undefined && slot.pending > 0) return;
      this.emit(this.nextSecond, slot, Math.min(1000, this.options.plannedDurationMs - this.nextSecond * 1000));
    }
  }

  /**
   * Close the run: hand over the remaining seconds (up to `stoppedAtMs` when the run was stopped)
   * and sum it up. Every request must have been settled.
   */
  finish(stoppedAtMs?: number): LoadSummary {
    const endMs = stoppedAtMs ?? this.options.plannedDurationMs;
    const last = Math.min(this.lastSecond, Math.ceil(endMs / 1000) - 1);
    while (this.nextSecond <= last) this.emit(this.nextSecond, this.open.get(this.nextSecond), Math.min(1000, endMs - this.nextSecond * 1000));
    const elapsedMs = stoppedAtMs ?? Math.max(this.options.plannedDurationMs, this.lastSentMs);
    const byKind: Record<string, KindCounts> = {};
    for (const [name, counts] of [...this.kinds].sort(([a], [b]) => a.localeCompare(b))) byKind[name] = { ...counts, failed: failedCount(counts.outcomes) };
    const lag = this.lag.size === 0 ? null : { p50: round(this.lag.percentile(50)), p99: round(this.lag.percentile(99)), max: round(this.lag.max) };
    return {
      startEpochMs: this.options.startEpochMs,
      plannedDurationMs: this.options.plannedDurationMs,
      elapsedMs,
      stopped: stoppedAtMs !== undefined,
      scheduled: this.totals.scheduled,
      sent: this.totals.sent,
      missed: this.totals.missed,
      outcomes: { ...this.totals.outcomes },
      failed: failedCount(this.totals.outcomes),
      achievedRate: elapsedMs > 0 ? (this.totals.sent * 1000) / elapsedMs : 0,
      latencyMs: runLatency(this.run),
      startLagMs: lag,
      byKind,
      errors: { ...this.errors },
    };
  }

  private slotFor(intendedMs: number): SecondSlot {
    const second = Math.floor(intendedMs / 1000);
    const current = this.current;
    if (current !== undefined && current.second === second) return current;
    let slot = this.open.get(second);
    if (slot === undefined) {
      slot = new SecondSlot(second, this.spare.pop() ?? new LatencyHistogram());
      this.open.set(second, slot);
    }
    this.current = slot;
    return slot;
  }

  private kind(name: string): KindCounts {
    let counts = this.kinds.get(name);
    if (counts === undefined) {
      counts = { scheduled: 0, sent: 0, missed: 0, outcomes: emptyOutcomeCounts(), failed: 0 };
      this.kinds.set(name, counts);
    }
    return counts;
  }

  private emit(second: number, slot: SecondSlot | undefined, spanMs: number): void {
    const outcomes = emptyOutcomeCounts();
    if (slot !== undefined) addOutcomeCounts(outcomes, slot.outcomes);
    const bucket: SecondBucket = {
      second,
      startEpochMs: this.options.startEpochMs + second * 1000,
      spanMs,
      scheduled: slot?.scheduled ?? 0,
      sent: slot?.sent ?? 0,
      missed: slot?.missed ?? 0,
      outcomes,
      failed: failedCount(outcomes),
      latencyMs: slot === undefined ? null : secondLatency(slot.latency),
    };
    if (slot !== undefined) {
      this.open.delete(second);
      if (this.current === slot) this.current = undefined;
      slot.latency.reset();
      this.spare.push(slot.latency);
    }
    this.nextSecond = second + 1;
    try {
      this.options.onSecond?.(bucket);
    } catch {
      // Observers never break a run (habit 6): a journal that cannot write must not stop the load.
    }
  }
}

const round = (value: number) => Math.round(value * 1000) / 1000;
