import type { ToxicAttributes, ToxicType } from './stream/stage.js';
import type { Direction } from './link.js';

/** A toxic as configured on a proxy (the API's view); each live connection builds stages from it. */
export interface ToxicState {
  name: string;
  type: ToxicType;
  /** As the client spelled it (Toxiproxy keeps "UpStream" as sent). */
  stream: string;
  direction: Direction;
  toxicity: number;
  attributes: ToxicAttributes;
}

/** Toxiproxy's toxic JSON, keys in its order: attributes, name, type, stream, toxicity. */
export interface ToxicJson {
  attributes: ToxicAttributes;
  name: string;
  type: string;
  stream: string;
  toxicity: number;
}

export function toxicJson(toxic: ToxicState): ToxicJson {
  const attributes: ToxicAttributes = {};
  for (const spec of toxic.type.attributes) attributes[spec.name] = toxic.attributes[spec.name] ?? 0;
  return { attributes, name: toxic.name, type: toxic.type.type, stream: toxic.stream, toxicity: toxic.toxicity };
}

/** Parse a stream name case-insensitively; undefined when it is neither direction. */
export function parseDirection(stream: string): Direction | undefined {
  const lower = stream.toLowerCase();
  return lower === 'upstream' || lower === 'downstream' ? lower : undefined;
}
