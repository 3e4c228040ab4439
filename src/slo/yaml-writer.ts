import { Schema, stringify } from 'yaml';

/**
 * Block YAML for the generated files, byte for byte what `yaml.stringify` writes with
 * YAML_OPTIONS, several times faster. A thousand SLOs make 17,000 rules and 9 MiB of YAML, and
 * `yaml.stringify` builds a node tree of it first (most of a 1,000-SLO compile's time and garbage).
 * This writer walks plain objects, arrays and strings directly and writes the two scalar forms the
 * rules are made of, plain and literal block (`|`), when they are unambiguous; every other value
 * (numbers, empty collections, strings that need quotes or escapes) is handed to `yaml.stringify`
 * itself, so the output never differs from it. tests/unit/slo/yaml-writer.test.ts checks that on
 * the shipped SLOs and on awkward strings.
 */

/** lineWidth 0: never fold long PromQL; indentSeq false: `- name:` flush under `groups:`, as Sloth writes. */
export const YAML_OPTIONS = { lineWidth: 0, minContentWidth: 0, indentSeq: false, blockQuote: 'literal' } as const;

type YamlMap = Readonly<Record<string, unknown>>;

/** The whole document (a map at the root), as `yaml.stringify(document, YAML_OPTIONS)` writes it. */
export function writeYaml(document: YamlMap): string {
  return new Writer().map(document, '', '');
}

class Writer {
  /** Label names and values, ids and windows repeat thousands of times: decide each one-line string (null: yaml writes it) and key once. */
  private readonly scalars = new Map<string, string | null>();
  private readonly keys = new Map<string, boolean>();

  /** A map whose keys sit at `indent`; the first line starts with `first` instead (`- ` for a sequence item). */
  map(map: YamlMap, indent: string, first: string): string {
    let text = '';
    let prefix = first;
    for (const key of Object.keys(map)) {
      const value = map[key];
      if (value === undefined) continue; // as yaml.stringify: a key without a value is left out
      text += this.pair(key, value, indent, prefix);
      prefix = indent;
    }
    return text;
  }

  private pair(key: string, value: unknown, indent: string, prefix: string): string {
    if (!this.plainKey(key)) return delegate({ [key]: value }, indent, prefix);
    if (typeof value === 'string') {
      const scalar = value.includes('\n') ? literalBlock(value, `${indent}  `) : this.singleLine(value);
      return scalar === undefined ? delegate({ [key]: value }, indent, prefix) : `${prefix}${key}: ${scalar}\n`;
    }
    if (Array.isArray(value) && value.length > 0) {
      // indentSeq false: the items' dashes line up with the key.
      let text = `${prefix}${key}:\n`;
      for (const item of value as readonly unknown[]) text += this.item(item, indent);
      return text;
    }
    if (isMap(value) && Object.keys(value).length > 0) return `${prefix}${key}:\n${this.map(value, `${indent}  `, `${indent}  `)}`;
    return delegate({ [key]: value }, indent, prefix);
  }

  private item(item: unknown, indent: string): string {
    if (isMap(item) && Object.keys(item).length > 0) return this.map(item, `${indent}  `, `${indent}- `);
    const scalar = typeof item === 'string' && !item.includes('\n') ? this.singleLine(item) : undefined;
    return scalar === undefined ? delegate([item], indent, indent) : `${indent}- ${scalar}\n`;
  }

  private singleLine(value: string): string | undefined {
    let scalar = this.scalars.get(value);
    if (scalar === undefined) this.scalars.set(value, (scalar = singleLine(value) ?? null));
    return scalar ?? undefined;
  }

  /** A key yaml writes as it is (the same rules as a value, and no longer than yaml's implicit keys). */
  private plainKey(key: string): boolean {
    let plain = this.keys.get(key);
    if (plain === undefined) this.keys.set(key, (plain = PLAIN_KEY.test(key) && singleLine(key) === key));
    return plain;
  }
}

/**
 * Let yaml write what this writer does not: a pair of a map (`entry`) or an item of a sequence.
 * yaml's choices depend on the depth (a `---` key is quoted only near the root), so the entry is
 * written nested under placeholder keys as deep as it goes, and those lines are dropped.
 */
function delegate(entry: YamlMap | readonly unknown[], indent: string, prefix: string): string {
  // A map's keys at depth d sit under d placeholders; a sequence's dashes line up with one more key.
  const depth = indent.length / 2 + (Array.isArray(entry) ? 1 : 0);
  let document: unknown = entry;
  for (let level = 0; level < depth; level++) document = { _: document };
  const lines = stringify(document, YAML_OPTIONS).split('\n').slice(depth, -1);
  return lines.map((line, index) => `${index === 0 ? prefix + line.slice(indent.length) : line}\n`).join('');
}

// yaml's own tests (yaml/dist/stringify/stringifyString.js, v2.9): control characters and lone
// surrogates force double quotes; these starts, ends and pairs rule out a plain scalar; `%`, `---`
// and `...` at a line start could end a document.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
const PLAIN_KEY = /^[A-Za-z_][-A-Za-z0-9_./]{0,1000}$/; // yaml writes keys over 1,024 characters as explicit `? ` keys
/** The YAML 1.2 core schema's non-string tags: a plain `99.9`, `true` or `null` would not read back as a string. */
const NON_STRING_TAGS = new Schema({}).tags.filter((tag) => tag.default && tag.tag !== 'tag:yaml.org,2002:str' && tag.test);

/** A one-line string as yaml writes it: plain, or double-quoted when plain would read back as a number or a boolean; undefined when it needs anything else. */
function singleLine(value: string): string | undefined {
  if (value === '' || CONTROL.test(value) || NOT_PLAIN.test(value) || DOCUMENT_MARKER.test(value)) return undefined;
  if (!resolvesAsString(value)) return /["\\]/.test(value) ? undefined : `"${value}"`;
  return value;
}

/**
 * A multi-line string as a literal block with clip chomping (`|`): it must start with a visible
 * character (no indentation indicator) and end with exactly one newline after a visible one.
 */
function literalBlock(value: string, indent: string): string | undefined {
  const visible = (char: string | undefined) => char !== undefined && !/\s/.test(char);
  if (!visible(value[0]) || !value.endsWith('\n') || !visible(value[value.length - 2]) || CONTROL.test(value) || DOCUMENT_MARKER.test(value)) return undefined;
  const lines = value.slice(0, -1).split('\n');
  // As yaml does: blank lines stay empty, every other line is indented.
  return `|\n${lines.map((line) => (line === '' ? '' : indent + line)).join('\n')}`;
}

function resolvesAsString(value: string): boolean {
  return !NON_STRING_TAGS.some((tag) => tag.test?.test(value));
}

function isMap(value: unknown): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
