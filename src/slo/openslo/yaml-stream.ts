import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { yamlPosition, type Problem } from '../../core/yaml-document.js';

/**
 * A multi-document YAML stream (`---` separated, as OpenSLO files are), each document with a way to
 * find the line and column of any path in it, so the importer can report problems as an editor shows them.
 */

export type Path = ReadonlyArray<string | number>;

export interface SourceDocument {
  /** Position in the stream, from 0 (empty documents count). */
  index: number;
  value: unknown;
  locate(path: Path): { line: number; column: number };
}

export interface YamlStream {
  documents: SourceDocument[];
  /** Syntax errors, with `document N` as their path. */
  problems: Problem[];
}

export function parseYamlStream(text: string): YamlStream {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  // parseAllDocuments returns an EmptyStream (not an array) for a stream with no document at all.
  const docs: Document[] = Array.isArray(parsed) ? parsed : [];
  const problems: Problem[] = [];
  const documents: SourceDocument[] = [];
  docs.forEach((doc, index) => {
    for (const error of doc.errors) {
      const pos = lineCounter.linePos(error.pos[0]);
      problems.push({ path: `document ${index + 1}`, line: pos.line, column: pos.col, message: `not valid YAML: ${error.message.split('\n')[0]}` });
    }
    if (doc.errors.length > 0) return;
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) return;
    documents.push({ index, value, locate: (path) => yamlPosition(doc, lineCounter, path) });
  });
  return { documents, problems };
}
