import type { ToxicAttributes, ToxicType } from '../stream/stage.js';

export type AttributeResult = { ok: true; attributes: ToxicAttributes } | { ok: false; message: string };

/**
 * Decode a request's `attributes` object over a base (defaults when creating, the live values when
 * updating). Keys match case-insensitively, as Go's decoder does; unknown keys, non-integers,
 * negative numbers and values that would hang or crash Toxiproxy (bandwidth rate 0, slicer
 * average_size 0) are refused with a message naming the attribute and what it expects.
 */
export function decodeAttributes(type: ToxicType, base: ToxicAttributes, input: unknown): AttributeResult {
  if (input === undefined || input === null) return finish(type, { ...base });
  if (typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, message: `attributes must be an object of ${type.type} attributes, got ${describe(input)}` };
  }
  const attributes = { ...base };
  for (const [key, value] of Object.entries(input)) {
    const spec = type.attributes.find((a) => a.name === key.toLowerCase());
    if (!spec) {
      const known = type.attributes.map((a) => a.name).join(', ') || 'none';
      return { ok: false, message: `unknown attribute "${key}" for toxic type ${type.type} (known: ${known})` };
    }
    if (value === null) continue;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      return { ok: false, message: `attributes.${spec.name} must be an integer (${spec.unit}), got ${describe(value)}` };
    }
    if (value < spec.min) {
      return { ok: false, message: `attributes.${spec.name} must be at least ${spec.min} ${spec.unit}, got ${value}` };
    }
    attributes[spec.name] = value;
  }
  return finish(type, attributes);
}

/** Zero for every attribute, as Toxiproxy reports attributes that were never sent. */
export function zeroAttributes(type: ToxicType): ToxicAttributes {
  return Object.fromEntries(type.attributes.map((a) => [a.name, 0]));
}

function finish(type: ToxicType, attributes: ToxicAttributes): AttributeResult {
  for (const spec of type.attributes) {
    const value = attributes[spec.name] ?? 0;
    if (value < spec.min) {
      return { ok: false, message: `attributes.${spec.name} is required and must be at least ${spec.min} ${spec.unit} (got ${value})` };
    }
  }
  const problem = type.check?.(attributes);
  return problem ? { ok: false, message: problem } : { ok: true, attributes };
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
