import { basename } from 'node:path';
import { FaultlineError } from '../core/errors.js';
import type { JournalEvent } from '../runner/journal/events.js';
import { describeTornLine, readJournal } from '../runner/journal/reader.js';
import { renderHtmlReport } from './html/report.js';
import { buildIncident } from './incident/build.js';
import type { IncidentModel } from './incident/model.js';
import { DEFAULT_TEMPLATE, renderMarkdown, type TemplateName } from './render/templates.js';

/**
 * A post-mortem draft from a journal file: read it (src/runner/journal/reader.ts: FAULTLINE_JOURNAL_READ
 * when unreadable, FAULTLINE_JOURNAL_INVALID when malformed), build the incident model, render a
 * template. The reading is the only I/O; the CLI (`faultline postmortem`) and `npm start` write the
 * result where they want it.
 */
export type PostmortemFormat = 'md' | 'html';

export interface PostmortemOptions {
  template?: TemplateName;
  format?: PostmortemFormat;
  /** Where evidence links point, relative to where the draft will be written (default: the journal's file name). */
  journalLink?: string;
  /** "Slow" threshold in ms (default: the experiment's tightest latency check). */
  slowThresholdMs?: number;
}

export interface Postmortem {
  /** The draft in the chosen template, always Markdown. */
  markdown: string;
  /** What to write: the Markdown, or the HTML report around it. */
  output: string;
  model: IncidentModel;
  events: readonly JournalEvent[];
  /** Things worth telling the reader of the draft on standard error (a torn last line, unknown event types). */
  warnings: string[];
}

export function generatePostmortem(journalPath: string, options: PostmortemOptions = {}): Postmortem {
  const contents = readJournal(journalPath);
  const warnings = [...(contents.torn ? [describeTornLine(journalPath, contents.torn)] : []), ...contents.warnings.map((w) => `${journalPath}:${w.line}: ${w.message}`)];
  if (contents.events.length === 0) throw new FaultlineError('FAULTLINE_JOURNAL_INVALID', `${journalPath} holds no event: a journal starts with a run_started line`, { file: journalPath });
  const model = buildIncident(contents.events, {
    journalFile: journalPath,
    journalLink: options.journalLink ?? basename(journalPath),
    ...(options.slowThresholdMs !== undefined ? { slowThresholdMs: options.slowThresholdMs } : {}),
  });
  const markdown = renderMarkdown(model, options.template ?? DEFAULT_TEMPLATE);
  const output = options.format === 'html' ? renderHtmlReport({ title: model.title, markdown, events: contents.events, model }) : markdown;
  return { markdown, output, model, events: contents.events, warnings };
}
