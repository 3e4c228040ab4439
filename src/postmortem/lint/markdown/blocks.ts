import type { SectionKind } from '../finding.js';

/** What the Markdown scanner (scan.ts) yields: blocks of prose and comments, each mapped back to the source. */

export interface Section {
  /** The heading as written, markup and all (null before the first heading). */
  heading: string | null;
  kind: SectionKind;
}

/** Where a run of a block's text comes from: text offset → source line and column (1-based). */
export interface Piece {
  offset: number;
  line: number;
  column: number;
}

export interface ProseBlock {
  /** Masked text: same length as the source pieces joined by "\n". */
  text: string;
  pieces: Piece[];
  section: Section;
  blockquote: boolean;
  heading: boolean;
}

/** An HTML comment outside code, from `<!--` to `-->` as in the source (line breaks included). */
export interface CommentNode {
  raw: string;
  line: number;
  column: number;
  section: Section;
}

export interface ScannedDocument {
  blocks: ProseBlock[];
  comments: CommentNode[];
}

/** The source line and column (1-based) of a block's text offset. */
export function locate(block: ProseBlock, offset: number): { line: number; column: number } {
  let piece = block.pieces[0] as Piece;
  for (const p of block.pieces) {
    if (p.offset > offset) break;
    piece = p;
  }
  return { line: piece.line, column: piece.column + (offset - piece.offset) };
}
