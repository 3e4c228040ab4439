import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TOXIC_TYPES } from '../../../../src/runner/experiment/toxic-types.js';

type Schema = { [key: string]: unknown; properties?: Record<string, Schema>; description?: string; $ref?: string };

const schema = JSON.parse(readFileSync(new URL('../../../../schemas/experiment.schema.json', import.meta.url), 'utf8')) as Schema & { definitions: Record<string, Schema> };

/** Every property of every object in the schema, with where it is. */
function properties(node: unknown, at: string, out: Array<[string, Schema]>): Array<[string, Schema]> {
  if (Array.isArray(node)) node.forEach((item, index) => properties(item, `${at}[${index}]`, out));
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties') for (const [name, property] of Object.entries(value as Record<string, Schema>)) out.push([`${at}.${name}`, property]);
      properties(value, `${at}.${key}`, out);
    }
  }
  return out;
}

describe('schemas/experiment.schema.json', () => {
  it('describes every field, so editors explain what they complete', () => {
    const resolve = (property: Schema): Schema => (property.$ref ? (schema.definitions[property.$ref.replace('#/definitions/', '')] ?? {}) : property);
    // if/then branches only select per-type attributes; the attributes inside them are checked like any field.
    const fields = properties(schema, '$', []).filter(([path]) => !path.includes('.if.') && !path.endsWith('.then.attributes'));
    const missing = fields.filter(([, property]) => !property.description && !resolve(property).description).map(([path]) => path);
    expect(fields.length).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });

  it("offers each toxic type's attributes for completion", () => {
    const branches = (schema.definitions.toxic?.allOf ?? []) as Array<{ if: { properties: { type: { const: string } } }; then: { properties: { attributes: { properties: Record<string, unknown> } } } }>;
    const offered = Object.fromEntries(branches.map((b) => [b.if.properties.type.const, Object.keys(b.then.properties.attributes.properties)]));
    const expected = Object.fromEntries(Object.entries(TOXIC_TYPES).filter(([, specs]) => specs.length > 0).map(([type, specs]) => [type, specs.map((s) => s.name)]));
    expect(offered).toEqual(expected);
  });
});
