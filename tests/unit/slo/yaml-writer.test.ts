import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { writeYaml, YAML_OPTIONS } from '../../../src/slo/yaml-writer.js';

/**
 * The generated files are written by src/slo/yaml-writer.ts, a fast path of `yaml.stringify`: it
 * must give the same bytes for every input, or the golden and checked-in files would change with
 * the writer. Each case compares the two.
 */
const asYaml = (document: Record<string, unknown>) => stringify(document, YAML_OPTIONS);
const body = (text: string) => text.slice(text.indexOf('\n\n') + 2);
const golden = (file: string) => parse(body(readFileSync(new URL(`../../golden/slo/${file}`, import.meta.url), 'utf8'))) as Record<string, unknown>;

describe('writeYaml', () => {
  it.each(['shop.rules.yml', 'shop.k60.rules.yml', 'shop.prometheusrule.yml'])('writes the document of %s as yaml.stringify does', (file) => {
    const document = golden(file);
    expect(writeYaml(document)).toBe(asYaml(document));
  });

  it('writes the promtool test document as yaml.stringify does (quoted names, numbers, empty lists)', () => {
    const document = parse(body(readFileSync(new URL('../../../slo/generated/shop.test.yml', import.meta.url), 'utf8'))) as Record<string, unknown>;
    expect(writeYaml(document)).toBe(asYaml(document));
  });

  const awkward = [
    '', ' ', 'plain', ' leading', 'trailing ', 'a: b', 'a:b', 'a #b', 'a#b', '#c', '- x', '-', '?', '? x', 'x:', ':x', 'http://x.y/z',
    '99.9', '1', '-1', '+1', '0x1F', '0o17', '1e3', '.5', '.inf', '-.Inf', '.nan', 'true', 'True', 'FALSE', 'yes', 'null', 'Null', '~',
    'with "quotes"', "it's", 'both \' and "', 'back\\slash', 'tab\there', 'ctl\x01', 'del\x7f', 'unicode × ÷ −', 'lone \ud800',
    '---', '--- x', '...', '%x', '{{$labels.x}}', '{a}', '[a]', '*ref', '&anchor', '!tag', '|', '>', '@', '`', ',', "'", '"',
    'multi\nline\n', 'multi\nline', 'multi\n\nblank\n', ' lead\nx\n', 'x\n  indented\n', 'trailing space \nx\n', 'x\n\n', 'x\n \n',
    '\n', '\nx\n', 'a\n---\nb\n', 'a\n...\n', 'a\n%b\n', 'a\r\nb\n', 'tab\tin\nblock\n', 'x'.repeat(1100), `${'y'.repeat(1100)}\nz\n`,
  ];

  it.each(awkward.map((value) => [JSON.stringify(value).slice(0, 40), value]))('writes the string %s as yaml.stringify does, wherever it is', (_, value) => {
    for (const document of [
      { key: value },
      { list: [value, 'after'] },
      { outer: { inner: value, next: 'x' } },
      { rules: [{ first: value, second: value }, { record: 'r', expr: value }] },
      { spec: { groups: [{ name: 'g', rules: [{ expr: value, labels: { a: value } }], list: [value] }] } },
    ]) {
      expect(writeYaml(document)).toBe(asYaml(document));
    }
  });

  it.each(awkward.filter((key) => key !== '').map((key) => [JSON.stringify(key).slice(0, 40), key]))('writes the key %s as yaml.stringify does', (_, key) => {
    for (const document of [{ [key]: 'v' }, { labels: { a: '1', [key]: 'v' } }, { items: [{ [key]: 'v', b: 'w' }] }, { spec: { groups: [{ labels: { [key]: 'v' } }] } }]) {
      expect(writeYaml(document)).toBe(asYaml(document));
    }
  });

  it('writes other values (numbers, booleans, null, empty and nested collections) as yaml.stringify does', () => {
    const document = {
      number: 1.5,
      integer: 10,
      yes: true,
      nothing: null,
      skipped: undefined,
      emptyMap: {},
      emptyList: [],
      nested: { deeper: { deepest: ['a', { b: 'c', d: [] }] } },
      lists: [['a', 'b'], [], [{}], 3, null, 'x'],
      maps: [{ a: { b: 'c' } }, { list: ['x', 'y'], n: 2 }],
    };
    expect(writeYaml(document)).toBe(asYaml(document));
  });
});
