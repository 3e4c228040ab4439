import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

/** One problem in a YAML file, located as an editor would show it. */
export interface Problem {
  /** Dotted path, e.g. `services.gateway.dependencies.catalog.proxy.listen` (`$` for the root). */
  path: string;
  line: number;
  column: number;
  message: string;
}

export interface ParsedYaml {
  value: unknown;
  problems: Problem[];
  /** Locate a path in the file (for problems found after schema validation). */
  locate(path: ReadonlyArray<string | number>): { line: number; column: number };
}

/**
 * Parse YAML and check it against a JSON Schema, collecting every problem with its path and line
 * (habit 1: a loader reports all problems at once, so a user fixes a file in one pass).
 */
export function parseYamlWithSchema(text: string, schema: object): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const locate = (path: ReadonlyArray<string | number>) => yamlPosition(doc, lineCounter, path);
  const problems: Problem[] = doc.errors.map((error) => {
    const pos = lineCounter.linePos(error.pos[0]);
    return { path: '$', line: pos.line, column: pos.col, message: `not valid YAML: ${error.message.split('\n')[0]}` };
  });
  if (problems.length > 0) return { value: undefined, problems, locate };
  const value = doc.toJS();
  const validate = compile(schema);
  if (!validate(value)) {
    for (const error of dedupe(validate.errors ?? [])) problems.push(describe(error, locate));
  }
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { value, problems, locate };
}

/** `file:line:column: path: message`, one per line, as compilers print them. */
export function formatProblems(file: string, problems: readonly Problem[]): string {
  return problems.map((p) => `${file}:${p.line}:${p.column}: ${p.path}: ${p.message}`).join('\n');
}

const compiled = new WeakMap<object, ValidateFunction>();

function compile(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = new Ajv({ allErrors: true, strict: false, verbose: true }).compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** Ajv reports a failed `if`/`anyOf` branch and its causes; keep the causes a person can act on. */
function dedupe(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    if (error.keyword === 'if' || error.keyword === 'anyOf' || error.keyword === 'oneOf') return false;
    // A bad property name is reported once, as `propertyNames`; the enum check behind it adds nothing.
    if (error.schemaPath.includes('/propertyNames/')) return false;
    const key = `${error.instancePath}|${error.keyword}|${JSON.stringify(error.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function describe(error: ErrorObject, locate: ParsedYaml['locate']): Problem {
  const segments = error.instancePath.split('/').slice(1).map(unescape);
  const params = error.params as Record<string, unknown>;
  let at = segments;
  let message: string;
  switch (error.keyword) {
    case 'additionalProperties':
      at = [...segments, String(params.additionalProperty)];
      message = `unknown field "${String(params.additionalProperty)}"`;
      break;
    case 'required':
      message = `missing required field "${String(params.missingProperty)}"`;
      break;
    case 'propertyNames':
      at = [...segments, String(params.propertyName)];
      message = `unknown name "${String(params.propertyName)}"`;
      break;
    case 'enum':
      message = `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
      break;
    case 'const':
      message = `must be ${JSON.stringify(params.allowedValue)}`;
      break;
    case 'pattern':
      message = `has the wrong form (expected ${patternHint(error)})`;
      break;
    default:
      message = error.message ?? 'is not valid';
  }
  const { line, column } = locate(at);
  return { path: at.length === 0 ? '$' : at.join('.'), line, column, message };
}

function patternHint(error: ErrorObject): string {
  const description = (error.parentSchema as { description?: string } | undefined)?.description;
  if (description) return description.replace(/\.$/, '');
  return `a value matching ${String((error.params as { pattern: string }).pattern)}`;
}

function unescape(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Line and column of the deepest existing node on a YAML path (a missing field is reported where its parent is). */
export function yamlPosition(doc: Document, lineCounter: LineCounter, path: ReadonlyArray<string | number>): { line: number; column: number } {
  let node: Node | null | undefined = doc.contents as Node | null;
  let offset = node?.range?.[0] ?? 0;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === segment);
      if (!pair) break;
      offset = (pair.key as Node | null)?.range?.[0] ?? offset;
      node = pair.value as Node | null;
    } else if (isSeq(node)) {
      node = node.items[Number(segment)] as Node | undefined;
      if (!node) break;
      offset = node.range?.[0] ?? offset;
    } else break;
  }
  const pos = lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}
