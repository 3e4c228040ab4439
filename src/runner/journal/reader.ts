import { readFileSync } from 'node:fs';
import { FaultlineError } from '../../core/errors.js';
import { JOURNAL_EVENT_TYPES, JOURNAL_FORMAT_VERSION, type ForeignEvent, type JournalEvent, type JournalEventType } from './events.js';
import { eventShapeProblems } from './schema.js';

/**
 * Reads a journal back. What it accepts is exactly what the writer promises (docs/JOURNAL.md):
 * - an event is in the journal once its line ends with "\n"; a last line without one is a write a
 *   crash cut short ("torn"): reported in `torn` and left out, never an error;
 * - anything else malformed (bad JSON, a missing or mistyped field, a seq out of order, a first
 *   event other than run_started) is refused with FAULTLINE_JOURNAL_INVALID naming every problem
 *   as file:line and what was expected;
 * - events of types this version does not know (a newer writer's) are kept in `foreign`, with a
 *   warning: a report can still be built from the rest.
 */

export interface TornLine {
  /** 1-based line number of the torn line. */
  line: number;
  bytes: number;
  /** Its first characters (… when cut), for the message. */
  start: string;
}

export interface JournalWarning {
  line: number;
  message: string;
}

export interface JournalContents {
  file: string;
  /** Known events, in seq order. */
  events: JournalEvent[];
  /** Events of unknown types, in order (their seqs are part of the continuity check). */
  foreign: ForeignEvent[];
  torn?: TornLine;
  warnings: JournalWarning[];
}

export interface JournalProblem {
  line: number;
  message: string;
}

/** Problems listed in the error message; `details.problems` keeps them all. */
const LISTED_PROBLEMS = 20;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const KNOWN = new Set<string>(JOURNAL_EVENT_TYPES);

/** Read and check a journal file (FAULTLINE_JOURNAL_READ when unreadable, _INVALID when malformed). */
export function readJournal(path: string): JournalContents {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new FaultlineError('FAULTLINE_JOURNAL_READ', `cannot read the journal ${path}: ${(error as Error).message}`, { file: path });
  }
  return parseJournal(text, path);
}

/** Check a journal's text; `file` names it in messages. Pure. */
export function parseJournal(text: string, file = '<journal>'): JournalContents {
  const lines = text.split('\n');
  // split leaves '' after a final "\n"; anything else there was written without its newline.
  const tail = lines.pop() as string;
  const contents: JournalContents = { file, events: [], foreign: [], warnings: [] };
  if (tail !== '') contents.torn = { line: lines.length + 1, bytes: Buffer.byteLength(tail), start: tail.length > 60 ? `${tail.slice(0, 60)}…` : tail };

  const problems: JournalProblem[] = [];
  let expectedSeq = 1;
  lines.forEach((raw, index) => {
    const line = index + 1;
    const problem = (message: string) => problems.push({ line, message });
    // A line that holds no readable event still stands for one: the next line should carry seq + 1.
    const unreadable = (message: string) => ((expectedSeq += 1), problem(message));
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (text.trim() === '') return unreadable('expected one JSON event per line, found an empty line');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return unreadable(`expected one JSON event per line, found text that is not JSON (${(error as Error).message})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return unreadable(`expected a JSON object, found ${describeValue(value)}`);
    const event = value as Record<string, unknown>;

    if (!Number.isInteger(event.seq)) problem(`expected "seq": a whole number, found ${describeValue(event.seq)}`);
    else if (event.seq !== expectedSeq) problem(`expected "seq": ${expectedSeq} (seq counts 1, 2, 3, … without gaps), found ${event.seq as number}`);
    if (Number.isInteger(event.seq)) expectedSeq = (event.seq as number) + 1;
    if (typeof event.time !== 'string' || !TIME.test(event.time) || Number.isNaN(Date.parse(event.time))) {
      problem(`expected "time": a UTC time with milliseconds like "2026-11-27T10:00:00.123Z", found ${describeValue(event.time)}`);
    }
    if (typeof event.type !== 'string' || event.type === '') return problem(`expected "type": an event type (${JOURNAL_EVENT_TYPES.join(', ')}), found ${describeValue(event.type)}`);
    if (line === 1 && event.type !== 'run_started') problem(`expected the first event to be "run_started", found "${event.type}"`);

    if (!KNOWN.has(event.type)) {
      contents.warnings.push({ line, message: `unknown event type "${event.type}" (written by a newer Faultline?), kept as is` });
      contents.foreign.push({ line, seq: event.seq as number, time: event.time as string, type: event.type, event });
      return;
    }
    const type = event.type as JournalEventType;
    for (const p of eventShapeProblems(type, event)) {
      problem(`${type} event: expected "${p.path}": ${p.expected}, found ${describeValue(p.found)}`);
    }
    if (type === 'run_started' && typeof event.formatVersion === 'number' && event.formatVersion > JOURNAL_FORMAT_VERSION) {
      contents.warnings.push({ line, message: `written in journal format ${event.formatVersion}, newer than this Faultline's ${JOURNAL_FORMAT_VERSION}: fields it added are ignored` });
    }
    contents.events.push(event as unknown as JournalEvent);
  });

  if (problems.length > 0) {
    const listed = problems.slice(0, LISTED_PROBLEMS).map((p) => `  ${file}:${p.line}: ${p.message}`);
    if (problems.length > LISTED_PROBLEMS) listed.push(`  … and ${problems.length - LISTED_PROBLEMS} more`);
    throw new FaultlineError('FAULTLINE_JOURNAL_INVALID', `${file} is not a valid journal (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${listed.join('\n')}`, { file, problems });
  }
  return contents;
}

/** A sentence about the torn line, for a warning on standard error. */
export function describeTornLine(file: string, torn: TornLine): string {
  return `${file}:${torn.line}: the last line (${torn.bytes} bytes, "${torn.start}") has no newline: a write cut short by a crash; left out`;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}…` : json;
}
