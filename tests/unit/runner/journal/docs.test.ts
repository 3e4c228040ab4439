import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JOURNAL_EVENT_TYPES, RUN_EXIT_CODES } from '../../../../src/runner/journal/events.js';
import { parseJournal } from '../../../../src/runner/journal/reader.js';
import { eventShapeProblems } from '../../../../src/runner/journal/schema.js';

/** docs/JOURNAL.md shows an example line of every event type: each must be a valid event. */
const doc = readFileSync(new URL('../../../../docs/JOURNAL.md', import.meta.url), 'utf8');
const examples = [...doc.matchAll(/```jsonl\n([\s\S]*?)```/g)].flatMap((m) => (m[1] as string).split('\n').filter(Boolean));

describe('docs/JOURNAL.md', () => {
  it('has an example line for every event type', () => {
    const types = new Set(examples.map((line) => (JSON.parse(line) as { type: string }).type));
    expect([...JOURNAL_EVENT_TYPES].filter((type) => !types.has(type))).toEqual([]);
  });

  it.each(examples.map((line) => [(JSON.parse(line) as { type: string }).type, line]))('shows a valid %s line', (_type, line) => {
    const event = JSON.parse(line) as Record<string, unknown>;
    expect(eventShapeProblems(event.type as (typeof JOURNAL_EVENT_TYPES)[number], event)).toEqual([]);
    // The envelope too: renumber as the first events of a journal and let the reader judge.
    const started = examples[0] as string;
    const text = event.type === 'run_started' ? `${line}\n` : `${started}\n${line.replace(/^\{"seq":\d+/, '{"seq":2')}\n`;
    expect(parseJournal(text).events).toHaveLength(event.type === 'run_started' ? 1 : 2);
  });

  it('documents the exit codes the verdict records', () => {
    for (const code of Object.values(RUN_EXIT_CODES)) expect(doc).toMatch(new RegExp(`^\\| ${code} \\| \``, 'm'));
  });
});
