import { parser } from '@prometheus-io/lezer-promql';

/**
 * PromQL syntax checks for the query-builder tests, with Prometheus' own Lezer grammar (the parser of
 * Prometheus' web UI, a devDependency): the error nodes of an expression, and the string literals it
 * holds as written.
 */

/** The positions of the grammar's error nodes: empty when the expression parses. */
export function syntaxErrors(expr: string): number[] {
  const errors: number[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError) errors.push(node.from);
    },
  });
  return errors;
}

/** The text of every StringLiteral node, quotes and escapes included. */
export function stringLiterals(expr: string): string[] {
  const literals: string[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.name === 'StringLiteral') literals.push(expr.slice(node.from, node.to));
    },
  });
  return literals;
}

/**
 * The value of a double-quoted literal that uses only the escapes `quote` writes (`\\ \" \n \r \t`),
 * decoded as Go's strconv.Unquote (Prometheus' lexer) does; those escapes mean the same in JSON.
 */
export function unquote(literal: string): string {
  return JSON.parse(literal) as string;
}
