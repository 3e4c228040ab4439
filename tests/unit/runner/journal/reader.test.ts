import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../../../src/core/errors.js';
import { JOURNAL_FORMAT_VERSION } from '../../../../src/runner/journal/events.js';
import { describeTornLine, parseJournal, readJournal, type JournalProblem } from '../../../../src/runner/journal/reader.js';
import { goldenPath, sampleEvents, sampleLines, useTempDir } from './helpers.js';

const tempDir = useTempDir();
const FILE = 'runs/r1/journal.jsonl';

/** The sample journal's text with line `n` (1-based) replaced. */
function withLine(n: number, replacement: string | ((line: string) => string)): string {
  const lines = sampleLines();
  lines[n - 1] = typeof replacement === 'function' ? replacement(lines[n - 1] as string) : replacement;
  return `${lines.join('\n')}\n`;
}

function refusal(text: string): { message: string; problems: JournalProblem[] } {
  try {
    parseJournal(text, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(FaultlineError);
    expect((error as FaultlineError).code).toBe('FAULTLINE_JOURNAL_INVALID');
    return { message: (error as FaultlineError).message, problems: (error as FaultlineError).details.problems as JournalProblem[] };
  }
  throw new Error('expected the journal to be refused');
}

describe('readJournal', () => {
  it('reads the checked-in sample journal back as the events the runner recorded', () => {
    const contents = readJournal(goldenPath('deviated-run.jsonl'));
    expect(contents.events).toEqual(sampleEvents());
    expect(contents).toMatchObject({ foreign: [], warnings: [] });
    expect(contents.torn).toBeUndefined();
  });

  it('reads an empty journal (a crash before the first event) as no events', () => {
    expect(parseJournal('', FILE)).toMatchObject({ events: [], foreign: [], warnings: [] });
  });

  it('fails with FAULTLINE_JOURNAL_READ when the file cannot be read', () => {
    expect(() => readJournal(join(tempDir(), 'nope.jsonl'))).toThrow(expect.objectContaining({ code: 'FAULTLINE_JOURNAL_READ' }));
  });
});

describe('a torn last line (a crash mid-write)', () => {
  const lines = sampleLines();
  const last = lines[lines.length - 1] as string;
  const whole = lines.slice(0, -1).map((l) => `${l}\n`).join('');

  it.each([
    ['cut after one byte', last.slice(0, 1)],
    ['cut in the middle', last.slice(0, Math.floor(last.length / 2))],
    ['complete JSON but no newline yet', last],
    ['zeros a file system left after a crash', '\u0000\u0000\u0000\u0000'],
  ])('is reported and left out when %s', (_name, tail) => {
    const contents = parseJournal(whole + tail, FILE);
    expect(contents.events).toHaveLength(lines.length - 1);
    expect(contents.torn).toEqual({ line: lines.length, bytes: Buffer.byteLength(tail), start: tail.length > 60 ? `${tail.slice(0, 60)}…` : tail });
  });

  it('is described with file:line for standard error', () => {
    const contents = parseJournal(`${whole}{"seq":3`, FILE);
    expect(describeTornLine(FILE, contents.torn as NonNullable<typeof contents.torn>)).toBe(`${FILE}:${lines.length}: the last line (8 bytes, "{"seq":3") has no newline: a write cut short by a crash; left out`);
  });
});

describe('a malformed line before the end', () => {
  it.each([
    ['text that is not JSON', 3, 'garbage', /not JSON/],
    ['an empty line', 3, '', /found an empty line/],
    ['an array', 3, '[1,2]', /expected a JSON object, found \[1,2\]/],
    ['a seq that skips one', 3, (l: string) => l.replace('"seq":3', '"seq":4'), /expected "seq": 3 \(seq counts 1, 2, 3, … without gaps\), found 4/],
    ['a seq that repeats', 3, (l: string) => l.replace('"seq":3', '"seq":2'), /expected "seq": 3 .*found 2/],
    ['a seq that is not a number', 3, (l: string) => l.replace('"seq":3', '"seq":"3"'), /expected "seq": a whole number, found "3"/],
    ['a local time', 3, (l: string) => l.replace(/"time":"[^"]+"/, '"time":"2026-11-27T11:00:00.135+01:00"'), /expected "time": a UTC time with milliseconds/],
    ['a time without milliseconds', 3, (l: string) => l.replace(/"time":"[^"]+"/, '"time":"2026-11-27T10:00:00Z"'), /expected "time"/],
    ['no type', 3, (l: string) => l.replace('"type":"phase",', ''), /expected "type": an event type \(run_started, phase, .*\), found nothing/],
    ['a first event other than run_started', 1, (l: string) => l.replace(/"type":"run_started".*$/, '"type":"note","text":"hi"}'), /expected the first event to be "run_started", found "note"/],
    ['a phase that does not exist', 3, (l: string) => l.replace('"phase":"validate"', '"phase":"warmup"'), /phase event: expected "phase": one of "validate", "preflight", .*found "warmup"/],
    ['a check whose observed value is text', 10, (l: string) => l.replace('"observed":0', '"observed":"0 %"'), /hypothesis event: expected "checks\[0\]\.observed": a number or null, found "0 %"/],
    ['a fault without a target', 13, (l: string) => l.replace(/"target":\{[^}]*\},/, ''), /fault_injected event: expected "target": an object with "proxy"/],
    ['a stream that does not exist', 13, (l: string) => l.replace('"stream":"downstream"}', '"stream":"sideways"}'), /fault_injected event: expected "target": .*found \{"proxy":"gateway-catalog","stream":"sideways"\}/],
    ['a removal without its reason', 19, (l: string) => l.replace(',"reason":"scheduled"', ''), /fault_removed event: expected "reason": one of "scheduled", "rollback", "abort", "panic", "lease-expired", found nothing/],
    ['a load sample with a negative count', 8, (l: string) => l.replace('"failed":0', '"failed":-1'), /load_sample event: expected "failed": a whole number ≥ 0, found -1/],
    ['a verdict with an unknown exit code', 32, (l: string) => l.replace('"exitCode":1', '"exitCode":9'), /verdict event: expected "exitCode": an exit code 0–4, found 9/],
  ])('is refused with file:line and what was expected: %s', (_name, line, replacement, message) => {
    const { message: text, problems } = refusal(withLine(line, replacement));
    expect(problems.map((p) => p.line)).toContain(line);
    expect(text).toContain(`${FILE}:${line}: `);
    expect(text).toMatch(message);
  });

  it('lists every problem, not just the first', () => {
    const lines = sampleLines();
    lines[2] = 'garbage';
    lines[4] = (lines[4] as string).replace('"ok":true', '"ok":"yes"');
    const { message, problems } = refusal(`${lines.join('\n')}\n`);
    expect(problems).toEqual([
      { line: 3, message: expect.stringMatching(/not JSON/) },
      { line: 5, message: 'probe event: expected "ok": true or false, found "yes"' },
    ]);
    expect(message).toMatch(/^runs\/r1\/journal\.jsonl is not a valid journal \(2 problems\):\n {2}runs\/r1\/journal\.jsonl:3: .*\n {2}runs\/r1\/journal\.jsonl:5: /);
  });

  it('lists at most 20 problems in the message and keeps them all in the details', () => {
    const lines = sampleLines().map((l, i) => (i === 0 ? l : 'x'));
    const { message, problems } = refusal(`${lines.join('\n')}\n`);
    expect(problems).toHaveLength(lines.length - 1);
    expect(message).toMatch(/… and 13 more$/);
  });

  it('refuses a malformed line even when the file also ends torn', () => {
    const { problems } = refusal(`${withLine(3, 'garbage')}{"seq":`);
    expect(problems.map((p) => p.line)).toEqual([3]);
  });
});

describe('events from a newer Faultline', () => {
  it('keeps an event of an unknown type, with a warning, and counts its seq', () => {
    const lines = sampleLines();
    const foreign = `{"seq":3,"time":"2026-11-27T10:00:00.135Z","type":"chaos_monkey","mood":"playful"}`;
    const renumbered = [lines[0], lines[1], foreign, ...lines.slice(2).map((l) => l.replace(/^\{"seq":(\d+)/, (_m, n: string) => `{"seq":${Number(n) + 1}`))];
    const path = join(tempDir(), 'journal.jsonl');
    writeFileSync(path, `${renumbered.join('\n')}\n`);
    const contents = readJournal(path);
    expect(contents.events).toHaveLength(lines.length);
    expect(contents.foreign).toEqual([{ line: 3, seq: 3, time: '2026-11-27T10:00:00.135Z', type: 'chaos_monkey', event: { seq: 3, time: '2026-11-27T10:00:00.135Z', type: 'chaos_monkey', mood: 'playful' } }]);
    expect(contents.warnings).toEqual([{ line: 3, message: 'unknown event type "chaos_monkey" (written by a newer Faultline?), kept as is' }]);
  });

  it('keeps fields it does not know and warns about a newer format version', () => {
    const text = withLine(1, (l) => l.replace(`"formatVersion":${JOURNAL_FORMAT_VERSION}`, `"formatVersion":${JOURNAL_FORMAT_VERSION + 1},"region":"eu"`));
    const contents = parseJournal(text, FILE);
    expect(contents.events[0]).toMatchObject({ region: 'eu' });
    expect(contents.warnings).toEqual([{ line: 1, message: expect.stringMatching(new RegExp(`written in journal format ${JOURNAL_FORMAT_VERSION + 1}, newer than this Faultline's ${JOURNAL_FORMAT_VERSION}`)) }]);
  });
});
