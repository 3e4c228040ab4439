import { At, Diagnostics, isRecord } from './source.js';
import { OPENSLO_API_VERSION, OPENSLO_KINDS, type OpenSloKind } from './types.js';
import type { YamlStream } from './yaml-stream.js';

/**
 * The objects of an OpenSLO stream by kind and name: checks each document's envelope (apiVersion,
 * kind, metadata.name, spec), resolves `…Ref` fields and inline objects, and remembers which
 * objects an SLO used, so unused ones can be reported instead of silently dropped.
 */
export class OpenSloIndex {
  private readonly objects = new Map<OpenSloKind, Map<string, At>>();
  private readonly used = new Set<At>();

  constructor(stream: YamlStream, diag: Diagnostics) {
    for (const doc of stream.documents) {
      const fallback = `document ${doc.index + 1}`;
      const root = new At(doc, fallback, [], doc.value);
      if (!isRecord(doc.value)) {
        diag.invalid(root, 'an OpenSLO document is a mapping with apiVersion, kind, metadata and spec');
        continue;
      }
      const kind = root.get('kind').value;
      const name = root.get('metadata').get('name').value;
      const label = typeof kind === 'string' && typeof name === 'string' ? `${kind}/${name}` : fallback;
      const at = new At(doc, label, [], doc.value);
      const known = checkEnvelope(at, diag);
      if (!known || typeof name !== 'string' || name === '') continue;
      const named = this.objects.get(known) ?? new Map<string, At>();
      const first = named.get(name);
      if (first) diag.invalid(at.get('metadata').get('name'), `${known} "${name}" is declared twice (first at line ${first.where().line})`);
      else named.set(name, at);
      this.objects.set(known, named);
    }
  }

  all(kind: OpenSloKind): At[] {
    return [...(this.objects.get(kind)?.values() ?? [])];
  }

  /** The object a `…Ref` field names, marked as used; a problem when there is none. */
  resolve(kind: OpenSloKind, ref: At, diag: Diagnostics): At | undefined {
    const name = diag.string(ref, true);
    if (name === undefined) return undefined;
    const found = this.objects.get(kind)?.get(name);
    if (!found) {
      const known = this.all(kind).map((object) => `"${String(object.get('metadata').get('name').value)}"`);
      diag.invalid(ref, `no ${kind} named "${name}" in this file${known.length > 0 ? ` (it declares ${known.join(', ')})` : ''}`);
      return undefined;
    }
    this.used.add(found);
    return found;
  }

  /**
   * A list item that either refers to an object (`alertPolicyRef: name`) or holds it inline
   * (`kind`, `metadata`, `spec`): the object either way.
   */
  refOrInline(kind: OpenSloKind, item: At, refField: string, diag: Diagnostics): At | undefined {
    const ref = item.get(refField);
    if (ref.present) return this.resolve(kind, ref, diag);
    if (!isRecord(item.value)) {
      diag.invalid(item, `must be { ${refField}: <name> } or an inline ${kind}`);
      return undefined;
    }
    const inlineKind = item.get('kind');
    if (inlineKind.present && inlineKind.value !== kind) {
      diag.invalid(inlineKind, `an inline object here is a ${kind}, not ${JSON.stringify(inlineKind.value)}`);
      return undefined;
    }
    return diag.record(item.get('spec'), true) ? item : undefined;
  }

  markUsed(object: At): void {
    this.used.add(object);
  }

  unused(kind: OpenSloKind): At[] {
    return this.all(kind).filter((object) => !this.used.has(object));
  }
}

function checkEnvelope(at: At, diag: Diagnostics): OpenSloKind | undefined {
  const apiVersion = at.get('apiVersion');
  if (apiVersion.value !== OPENSLO_API_VERSION) {
    if (!apiVersion.present) diag.invalid(apiVersion, `missing required field "apiVersion" (expected ${OPENSLO_API_VERSION})`);
    else if (typeof apiVersion.value === 'string' && apiVersion.value.startsWith('openslo/')) {
      diag.unsupported(apiVersion, `${apiVersion.value} is not supported: Faultline reads ${OPENSLO_API_VERSION} (the released OpenSLO version)`);
    } else diag.invalid(apiVersion, `must be ${OPENSLO_API_VERSION}, not ${JSON.stringify(apiVersion.value)}`);
  }
  const kind = at.get('kind');
  const known = OPENSLO_KINDS.find((k) => k === kind.value);
  if (!known) {
    if (!kind.present) diag.invalid(kind, `missing required field "kind" (one of ${OPENSLO_KINDS.join(', ')})`);
    else diag.invalid(kind, `unknown kind ${JSON.stringify(kind.value)}; OpenSLO v1 kinds are ${OPENSLO_KINDS.join(', ')}`);
  }
  if (diag.record(at.get('metadata'), true)) diag.string(at.get('metadata').get('name'), true);
  diag.record(at.get('spec'), true);
  // Keep reading a document of another version: its other problems are worth reporting in the same pass.
  return known;
}
