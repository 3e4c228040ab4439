import * as fs from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from '../../core/clock.js';
import { FaultlineError } from '../../core/errors.js';
import type { JournalEvent, JournalEventInput } from './events.js';

/**
 * The journal's only writer: append-only JSON Lines, one `writeSync` per event on a file opened
 * with 'a' (O_APPEND), then `fsyncSync`, so once `append` returns the event survives a crash of the
 * process, and of the machine. Synchronous on purpose: the runner's events are few (a handful per
 * second; bench/journal.mjs measures the ceiling) and an event that waits in a buffer is an event a
 * crash loses.
 *
 * Failure policy. Opening fails loudly (FAULTLINE_JOURNAL_OPEN: a run without a journal must not
 * start). After that, `append` never throws: the journal is an observer and observers never break a
 * run (rollbacks must still run), but a journal that silently stops is worse than none, so:
 * - a failed write or fsync is cut back off the file (ftruncate to the last whole line), the event
 *   is kept in memory and retried, in order, before the next one: the file stays a valid prefix and
 *   a disk that recovers (space freed) loses nothing;
 * - the failure is recorded in `health()` and reported once per outage through `onFailure`; the
 *   runner puts `journalHealthProblem(health)` among the verdict's reasons;
 * - if the file cannot be cut back, or more than `maxPending` events wait, the writer stops writing
 *   for good ("broken"): the file keeps its valid prefix (at worst a torn last line, which readers
 *   report) and every later event is still returned and counted as unwritten.
 * Why truncate-and-retry is sound after an fsync error: every earlier line was fsynced already, so
 * the only data whose fate is unknown is the current line, and rewriting it re-dirties those pages.
 */

/** The fs calls the writer makes; tests replace some to simulate a full or failing disk. */
export interface JournalFileIo {
  openSync(path: string, flags: string): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  fsyncSync(fd: number): void;
  ftruncateSync(fd: number, length: number): void;
  fstatSync(fd: number): { size: number };
  closeSync(fd: number): void;
}

export interface JournalWriterOptions {
  clock: Clock;
  /** fsync after every event (default true). false only for benchmarks' baselines and scratch files. */
  fsync?: boolean;
  /** Called on the first failure of each outage (not on every retry), e.g. to log it at once. */
  onFailure?: (failure: JournalWriteFailure) => void;
  /** Events kept in memory while the disk refuses them before the writer gives up (default 10,000). */
  maxPending?: number;
  /** Replace fs calls (tests). */
  io?: Partial<JournalFileIo>;
}

export interface JournalWriteFailure {
  code: 'FAULTLINE_JOURNAL_WRITE';
  /** The event that could not be written. */
  seq: number;
  /** When it happened, from the injected clock. */
  time: string;
  operation: 'write' | 'fsync' | 'truncate' | 'closed';
  /** The system error code, e.g. ENOSPC. */
  errno?: string;
  message: string;
}

export interface JournalHealth {
  path: string;
  /** Events handed to `append` (the last seq assigned). */
  appended: number;
  /** Events on disk, fsynced (the last seq written: the file holds 1..written). */
  written: number;
  /** Events in memory waiting for the disk. */
  pending: number;
  /** The writer gave up: nothing more will reach the file. */
  broken: boolean;
  /** Failed attempts so far (each retry counts). */
  failureCount: number;
  /** The first failure and the latest one (the cause, and whether it is still failing). */
  firstFailure?: JournalWriteFailure;
  lastFailure?: JournalWriteFailure;
}

const DEFAULT_MAX_PENDING = 10_000;

export class JournalWriter {
  readonly path: string;
  readonly #fd: number;
  readonly #clock: Clock;
  readonly #io: JournalFileIo;
  readonly #fsync: boolean;
  readonly #maxPending: number;
  readonly #onFailure: ((failure: JournalWriteFailure) => void) | undefined;
  /** Bytes of whole, fsynced lines in the file: where a failed write is cut back to. */
  #size: number;
  #seq = 0;
  #written = 0;
  /** Lines assigned a seq but not yet on disk, oldest first. */
  readonly #pending: Array<{ seq: number; line: Buffer }> = [];
  #broken = false;
  #closed = false;
  #failing = false;
  #failureCount = 0;
  #firstFailure: JournalWriteFailure | undefined;
  #lastFailure: JournalWriteFailure | undefined;

  private constructor(path: string, fd: number, size: number, options: JournalWriterOptions, io: JournalFileIo) {
    this.path = path;
    this.#fd = fd;
    this.#size = size;
    this.#clock = options.clock;
    this.#io = io;
    this.#fsync = options.fsync ?? true;
    this.#maxPending = options.maxPending ?? DEFAULT_MAX_PENDING;
    this.#onFailure = options.onFailure;
  }

  /**
   * Create (or open an empty) journal for appending. Throws FAULTLINE_JOURNAL_OPEN when the file
   * cannot be opened or already holds events: seq numbers start at 1 and belong to one run.
   */
  static open(path: string, options: JournalWriterOptions): JournalWriter {
    const io: JournalFileIo = { ...nodeFileIo, ...options.io };
    let fd: number;
    try {
      fd = io.openSync(path, 'a');
    } catch (error) {
      throw new FaultlineError('FAULTLINE_JOURNAL_OPEN', `cannot open the journal ${path} for appending: ${errorMessage(error)}`, { file: path, errno: errnoOf(error) });
    }
    const size = io.fstatSync(fd).size;
    if (size > 0) {
      io.closeSync(fd);
      throw new FaultlineError('FAULTLINE_JOURNAL_OPEN', `the journal ${path} already holds ${size} bytes of another run; each run writes its own journal`, { file: path });
    }
    if (options.fsync ?? true) fsyncDirectory(path);
    return new JournalWriter(path, fd, 0, options, io);
  }

