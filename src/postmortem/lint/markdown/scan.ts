import type { SectionKind } from '../finding.js';
import { BARRIER } from '../pattern.js';
import type { CommentNode, Piece, ProseBlock, ScannedDocument, Section } from './blocks.js';
import { maskInline } from './inline.js';
import { classifyHeading } from './sections.js';

/**
 * A small, line-based Markdown scanner: just enough CommonMark to find the prose a person wrote
 * and where it sits. It yields blocks of prose (paragraphs, list items, table cells, headings), each
 * with its section and whether it is a blockquote, and the HTML comments that may carry suppression
 * directives. Fenced and indented code, front matter, link definitions and HTML tags are never prose;
 * code spans, URLs and comments inside prose become barriers no phrase matches across. Every block
 * keeps a map back to source lines and columns. Lazy continuation and other corners of CommonMark
 * that post-mortems do not use are simplified (a line ends a blockquote unless it starts with `>`,
 * except for a paragraph's continuation).
 */

interface Line {
  /** 1-based line number. */
  number: number;
  /** Content after any blockquote markers, with comments replaced by barriers. */
  content: string;
  /** 1-based column of content[0]. */
  column: number;
  quoted: boolean;
}

interface OpenParagraph {
  lines: Array<{ line: number; column: number; content: string }>;
  blockquote: boolean;
  item: boolean;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+|$)/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const THEMATIC = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const LINK_DEFINITION = /^ {0,3}\[[^\]]+\]:\s*\S/;
const LIST_ITEM = /^(\s*)([-+*]|\d{1,9}[.)])(?:[ \t]+(?:\[[ xX]\][ \t]+)?|$)/;
const TABLE_DELIMITER = /^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$/;
const HTML_LINE = /^ {0,3}<\/?[A-Za-z][\w-]*(?:\s[^<>]*)?\/?>\s*$/;
const BLOCKQUOTE = /^(?: {0,3}>[ \t]?)+/;

export function scanMarkdown(source: string): ScannedDocument {
  return new Scanner(source.split(/\r\n|\n|\r/)).run();
}

class Scanner {
  private readonly blocks: ProseBlock[] = [];
  private readonly comments: CommentNode[] = [];
  private readonly headings: Array<{ level: number; text: string; kind: SectionKind }> = [];
  private section: Section = { heading: null, kind: 'analysis' };
  private paragraph: OpenParagraph | null = null;
  private fence: { char: string; length: number; quoted: boolean } | null = null;
  private comment: { raw: string; line: number; column: number } | null = null;
  private table = false;
  private indentedCode = false;
  private inList = false;
  private lastBlank = true;

  constructor(private readonly lines: readonly string[]) {}

  run(): ScannedDocument {
    let first = 0;
    // YAML front matter: metadata, not prose.
    if (/^---\s*$/.test(this.lines[0] ?? '')) {
      const close = this.lines.findIndex((line, index) => index > 0 && /^(?:---|\.\.\.)\s*$/.test(line));
      if (close > 0) first = close + 1;
    }
    for (let index = first; index < this.lines.length; index++) this.line(index);
    this.flush();
    if (this.comment) this.comments.push({ ...this.comment, section: this.section });
    return { blocks: this.blocks, comments: this.comments };
  }

  private line(index: number): void {
    const number = index + 1;
    let text = this.lines[index] as string;
    let startsInComment = false;
    if (this.comment) {
      const close = text.indexOf('-->');
      if (close < 0) {
        this.comment.raw += `\n${text}`;
        return;
      }
      this.comment.raw += `\n${text.slice(0, close + 3)}`;
      this.comments.push({ ...this.comment, section: this.section });
      this.comment = null;
      text = BARRIER.repeat(close + 3) + text.slice(close + 3);
      startsInComment = true;
    }
    const quote = startsInComment ? null : BLOCKQUOTE.exec(text);
    const quoted = quote !== null;
    const prefix = quote?.[0].length ?? 0;
    const content = text.slice(prefix);

    if (this.fence) {
      if (this.fence.quoted && !quoted) {
        this.fence = null;
      } else {
        const close = FENCE.exec(content);
        if (close && close[1]?.[0] === this.fence.char && (close[1]?.length ?? 0) >= this.fence.length && content.trim() === close[1]) this.fence = null;
        return;
      }
    }
    const open = FENCE.exec(content);
    if (open && !(open[1]?.startsWith('`') && content.slice(open[0].length).includes('`'))) {
      this.flush();
      this.fence = { char: open[1]?.[0] ?? '`', length: open[1]?.length ?? 3, quoted };
      return;
    }

    const { masked, hadComment } = this.maskComments(content, number, prefix + 1);
    this.classify({ number, content: masked, column: prefix + 1, quoted }, hadComment, index);
  }

