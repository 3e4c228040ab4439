import type { Problem } from '../../core/yaml-document.js';
import type { Path, SourceDocument } from './yaml-stream.js';

/**
 * Where the importer is in the OpenSLO input, and what it found wrong there. An `At` is a value with
 * its document and path, so every problem and warning names file, line, column and path without the
 * converting code having to carry them around.
 */

export class At {
  constructor(
    readonly doc: SourceDocument,
    /** Label of the document, e.g. `SLO/checkout-availability`, the first segment of every reported path. */
    readonly label: string,
    readonly path: Path,
    readonly value: unknown,
  ) {}

  get(key: string | number): At {
    const { value } = this;
    const child = typeof key === 'number' ? (Array.isArray(value) ? (value[key] as unknown) : undefined) : isRecord(value) ? value[key] : undefined;
    return new At(this.doc, this.label, [...this.path, key], child);
  }

  get present(): boolean {
    return this.value !== undefined && this.value !== null;
  }

  /** The last path segment, as a field name for messages. */
  get field(): string {
    return String(this.path[this.path.length - 1] ?? this.label);
  }

  items(): At[] {
    return Array.isArray(this.value) ? this.value.map((_, i) => this.get(i)) : [];
  }

  entries(): Array<[string, At]> {
    return isRecord(this.value) ? Object.keys(this.value).map((key) => [key, this.get(key)]) : [];
  }

  where(): { path: string; line: number; column: number } {
    return { path: [this.label, ...this.path].join('.'), ...this.doc.locate(this.path) };
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A problem that stops the import; `unsupported` when the input is valid OpenSLO that Faultline cannot represent. */
export interface ImportProblem extends Problem {
  unsupported: boolean;
}

export class Diagnostics {
  readonly problems: ImportProblem[] = [];
  readonly warnings: Problem[] = [];

  /** The input is not valid OpenSLO v1 (or not readable as such). */
  invalid(at: At, message: string): void {
    this.problems.push({ ...at.where(), message, unsupported: false });
  }

  /** Valid OpenSLO that Faultline cannot represent: say so, and why. */
  unsupported(at: At, message: string): void {
    this.problems.push({ ...at.where(), message, unsupported: true });
  }

  /** Imported, but not exactly: information Faultline drops or reads differently. */
  warn(at: At, message: string): void {
    this.warnings.push({ ...at.where(), message });
  }

  /** A string field, or undefined after reporting why not. */
  string(at: At, required: boolean): string | undefined {
    if (typeof at.value === 'string' && at.value !== '') return at.value;
    if (!at.present) {
      if (required) this.invalid(at, `missing required field "${at.field}"`);
    } else this.invalid(at, `must be a non-empty string, not ${describe(at.value)}`);
    return undefined;
  }

  /** A number field, or undefined after reporting why not. */
  number(at: At, required: boolean): number | undefined {
    if (typeof at.value === 'number' && Number.isFinite(at.value)) return at.value;
    if (!at.present) {
      if (required) this.invalid(at, `missing required field "${at.field}"`);
    } else this.invalid(at, `must be a number, not ${describe(at.value)}`);
    return undefined;
  }

  /** A mapping, or false after reporting why not. */
  record(at: At, required: boolean): boolean {
    if (isRecord(at.value)) return true;
    if (!at.present) {
      if (required) this.invalid(at, `missing required field "${at.field}"`);
    } else this.invalid(at, `must be a mapping (key: value), not ${describe(at.value)}`);
    return false;
  }

  /** A non-empty list, or false after reporting why not. */
  list(at: At, required: boolean): boolean {
    if (Array.isArray(at.value) && at.value.length > 0) return true;
    if (!at.present) {
      if (required) this.invalid(at, `missing required field "${at.field}"`);
    } else this.invalid(at, Array.isArray(at.value) ? 'must list at least one item' : `must be a list, not ${describe(at.value)}`);
    return false;
  }
}

export function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isRecord(value)) return 'a mapping';
  return JSON.stringify(value);
}
