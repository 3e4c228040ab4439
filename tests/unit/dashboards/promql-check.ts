import { parser } from '@prometheus-io/lezer-promql';
import { dashboardExpressions, interpolateForParsing, variableNames, type DashboardExpression } from '../../../src/dashboards/expressions.js';
import type { Dashboard } from '../../../src/dashboards/grafana.js';

/**
 * The dashboards' PromQL check: every expression (panel targets, variable queries, annotation
 * queries) is parsed with Prometheus' own Lezer grammar (@prometheus-io/lezer-promql, the parser of
 * Prometheus' web UI), syntax errors are found as the tree's error nodes, and every series a vector
 * selector names (by metric name, or by a `__name__` matcher) must be one the services, the proxy,
 * the harness or the SLO rules produce. Lives with the tests because the parser is a devDependency.
 */

type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

export interface PromqlProblem {
  dashboard: string;
  where: string;
  expr: string;
  message: string;
}

/** `Dashboard: where: message` and the expression on the next line: what a failing test prints. */
export function formatProblem(problem: PromqlProblem): string {
  return `${problem.dashboard}: ${problem.where}: ${problem.message}\n    ${problem.expr}`;
}

export function checkDashboard(dashboard: Dashboard, known: ReadonlySet<string>): PromqlProblem[] {
  const variables = variableNames(dashboard);
  return dashboardExpressions(dashboard).flatMap((expression) => checkExpression(expression, variables, known));
}

export function checkExpression(expression: DashboardExpression, variables: readonly string[], known: ReadonlySet<string>): PromqlProblem[] {
  const problems: PromqlProblem[] = [];
  const report = (message: string) => problems.push({ dashboard: expression.dashboard, where: expression.where, expr: expression.expr, message });
  const { text, undefinedVariables } = interpolateForParsing(expression.expr, variables);
  for (const name of new Set(undefinedVariables)) report(`uses $${name}, which the dashboard does not define`);
  if (text.trim() === '') {
    report('is empty');
    return problems;
  }
  const tree = parser.parse(text);
  const errors: number[] = [];
  tree.iterate({
    enter(node) {
      if (node.type.isError) errors.push(node.from);
    },
  });
  if (errors.length > 0) {
    const at = errors[0] as number;
    report(`is not valid PromQL: syntax error at character ${at + 1} (${JSON.stringify(text.slice(Math.max(0, at - 15), at + 15))})`);
    return problems;
  }
  for (const selector of vectorSelectors(tree.topNode)) {
    const problem = checkSelector(selector, text, known);
    if (problem) report(problem);
  }
  return problems;
}

/** Every series name the expression's vector selectors read, or the problem with a selector. */
export function selectedNames(expr: string): string[] {
  const tree = parser.parse(expr);
  const names: string[] = [];
  for (const selector of vectorSelectors(tree.topNode)) {
    const name = metricName(selector, expr);
    if (name !== undefined) names.push(name);
  }
  return names;
}

function vectorSelectors(top: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const cursor = top.cursor();
  do {
    if (cursor.name === 'VectorSelector') found.push(cursor.node);
  } while (cursor.next());
  return found;
}

interface NameMatcher {
  op: string;
  value: string;
}

function metricName(selector: SyntaxNode, text: string): string | undefined {
  const identifier = selector.getChild('Identifier');
  return identifier ? text.slice(identifier.from, identifier.to) : undefined;
}

/** `__name__` matchers, and `{"name"}` (a quoted metric name inside the braces). */
function nameMatchers(selector: SyntaxNode, text: string): NameMatcher[] {
  const matchers: NameMatcher[] = [];
  const list = selector.getChild('LabelMatchers');
  if (!list) return matchers;
  for (let child = list.firstChild; child; child = child.nextSibling) {
    if (child.name === 'QuotedLabelName') {
      matchers.push({ op: '=', value: unquote(text.slice(child.from, child.to)) });
      continue;
    }
    if (child.name !== 'UnquotedLabelMatcher' && child.name !== 'QuotedLabelMatcher') continue;
    const label = child.getChild('LabelName') ?? child.getChild('QuotedLabelName');
    const op = child.getChild('MatchOp');
    const value = child.getChild('StringLiteral');
    if (!label || !op || !value) continue;
    const labelName = label.name === 'QuotedLabelName' ? unquote(text.slice(label.from, label.to)) : text.slice(label.from, label.to);
    if (labelName === '__name__') matchers.push({ op: text.slice(op.from, op.to), value: unquote(text.slice(value.from, value.to)) });
  }
  return matchers;
}

function checkSelector(selector: SyntaxNode, text: string, known: ReadonlySet<string>): string | undefined {
  const written = text.slice(selector.from, selector.to);
  const name = metricName(selector, text);
  if (name !== undefined) return known.has(name) ? undefined : `reads ${name}, which nothing exposes or records (${suggestion(name, known)})`;
  const matchers = nameMatchers(selector, text);
  const positive = matchers.filter((m) => m.op === '=' || m.op === '=~');
  if (positive.length === 0) return `selector ${written} names no series: give a metric name or a __name__ matcher`;
  for (const matcher of positive) {
    if (matcher.op === '=') {
      if (!known.has(matcher.value)) return `reads ${matcher.value}, which nothing exposes or records (${suggestion(matcher.value, known)})`;
      continue;
    }
    let pattern: RegExp;
    try {
      pattern = new RegExp(`^(?:${matcher.value})$`);
    } catch (error) {
      return `selector ${written}: __name__ regex is invalid: ${(error as Error).message}`;
    }
    if (![...known].some((series) => pattern.test(series))) return `selector ${written} matches no series that anything exposes or records`;
  }
  return undefined;
}

/** The known name closest to a typo, to make the message actionable. */
function suggestion(name: string, known: ReadonlySet<string>): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= Math.max(3, name.length / 3) ? `did you mean ${best}?` : 'not in src/core/conventions.ts, the SLO rules or Prometheus built-ins';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** A PromQL string literal's value: double quotes with Go escapes, single quotes, or raw backticks. */
function unquote(literal: string): string {
  const quote = literal[0];
  const body = literal.slice(1, -1);
  if (quote === '`') return body;
  return body.replace(/\\(.)/g, (_match, escaped: string) => ({ n: '\n', t: '\t', r: '\r' })[escaped as 'n' | 't' | 'r'] ?? escaped);
}