  private classify(line: Line, hadComment: boolean, index: number): void {
    const { content } = line;
    const blank = content.replaceAll(BARRIER, ' ').trim() === '';
    if (blank) {
      // A comment on a line of its own ends a paragraph, as an HTML block does.
      this.flush();
      if (!hadComment) {
        this.lastBlank = true;
        this.table = false;
      }
      return;
    }
    const wasBlank = this.lastBlank;
    this.lastBlank = false;

    if (this.indentedCode || (wasBlank && !this.paragraph && !this.inList && /^(?: {4}|\t)/.test(content))) {
      this.indentedCode = /^(?: {4}|\t)/.test(content);
      if (this.indentedCode) return;
    }

    const atx = ATX.exec(content);
    if (atx) {
      this.flush();
      const body = content.slice(atx[0].length).replace(/[ \t]+#+[ \t]*$|^#+[ \t]*$/, '').trimEnd();
      this.openSection(atx[1]?.length ?? 1, body);
      this.heading(line, atx[0].length, body);
      this.inList = false;
      return;
    }
    const setext = SETEXT.exec(content);
    if (setext && this.paragraph && !this.paragraph.item && this.paragraph.blockquote === line.quoted) {
      const paragraph = this.paragraph;
      this.paragraph = null;
      const text = paragraph.lines.map((l) => l.content).join(' ').trim();
      this.openSection(setext[1]?.startsWith('=') ? 1 : 2, text);
      this.emit(paragraph, true);
      return;
    }
    if (THEMATIC.test(content) || LINK_DEFINITION.test(content) || HTML_LINE.test(content)) {
      this.flush();
      return;
    }
    if (content.includes('|') && (this.table || this.delimiterFollows(index))) {
      this.flush();
      this.table = true;
      if (!TABLE_DELIMITER.test(content)) this.tableRow(line);
      return;
    }
    this.table = false;

    const item = LIST_ITEM.exec(content);
    if (item && !THEMATIC.test(content)) {
      this.flush();
      this.inList = true;
      const start = item[0].length;
      this.paragraph = { lines: [{ line: line.number, column: line.column + start, content: content.slice(start) }], blockquote: line.quoted, item: true };
      return;
    }
    if (wasBlank && !/^\s/.test(content)) this.inList = false;

    if (this.paragraph && (this.paragraph.blockquote === line.quoted || (this.paragraph.blockquote && !line.quoted))) {
      this.paragraph.lines.push({ line: line.number, column: line.column, content });
      return;
    }
    this.flush();
    this.paragraph = { lines: [{ line: line.number, column: line.column, content }], blockquote: line.quoted, item: false };
  }

  /** Replace HTML comments (outside same-line code spans) with barriers, recording each; may open a multi-line one. */
  private maskComments(content: string, line: number, column: number): { masked: string; hadComment: boolean } {
    let out = '';
    let hadComment = false;
    let i = 0;
    while (i < content.length) {
      if (content[i] === '`') {
        const run = /^`+/.exec(content.slice(i))?.[0] ?? '`';
        const close = content.indexOf(run, i + run.length);
        const end = close < 0 ? i + run.length : close + run.length;
        out += content.slice(i, end);
        i = end;
        continue;
      }
      if (content.startsWith('<!--', i)) {
        hadComment = true;
        const close = content.indexOf('-->', i + 4);
        if (close < 0) {
          this.comment = { raw: content.slice(i), line, column: column + i };
          out += BARRIER.repeat(content.length - i);
          break;
        }
        this.comments.push({ raw: content.slice(i, close + 3), line, column: column + i, section: this.section });
        out += BARRIER.repeat(close + 3 - i);
        i = close + 3;
        continue;
      }
      out += content[i];
      i++;
    }
    return { masked: out, hadComment };
  }

  private delimiterFollows(index: number): boolean {
    const next = this.lines[index + 1];
    if (next === undefined) return false;
    const content = next.replace(BLOCKQUOTE, '');
    return content.includes('-') && TABLE_DELIMITER.test(content) && (content.includes('|') || this.lines[index]?.includes('|') === true);
  }

  private tableRow(line: Line): void {
    const { content } = line;
    let start = 0;
    for (let i = 0; i <= content.length; i++) {
      if (i < content.length && (content[i] !== '|' || content[i - 1] === '\\')) continue;
      const cell = content.slice(start, i);
      const lead = cell.length - cell.trimStart().length;
      if (cell.trim() !== '') {
        this.emit({ lines: [{ line: line.number, column: line.column + start + lead, content: cell.trim() }], blockquote: line.quoted, item: true }, false);
      }
      start = i + 1;
    }
  }

  private heading(line: Line, offset: number, body: string): void {
    if (body.trim() === '') return;
    this.emit({ lines: [{ line: line.number, column: line.column + offset, content: body }], blockquote: line.quoted, item: false }, true);
  }

  /**
   * A heading's kind is its own, or its parent section's when it names none; inside a record section,
   * an analysis-sounding heading ("### 14:05 Detection" under "## Timeline") is still the record. A
   * level-1 heading is a title ("# How We Got Here: …"), so its sections keep their own kinds.
   */
  private openSection(level: number, text: string): void {
    while (this.headings.length > 0 && (this.headings.at(-1)?.level ?? 0) >= level) this.headings.pop();
    const parent = this.headings.at(-1);
    const own = classifyHeading(text);
    const inRecord = parent !== undefined && parent.kind === 'record' && parent.level > 1 && own === 'analysis';
    const kind = own === undefined || inRecord ? (parent?.kind ?? 'analysis') : own;
    this.headings.push({ level, text, kind });
    this.section = { heading: text, kind };
  }

  private flush(): void {
    if (this.paragraph) this.emit(this.paragraph, false);
    this.paragraph = null;
  }

  private emit(paragraph: OpenParagraph, heading: boolean): void {
    const pieces: Piece[] = [];
    let text = '';
    for (const [i, l] of paragraph.lines.entries()) {
      if (i > 0) text += '\n';
      pieces.push({ offset: text.length, line: l.line, column: l.column });
      text += l.content;
    }
    if (text.trim() === '') return;
    this.blocks.push({ text: maskInline(text), pieces, section: this.section, blockquote: paragraph.blockquote, heading });
  }
}