  /**
   * Record one event: assign the next seq and the clock's time, write the line, fsync it. Returns
   * the event as recorded. Never throws; see health() for whether it reached the disk.
   */
  append(input: JournalEventInput): JournalEvent {
    const event = { seq: ++this.#seq, time: new Date(this.#clock.now()).toISOString(), ...input } as JournalEvent;
    if (this.#closed) {
      this.#fail(event.seq, 'closed', undefined, 'append after close');
      return event;
    }
    if (this.#broken) return event;
    this.#pending.push({ seq: event.seq, line: Buffer.from(`${JSON.stringify(event)}\n`, 'utf8') });
    this.#flush();
    if (this.#pending.length > this.#maxPending) {
      this.#broken = true;
      this.#pending.length = 0;
    }
    return event;
  }

  /** The last seq assigned (0 before the first event). */
  get lastSeq(): number {
    return this.#seq;
  }

  health(): JournalHealth {
    return {
      path: this.path,
      appended: this.#seq,
      written: this.#written,
      pending: this.#pending.length,
      broken: this.#broken,
      failureCount: this.#failureCount,
      ...(this.#firstFailure ? { firstFailure: this.#firstFailure } : {}),
      ...(this.#lastFailure ? { lastFailure: this.#lastFailure } : {}),
    };
  }

  /** Retry what waits (once), close the file, and say how it ended. Idempotent. */
  close(): JournalHealth {
    if (!this.#closed) {
      this.#flush();
      this.#closed = true;
      try {
        this.#io.closeSync(this.#fd);
      } catch {
        // Every line was fsynced already; a failing close cannot lose any of them.
      }
    }
    return this.health();
  }

  #flush(): void {
    while (!this.#broken && this.#pending.length > 0) {
      const next = this.#pending[0] as { seq: number; line: Buffer };
      if (!this.#writeLine(next.seq, next.line)) return;
      this.#pending.shift();
      this.#written = next.seq;
      this.#failing = false;
    }
  }

  /** Write and fsync one whole line; on failure cut the file back to its last whole line. */
  #writeLine(seq: number, line: Buffer): boolean {
    let operation: 'write' | 'fsync' = 'write';
    try {
      let offset = 0;
      while (offset < line.length) offset += this.#io.writeSync(this.#fd, line, offset, line.length - offset);
      operation = 'fsync';
      if (this.#fsync) this.#io.fsyncSync(this.#fd);
      this.#size += line.length;
      return true;
    } catch (error) {
      this.#fail(seq, operation, error);
      try {
        this.#io.ftruncateSync(this.#fd, this.#size);
      } catch (truncateError) {
        this.#broken = true;
        this.#fail(seq, 'truncate', truncateError);
      }
      return false;
    }
  }

  #fail(seq: number, operation: JournalWriteFailure['operation'], error: unknown, message = errorMessage(error)): void {
    const errno = errnoOf(error);
    const failure: JournalWriteFailure = { code: 'FAULTLINE_JOURNAL_WRITE', seq, time: new Date(this.#clock.now()).toISOString(), operation, ...(errno ? { errno } : {}), message };
    this.#failureCount += 1;
    this.#firstFailure ??= failure;
    this.#lastFailure = failure;
    if (this.#failing) return;
    this.#failing = true;
    try {
      this.#onFailure?.(failure);
    } catch {
      // A failing observer of the observer must not break the run either.
    }
  }
}

/**
 * One sentence for the verdict's reasons when the journal is not complete on disk, else undefined.
 * The runner adds it whatever the result: a verdict whose evidence is missing must say so.
 */
export function journalHealthProblem(health: JournalHealth): string | undefined {
  const missing = health.appended - health.written;
  if (missing === 0 && !health.broken) {
    return health.firstFailure ? `the journal ${health.path} recovered after ${health.failureCount} failed write(s) (first: ${describe(health.firstFailure)}); no event was lost` : undefined;
  }
  const first = health.firstFailure ? describe(health.firstFailure) : 'unknown cause';
  return `the journal ${health.path} is incomplete: events ${health.written + 1}–${health.appended} (${missing}) are not on disk (${first}${health.broken ? '; the writer gave up' : ''})`;
}

function describe(failure: JournalWriteFailure): string {
  return `${failure.operation} of event ${failure.seq} failed: ${failure.message}`;
}

/** Make the new file's directory entry durable too: an fsynced file nobody can find is lost. */
function fsyncDirectory(path: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dirname(path), 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a directory; the file's own fsyncs still hold.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

const nodeFileIo: JournalFileIo = {
  openSync: (path, flags) => fs.openSync(path, flags),
  writeSync: (fd, buffer, offset, length) => fs.writeSync(fd, buffer, offset, length),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  ftruncateSync: (fd, length) => fs.ftruncateSync(fd, length),
  fstatSync: (fd) => fs.fstatSync(fd),
  closeSync: (fd) => fs.closeSync(fd),
};

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function errnoOf(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
