/**
 * OpenSLO object names are RFC 1123 labels: at most 63 characters, lowercase letters, digits and
 * `-`, starting and ending with a letter or digit. Faultline names allow more (capitals, `_`, `.`)
 * and may be longer, so export spells them this way and keeps the original in an annotation.
 */
const MAX_LENGTH = 63;
const HASH_LENGTH = 6;

export function dnsLabel(text: string): string {
  const label = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const safe = label === '' ? 'x' : label;
  if (safe.length <= MAX_LENGTH) return safe;
  // Cut, and add a hash of the whole text so two long names with one prefix stay apart.
  return `${safe.slice(0, MAX_LENGTH - HASH_LENGTH - 1).replace(/-+$/, '')}-${fnv1a(text)}`;
}

/** Hands out distinct labels within one kind: the second `a` becomes `a-2`. */
export class NameRegistry {
  private readonly taken = new Set<string>();

  claim(text: string): string {
    const base = dnsLabel(text);
    let name = base;
    for (let n = 2; this.taken.has(name); n++) name = dnsLabel(`${base.slice(0, MAX_LENGTH - String(n).length - 1)}-${n}`);
    this.taken.add(name);
    return name;
  }
}

function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0').slice(0, HASH_LENGTH);
}

/** The Faultline SLO name an SLO's `metadata.name` stands for: `<service>-<name>` minus the service. */
export function sloNameOf(metadataName: string, service: string): string {
  return metadataName.startsWith(`${service}-`) && metadataName.length > service.length + 1 ? metadataName.slice(service.length + 1) : metadataName;
}
