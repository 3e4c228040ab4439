/**
 * Just enough PromQL to move queries between Faultline's form (Sloth's events SLI: rates with a
 * `{{.window}}` range) and OpenSLO's (a counter the consumer takes increases of): a parser for one
 * series selector, the shapes `sum(SEL)` and `sum(rate(SEL[{{.window}}]))`, and the subquery forms
 * used when a query is anything else. No evaluation, no full grammar.
 */

import { sumRate as coreSumRate } from '../../core/promql.js';

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  name: string;
  op: MatchOp;
  value: string;
}

export interface Selector {
  /** Empty when the selector is only `{...}`. */
  metric: string;
  matchers: Matcher[];
}

const WINDOW = String.raw`\[\s*\{\{ *\.window *\}\}\s*\]`;
const SUM_RATE = new RegExp(String.raw`^\s*sum\s*\(\s*rate\s*\(\s*(.*)\s*${WINDOW}\s*\)\s*\)\s*$`, 's');
const SUM = /^\s*sum\s*\((.*)\)\s*$/s;
const METRIC = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const LABEL = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const OPERATOR = /=~|!~|!=|=/y;

/** Parse a whole string as one instant-vector selector (`metric{label="v",...}`), or undefined. */
export function parseSelector(text: string): Selector | undefined {
  const source = text.trim();
  let at = 0;
  const skip = () => {
    while (at < source.length && /\s/.test(source[at] as string)) at++;
  };
  const token = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = at;
    const match = pattern.exec(source);
    if (!match) return undefined;
    at = pattern.lastIndex;
    return match[0];
  };
  const metric = token(METRIC) ?? '';
  skip();
  const matchers: Matcher[] = [];
  if (source[at] === '{') {
    at++;
    for (;;) {
      skip();
      if (source[at] === '}') break;
      const name = token(LABEL);
      skip();
      const op = token(OPERATOR) as MatchOp | undefined;
      skip();
      const literal = name && op ? readString(source, at) : undefined;
      if (!name || !op || !literal) return undefined;
      at = literal.end;
      matchers.push({ name, op, value: literal.value });
      skip();
      if (source[at] === ',') at++;
      else if (source[at] !== '}') return undefined;
    }
    at++;
  } else if (metric === '') return undefined;
  skip();
  return at === source.length ? { metric, matchers } : undefined;
}

/** `sum(rate(SEL[{{.window}}]))` → the selector's text, or undefined for any other query. */
export function rateSelector(query: string): string | undefined {
  const inner = SUM_RATE.exec(query)?.[1]?.trim();
  return inner !== undefined && parseSelector(inner) ? inner : undefined;
}

/** `sum(SEL)` or a bare `SEL` → the selector's text, or undefined. */
export function counterSelector(query: string): string | undefined {
  const inner = SUM.exec(query)?.[1]?.trim() ?? query.trim();
  return parseSelector(inner) ? inner : undefined;
}

/** Two `sum(SEL)` queries select the same series: same metric, same matchers in any order. */
export function sameCounter(a: string, b: string): boolean {
  const [left, right] = [a, b].map(summedSelector).map((selector) => selector && { metric: selector.metric, matchers: selector.matchers.map((m) => `${m.name}${m.op}${JSON.stringify(m.value)}`).sort() });
  return left !== undefined && right !== undefined && JSON.stringify(left) === JSON.stringify(right);
}

/** The selector of a `sum(SEL)` query, or undefined. */
export function summedSelector(query: string): Selector | undefined {
  const inner = SUM.exec(query)?.[1];
  return inner === undefined ? undefined : parseSelector(inner);
}

export function sumOf(selector: string): string {
  return `sum(${selector})`;
}

export function sumRate(selector: string): string {
  return coreSumRate(selector, '{{.window}}');
}

/** The per-second rate of any counter-valued expression, through a subquery (resets handled by rate()). */
export function sumRateSubquery(query: string): string {
  return `sum(rate((${query})[{{.window}}:]))`;
}

/** The sum of a gauge's values over the window (one value per evaluation step), through a subquery. */
export function sumOverTimeSubquery(query: string): string {
  return `sum(sum_over_time((${query})[{{.window}}:]))`;
}

/** How many values the expression had over the window, through a subquery. */
export function countOverTimeSubquery(query: string): string {
  return `sum(count_over_time((${query})[{{.window}}:]))`;
}

/** The first matcher of a label, if any. */
export function matcherOf(selector: Selector, name: string): Matcher | undefined {
  return selector.matchers.find((m) => m.name === name);
}

/** Split a regex of the form Faultline writes for routes (`/a|/b\.c`) into its literal alternatives, or undefined. */
export function literalAlternatives(regex: string): string[] | undefined {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < regex.length; i++) {
    const char = regex[i] as string;
    if (char === '\\') {
      const next = regex[i + 1];
      if (next === undefined) return undefined;
      current += next;
      i++;
    } else if (char === '|') {
      parts.push(current);
      current = '';
    } else if ('.*+?^${}()[]'.includes(char)) {
      return undefined;
    } else current += char;
  }
  parts.push(current);
  return parts;
}

/** A PromQL string literal at `start` ("…", '…' with escapes, or `…` raw). */
function readString(source: string, start: number): { value: string; end: number } | undefined {
  const quote = source[start];
  if (quote !== '"' && quote !== "'" && quote !== '`') return undefined;
  let value = '';
  for (let i = start + 1; i < source.length; i++) {
    const char = source[i] as string;
    if (char === quote) return { value, end: i + 1 };
    if (char === '\\' && quote !== '`') {
      const next = source[++i];
      if (next === undefined) return undefined;
      value += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'r' ? '\r' : next;
    } else value += char;
  }
  return undefined;
}
