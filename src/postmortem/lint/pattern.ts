/**
 * How rule patterns are written. A rule's pattern is a regular expression in a small dialect that
 * keeps the rule files readable and makes every rule tolerant of Markdown prose:
 * - a space (outside a character class) means one or more whitespace characters, line breaks
 *   included, so a phrase wrapped across two lines of a paragraph still matches;
 * - an apostrophe means either `'` or `’` (typographic quotes are common in pasted prose);
 * - matching is case-insensitive, Unicode-aware, and bounded by words: a pattern never matches
 *   inside a longer word, nor inside a hyphenated compound (`blame` does not match `blame-aware`,
 *   `obvious` does not match `non-obvious`).
 */

/**
 * What the scanner puts in place of code spans, URLs and HTML comments: not a space and not a word
 * character, so no phrase matches across it (`should \`x\` have` is not `should have`).
 */
export const BARRIER = '\uFFFC';

const WORD = '[\\p{L}\\p{N}_]';
/** Not preceded by a word character, nor by a word character and a hyphen or apostrophe. */
export const LEFT_BOUNDARY = `(?<!${WORD}|${WORD}[-'’])`;
/** Not followed by a word character, nor by a hyphen or apostrophe and a word character. */
export const RIGHT_BOUNDARY = `(?!${WORD}|[-'’]${WORD})`;

/** Expand the dialect (spaces, apostrophes) into a plain regular-expression source. */
export function expand(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c === '\\') {
      out += c + (source[i + 1] ?? '');
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c === "'" ? "'’" : c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === ' ') {
      while (source[i + 1] === ' ') i++;
      out += '\\s+';
    } else if (c === "'") {
      out += "['’]";
    } else {
      out += c;
    }
  }
  return out;
}

/** A word-bounded, case-insensitive, global pattern from the dialect. */
export function wordPattern(source: string): RegExp {
  return new RegExp(`${LEFT_BOUNDARY}(?:${expand(source)})${RIGHT_BOUNDARY}`, 'giu');
}

/** Alternatives for literal words or phrases (escaped, spaces kept for `expand`), longest first. */
export function alternatives(phrases: readonly string[]): string {
  const escaped = [...new Set(phrases)].sort((a, b) => b.length - a.length || a.localeCompare(b)).map(escapePhrase);
  return `(?:${escaped.join('|')})`;
}

function escapePhrase(phrase: string): string {
  return phrase
    .trim()
    .split(/\s+/)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join(' ');
}
