import type { ParsedYaml, Problem } from '../../core/yaml-document.js';

export type Path = ReadonlyArray<string | number>;

/**
 * Collects every problem of an experiment file with its YAML path and line (habit 1), each once,
 * so a user fixes the file in one pass.
 */
export class ProblemCollector {
  readonly #problems: Problem[] = [];
  readonly #locate: ParsedYaml['locate'];

  constructor(locate: ParsedYaml['locate']) {
    this.#locate = locate;
  }

  report(path: Path, message: string): void {
    const dotted = path.length === 0 ? '$' : path.join('.');
    if (this.#problems.some((p) => p.path === dotted && p.message === message)) return;
    this.#problems.push({ path: dotted, ...this.#locate(path), message });
  }

  line(path: Path): number {
    return this.#locate(path).line;
  }

  get count(): number {
    return this.#problems.length;
  }

  /** Problems in line order (a stable sort keeps the report order on one line). */
  problems(): Problem[] {
    return [...this.#problems].sort((a, b) => a.line - b.line || a.column - b.column);
  }
}

/**
 * The "exactly one of" rule of checks, faults and abort conditions, with a message that names the
 * choices (a JSON Schema `oneOf` would report every branch's failures instead).
 */
export function exactlyOne<K extends string>(item: object, keys: readonly K[], at: Path, what: string, problems: ProblemCollector): K | undefined {
  const present = keys.filter((key) => (item as Record<string, unknown>)[key] !== undefined);
  const [first, second] = present;
  if (first === undefined) {
    problems.report(at, `${what} needs exactly one of ${keys.join(', ')}`);
    return undefined;
  }
  if (second !== undefined) {
    problems.report([...at, second], `${what} has exactly one of ${keys.join(', ')}, and this one already has ${first}; split it in two`);
    return undefined;
  }
  return first;
}
