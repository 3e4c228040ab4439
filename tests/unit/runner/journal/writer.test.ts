import * as fs from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../src/core/clock.js';
import { FaultlineError } from '../../../../src/core/errors.js';
import type { JournalEventInput } from '../../../../src/runner/journal/events.js';
import { parseJournal, readJournal } from '../../../../src/runner/journal/reader.js';
import { journalHealthProblem, JournalWriter, type JournalFileIo, type JournalWriteFailure } from '../../../../src/runner/journal/writer.js';
import { expectGolden, sampleEvents, useTempDir, writeSampleJournal } from './helpers.js';
import { RUN_START_MS, RUN_STARTED } from './sample-run.js';

const tempDir = useTempDir();
const note = (text: string): JournalEventInput => ({ type: 'note', text });

/** A disk whose next writes or fsyncs fail with an errno until told otherwise. */
function flakyDisk(): { io: Partial<JournalFileIo>; calls: Record<string, number>; failWrites: (errno: string | undefined, partialBytes?: number) => void; failFsync: (errno: string | undefined) => void; failTruncate: () => void } {
  const calls: Record<string, number> = { write: 0, fsync: 0, truncate: 0 };
  let writeErrno: string | undefined;
  let partial = 0;
  let fsyncErrno: string | undefined;
  let truncateFails = false;
  const fail = (errno: string) => Object.assign(new Error(`${errno}: simulated`), { code: errno });
  return {
    calls,
    io: {
      writeSync(fd, buffer, offset, length) {
        calls.write = (calls.write ?? 0) + 1;
        if (writeErrno) {
          // A full disk may take part of a line before refusing the rest.
          if (partial > 0) fs.writeSync(fd, buffer, offset, Math.min(partial, length));
          throw fail(writeErrno);
        }
        return fs.writeSync(fd, buffer, offset, length);
      },
      fsyncSync(fd) {
        calls.fsync = (calls.fsync ?? 0) + 1;
        if (fsyncErrno) throw fail(fsyncErrno);
        fs.fsyncSync(fd);
      },
      ftruncateSync(fd, length) {
        calls.truncate = (calls.truncate ?? 0) + 1;
        if (truncateFails) throw fail('EIO');
        fs.ftruncateSync(fd, length);
      },
    },
    failWrites: (errno, partialBytes = 0) => ((writeErrno = errno), (partial = partialBytes)),
    failFsync: (errno) => (fsyncErrno = errno),
    failTruncate: () => (truncateFails = true),
  };
}

