import { BARRIER } from '../pattern.js';

/**
 * Inline Markdown, masked without moving a character (so offsets still map to source columns):
 * code spans, autolinks and bare URLs become barriers (never prose, and no phrase matches across
 * them); link destinations, HTML tags, emphasis markers and escapes become spaces (the words around
 * them still read as one sentence: "**should** have" is "should have").
 */
export function maskInline(text: string): string {
  const chars = [...text.split('')];
  const fill = (start: number, end: number, c: string) => {
    for (let i = start; i < end; i++) if (chars[i] !== '\n' || c === BARRIER) chars[i] = c;
  };
  maskCodeSpans(text, fill);
  const current = () => chars.join('');
  for (const match of current().matchAll(/<(?:https?|ftp|mailto):[^\s<>]*>|\b(?:https?|ftp):\/\/[^\s<>()[\]`]+/giu)) fill(match.index, match.index + match[0].length, BARRIER);
  for (const match of current().matchAll(/\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)|\]\[[^\]]*\]|!?\[|\]/gu)) fill(match.index, match.index + match[0].length, ' ');
  for (const match of current().matchAll(/<\/?[A-Za-z][\w-]*(?:\s[^<>]*)?\/?>/gu)) fill(match.index, match.index + match[0].length, ' ');
  for (const match of current().matchAll(/\\(?=[!-/:-@[-`{-~])|[*~]+|(?<![\p{L}\p{N}])_+|_+(?![\p{L}\p{N}])/gu)) fill(match.index, match.index + match[0].length, ' ');
  return chars.join('');
}

/** Code spans: a run of n backticks up to the next run of exactly n (CommonMark); an unmatched run is masked alone. */
function maskCodeSpans(text: string, fill: (start: number, end: number, c: string) => void): void {
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '`') {
      i++;
      continue;
    }
    const run = /^`+/.exec(text.slice(i))?.[0] as string;
    let close = -1;
    for (let j = text.indexOf(run, i + run.length); j >= 0; j = text.indexOf(run, j + 1)) {
      if (text[j - 1] !== '`' && text[j + run.length] !== '`') {
        close = j;
        break;
      }
      while (text[j + 1] === '`') j++;
    }
    const end = close < 0 ? i + run.length : close + run.length;
    fill(i, end, BARRIER);
    i = end;
  }
}

/**
 * Ranges of inline quoted speech: "…" and “…” (a straight quote closes a straight one, a closing
 * curly quote closes either). An opening quote without a close is not a quote.
 */
export function quoteRanges(text: string): Array<readonly [number, number]> {
  const ranges: Array<readonly [number, number]> = [];
  let open = -1;
  let openChar = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '“' && open < 0) {
      open = i;
      openChar = c;
    } else if (c === '”' && open >= 0) {
      ranges.push([open, i + 1]);
      open = -1;
    } else if (c === '"') {
      if (open < 0) {
        open = i;
        openChar = c;
      } else if (openChar === '"') {
        ranges.push([open, i + 1]);
        open = -1;
      }
    }
  }
  return ranges;
}
