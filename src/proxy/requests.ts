import { describe } from './toxics/attributes.js';
import { checkUpstream } from './listen-address.js';

/**
 * Decoding of API request bodies into typed inputs, shared by the HTTP API and `--config` files.
 * Field names match case-insensitively (Go's decoder does); `null` means "not given". Unlike
 * Toxiproxy, unknown fields are refused, so a misspelt or un-nested attribute (#119) is a clear 400
 * instead of a silent zero. Messages are the text after `bad request body: ` unless noted.
 */
export type Decoded<T> = { ok: true; value: T } | { ok: false; message: string };

export interface ProxyInput {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
}

export interface ProxyPatch {
  listen?: string;
  upstream?: string;
  enabled?: boolean;
}

export interface ToxicInput {
  name?: string;
  type: string;
  stream?: string;
  toxicity?: number;
  attributes?: unknown;
}

export interface ToxicPatch {
  toxicity?: number;
  attributes?: unknown;
}

type FieldKind = 'string' | 'boolean' | 'number' | 'object' | 'ignored';

const PROXY_FIELDS: Record<string, FieldKind> = { name: 'string', listen: 'string', upstream: 'string', enabled: 'boolean', toxics: 'ignored', logger: 'ignored' };
const PROXY_PATCH_FIELDS: Record<string, FieldKind> = { ...PROXY_FIELDS, name: 'ignored' };
const TOXIC_FIELDS: Record<string, FieldKind> = { name: 'string', type: 'string', stream: 'string', toxicity: 'number', attributes: 'object' };
const TOXIC_PATCH_FIELDS: Record<string, FieldKind> = { ...TOXIC_FIELDS, name: 'ignored', type: 'ignored', stream: 'ignored' };

/** Missing-field problems come out separately: Toxiproxy reports them without the `bad request body` prefix. */
export type ProxyDecoded = Decoded<ProxyInput> | { ok: false; missing: 'name' | 'upstream' };

export function decodeProxy(body: unknown): ProxyDecoded {
  const fields = decodeFields(body, PROXY_FIELDS, 'a proxy');
  if (!fields.ok) return fields;
  const { name = '', listen = '', upstream = '', enabled = true } = fields.value as Partial<ProxyInput>;
  if (name === '') return { ok: false, missing: 'name' };
  if (upstream === '') return { ok: false, missing: 'upstream' };
  if (name.includes('/')) return { ok: false, message: `name ${JSON.stringify(name)} must not contain "/" (it could never be addressed in a URL)` };
  const upstreamProblem = checkUpstream(upstream);
  if (upstreamProblem) return { ok: false, message: upstreamProblem };
  return { ok: true, value: { name, listen, upstream, enabled } };
}

export function decodeProxyPatch(body: unknown): Decoded<ProxyPatch> {
  const fields = decodeFields(body, PROXY_PATCH_FIELDS, 'a proxy update');
  if (!fields.ok) return fields;
  const patch = fields.value as ProxyPatch;
  if (patch.upstream !== undefined) {
    const problem = patch.upstream === '' ? 'upstream must not be empty' : checkUpstream(patch.upstream);
    if (problem) return { ok: false, message: problem };
  }
  return { ok: true, value: patch };
}

export function decodeToxic(body: unknown): Decoded<ToxicInput> {
  const fields = decodeFields(body, TOXIC_FIELDS, 'a toxic');
  if (!fields.ok) return fields;
  const toxicity = checkToxicity(fields.value.toxicity as number | undefined);
  if (toxicity) return { ok: false, message: toxicity };
  return { ok: true, value: { type: '', ...fields.value } as ToxicInput };
}

export function decodeToxicPatch(body: unknown): Decoded<ToxicPatch> {
  const fields = decodeFields(body, TOXIC_PATCH_FIELDS, 'a toxic update');
  if (!fields.ok) return fields;
  const toxicity = checkToxicity(fields.value.toxicity as number | undefined);
  if (toxicity) return { ok: false, message: toxicity };
  return { ok: true, value: fields.value as ToxicPatch };
}

function checkToxicity(toxicity: number | undefined): string | undefined {
  if (toxicity === undefined) return undefined;
  return toxicity >= 0 && toxicity <= 1 ? undefined : `toxicity must be a probability between 0 and 1, got ${toxicity}`;
}

function decodeFields(body: unknown, fields: Record<string, FieldKind>, what: string): Decoded<Record<string, unknown>> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, message: `expected a JSON object describing ${what}, got ${describe(body)}` };
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const name = key.toLowerCase();
    const kind = fields[name];
    if (kind === undefined) return { ok: false, message: unknownField(key, fields) };
    if (kind === 'ignored' || value === null) continue;
    const actual = Array.isArray(value) ? 'array' : typeof value;
    if (actual !== kind) return { ok: false, message: `field "${name}" must be ${article(kind)}, got ${describe(value)}` };
    out[name] = value;
  }
  return { ok: true, value: out };
}

function unknownField(key: string, fields: Record<string, FieldKind>): string {
  const known = Object.entries(fields)
    .filter(([, kind]) => kind !== 'ignored')
    .map(([name]) => name);
  const hint = 'attributes' in fields ? ' (toxic attributes go inside "attributes")' : '';
  return `unknown field "${key}"${hint}; expected one of ${known.join(', ')}`;
}

function article(kind: FieldKind): string {
  return kind === 'object' ? 'an object' : `a ${kind}`;
}