describe('JournalWriter', () => {
  it('writes the sample run so that the reader gives back exactly the events append returned', () => {
    const path = join(tempDir(), 'journal.jsonl');
    const written = writeSampleJournal(path);
    const read = readJournal(path);
    expect(read.events).toEqual(written);
    expect(read.torn).toBeUndefined();
    expect(read.warnings).toEqual([]);
    expect(written).toEqual(sampleEvents());
  });

  it('produces the checked-in sample journal byte for byte', () => {
    const path = join(tempDir(), 'journal.jsonl');
    writeSampleJournal(path);
    expectGolden('deviated-run.jsonl', fs.readFileSync(path, 'utf8'));
  });

  it('numbers events from 1 and stamps them with the injected clock, in UTC with milliseconds', () => {
    const clock = new ManualClock(RUN_START_MS);
    const writer = JournalWriter.open(join(tempDir(), 'journal.jsonl'), { clock });
    const first = writer.append(RUN_STARTED);
    clock.advance(1001.5);
    const second = writer.append(note('one second later'));
    clock.advance(60_000);
    const third = writer.append(note('a minute later'));
    expect([first, second, third].map((e) => [e.seq, e.time])).toEqual([
      [1, '2026-11-27T10:00:00.123Z'],
      [2, '2026-11-27T10:00:01.124Z'],
      [3, '2026-11-27T10:01:01.124Z'],
    ]);
    expect(writer.lastSeq).toBe(3);
    expect(writer.close()).toMatchObject({ appended: 3, written: 3, pending: 0, broken: false, failureCount: 0 });
  });

  it('has every event on disk, as one whole line, and fsynced, by the time append returns', () => {
    const path = join(tempDir(), 'journal.jsonl');
    const disk = flakyDisk();
    const clock = new ManualClock(RUN_START_MS);
    const writer = JournalWriter.open(path, { clock, io: disk.io });
    writer.append(RUN_STARTED);
    for (let seq = 2; seq <= 5; seq += 1) {
      writer.append(note(`event ${seq}`));
      const text = fs.readFileSync(path, 'utf8');
      expect(text.endsWith('\n')).toBe(true);
      expect(parseJournal(text).events.length).toBe(seq);
      expect(disk.calls.fsync).toBe(seq);
    }
    writer.close();
  });

  it.each([
    ['a folder that does not exist', (dir: string) => join(dir, 'missing', 'journal.jsonl'), /cannot open the journal .*ENOENT/],
    ['a file that already holds a run', (dir: string) => (fs.writeFileSync(join(dir, 'journal.jsonl'), '{"seq":1}\n'), join(dir, 'journal.jsonl')), /already holds 10 bytes of another run/],
  ])('refuses to open %s (FAULTLINE_JOURNAL_OPEN)', (_name, prepare, message) => {
    const path = prepare(tempDir());
    let error: unknown;
    try {
      JournalWriter.open(path, { clock: new ManualClock() });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FaultlineError);
    expect((error as FaultlineError).code).toBe('FAULTLINE_JOURNAL_OPEN');
    expect((error as FaultlineError).message).toMatch(message);
  });

  it('survives a full disk: cuts the torn line back, keeps the events, writes them in order once space returns', () => {
    const path = join(tempDir(), 'journal.jsonl');
    const disk = flakyDisk();
    const failures: JournalWriteFailure[] = [];
    const writer = JournalWriter.open(path, { clock: new ManualClock(RUN_START_MS), io: disk.io, onFailure: (f) => failures.push(f) });
    writer.append(RUN_STARTED);
    writer.append(note('two'));
    disk.failWrites('ENOSPC', 7);
    expect(() => writer.append(note('three'))).not.toThrow();
    writer.append(note('four'));
    // Nothing half-written stays behind: the file is still the valid prefix 1..2.
    expect(parseJournal(fs.readFileSync(path, 'utf8')).events.map((e) => e.seq)).toEqual([1, 2]);
    expect(writer.health()).toMatchObject({ appended: 4, written: 2, pending: 2, broken: false, failureCount: 2, firstFailure: { seq: 3, operation: 'write', errno: 'ENOSPC' }, lastFailure: { seq: 3 } });
    expect(journalHealthProblem(writer.health())).toMatch(/events 3–4 \(2\) are not on disk \(write of event 3 failed: ENOSPC/);
    // One report per outage, not one per retry.
    expect(failures).toHaveLength(1);

    disk.failWrites(undefined);
    writer.append(note('five'));
    const read = readJournal(path);
    expect(read.events.map((e) => [e.seq, e.type === 'note' ? e.text : e.type])).toEqual([[1, 'run_started'], [2, 'two'], [3, 'three'], [4, 'four'], [5, 'five']]);
    expect(writer.close()).toMatchObject({ appended: 5, written: 5, pending: 0, failureCount: 2 });
    expect(journalHealthProblem(writer.health())).toMatch(/recovered after 2 failed write\(s\).*no event was lost/);
  });

  it('treats a failed fsync as a failed write: the line is cut back and rewritten', () => {
    const path = join(tempDir(), 'journal.jsonl');
    const disk = flakyDisk();
    const writer = JournalWriter.open(path, { clock: new ManualClock(RUN_START_MS), io: disk.io });
    writer.append(RUN_STARTED);
    disk.failFsync('EIO');
    writer.append(note('two'));
    expect(fs.readFileSync(path, 'utf8').split('\n')).toHaveLength(2);
    expect(writer.health()).toMatchObject({ written: 1, pending: 1, firstFailure: { seq: 2, operation: 'fsync', errno: 'EIO' } });
    disk.failFsync(undefined);
    expect(writer.close()).toMatchObject({ written: 2, pending: 0 });
    expect(readJournal(path).events).toHaveLength(2);
  });

  it('gives up for good when it cannot cut a torn line back, leaving a prefix the reader accepts', () => {
    const path = join(tempDir(), 'journal.jsonl');
    const disk = flakyDisk();
    const writer = JournalWriter.open(path, { clock: new ManualClock(RUN_START_MS), io: disk.io });
    writer.append(RUN_STARTED);
    disk.failWrites('EIO', 5);
    disk.failTruncate();
    writer.append(note('two'));
    const writesSoFar = disk.calls.write;
    writer.append(note('three'));
    expect(disk.calls.write).toBe(writesSoFar);
    const health = writer.close();
    expect(health).toMatchObject({ appended: 3, written: 1, broken: true, lastFailure: { operation: 'truncate' } });
    expect(journalHealthProblem(health)).toMatch(/events 2–3 \(2\) are not on disk .*the writer gave up/);
    const read = readJournal(path);
    expect(read.events).toHaveLength(1);
    expect(read.torn).toMatchObject({ line: 2, bytes: 5 });
  });

  it('gives up once more events wait than it may hold, so memory stays bounded', () => {
    const disk = flakyDisk();
    const writer = JournalWriter.open(join(tempDir(), 'journal.jsonl'), { clock: new ManualClock(), io: disk.io, maxPending: 3 });
    writer.append(RUN_STARTED);
    disk.failWrites('ENOSPC');
    for (let i = 0; i < 4; i += 1) writer.append(note(`n${i}`));
    expect(writer.health()).toMatchObject({ appended: 5, written: 1, pending: 0, broken: true });
  });

  it('never throws into the run: not after close, not when the failure callback itself throws', () => {
    const disk = flakyDisk();
    const writer = JournalWriter.open(join(tempDir(), 'journal.jsonl'), {
      clock: new ManualClock(),
      io: disk.io,
      onFailure: () => {
        throw new Error('logger down');
      },
    });
    writer.append(RUN_STARTED);
    disk.failWrites('ENOSPC');
    expect(() => writer.append(note('refused'))).not.toThrow();
    writer.close();
    expect(() => writer.append(note('too late'))).not.toThrow();
    expect(writer.health()).toMatchObject({ appended: 3, written: 1, lastFailure: { seq: 3, operation: 'closed' } });
  });

  it('says nothing in the verdict when every event reached the disk', () => {
    const writer = JournalWriter.open(join(tempDir(), 'journal.jsonl'), { clock: new ManualClock() });
    writer.append(RUN_STARTED);
    expect(journalHealthProblem(writer.close())).toBeUndefined();
  });
});
