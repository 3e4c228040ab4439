import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writePostmortem } from '../../../src/cli/postmortem.js';
import { writeRunReports } from '../../../src/cli/start.js';
import { buildIncident } from '../../../src/postmortem/incident/build.js';
import { junitXml } from '../../../src/runner/journal/junit.js';
import { readJournal } from '../../../src/runner/journal/reader.js';

// Count the journal reads and incident models behind the demo's reports (the real functions run).
vi.mock('../../../src/runner/journal/reader.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src/runner/journal/reader.js')>();
  return { ...actual, readJournal: vi.fn(actual.readJournal) };
});
vi.mock('../../../src/postmortem/incident/build.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src/postmortem/incident/build.js')>();
  return { ...actual, buildIncident: vi.fn(actual.buildIncident) };
});

const FIXTURE = fileURLToPath(new URL('../../fixtures/journals/payments-outage.jsonl', import.meta.url));

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  vi.mocked(readJournal).mockClear();
  vi.mocked(buildIncident).mockClear();
});
function runFolder(): { runDir: string; journalPath: string } {
  const runDir = mkdtempSync(join(tmpdir(), 'faultline-start-'));
  dirs.push(runDir);
  const journalPath = join(runDir, 'journal.jsonl');
  copyFileSync(FIXTURE, journalPath);
  return { runDir, journalPath };
}

describe('npm start\'s reports (writeRunReports)', () => {
  it('reads the journal once and builds one incident model for junit.xml, postmortem.md and report.html', () => {
    const run = runFolder();
    const written = writeRunReports(run);
    expect(readJournal).toHaveBeenCalledTimes(1);
    expect(buildIncident).toHaveBeenCalledTimes(1);
    expect(readdirSync(run.runDir).sort()).toEqual(['journal.jsonl', 'junit.xml', 'postmortem.md', 'report.html']);
    expect(written).toMatchObject({ junit: join(run.runDir, 'junit.xml'), postmortem: join(run.runDir, 'postmortem.md'), report: join(run.runDir, 'report.html') });
    expect(written.events.length).toBeGreaterThan(0);
  });

  it('writes what the separate writers wrote: the JUnit report and the same draft as Markdown and as HTML, linking the journal beside them', () => {
    const run = runFolder();
    const written = writeRunReports(run);
    const contents = readJournal(run.journalPath);
    expect(written.events).toEqual(contents.events);
    expect(readFileSync(written.junit, 'utf8')).toBe(junitXml(contents.events));
    const ours = { postmortem: readFileSync(written.postmortem, 'utf8'), report: readFileSync(written.report, 'utf8') };
    // What `npm start` wrote before: one writePostmortem per file (each overwrites ours, hence the copies above).
    const markdown = writePostmortem(run.journalPath, { output: join(run.runDir, 'postmortem.md') }).output;
    const html = writePostmortem(run.journalPath, { output: join(run.runDir, 'report.html'), format: 'html' }).output;
    expect(ours.postmortem).toBe(markdown);
    expect(ours.report).toBe(html);
    expect(markdown).toContain('](journal.jsonl#L');
  });
});
