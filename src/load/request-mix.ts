import { seededRng, type Rng } from '../core/random.js';

/** One request as the generator sends it; `kind` names it in the summary's per-kind counts. */
export interface PlannedRequest {
  kind: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * The request for the `sequence`-th scheduled start (0, 1, 2, ... in order, missed starts
 * included), so a seeded source replays the same requests whatever the system under test did.
 */
export type RequestSource = (sequence: number) => PlannedRequest;

/** One kind of request a user of the shop makes, with how often it is made relative to the others. */
export interface RequestKind {
  name: string;
  weight: number;
  /** Build the request; `sequence` numbers requests, for unique idempotency keys. */
  build(context: { rng: Rng; sequence: number; productIds: readonly string[] }): { method: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: string };
}

/**
 * The shop's default traffic through the gateway: mostly browsing, some product pages, a few
 * orders. Orders carry an `idempotency-key` header (the gateway accepts 1–128 characters), as a
 * real client that may retry sends; browsing sends none, as browsers do not.
 */
export const shopMix: readonly RequestKind[] = [
  { name: 'browse', weight: 65, build: () => ({ method: 'GET', path: '/products' }) },
  { name: 'product', weight: 25, build: ({ rng, productIds }) => ({ method: 'GET', path: `/products/${encodeURIComponent(pick(rng, productIds))}` }) },
  {
    name: 'order',
    weight: 10,
    build: ({ rng, sequence, productIds }) => ({
      method: 'POST',
      path: '/orders',
      headers: { 'content-type': 'application/json', 'idempotency-key': `load-${sequence}-${Math.floor(rng.next() * 1e9)}` },
      body: JSON.stringify({ productId: pick(rng, productIds), quantity: 1 + Math.floor(rng.next() * 3) }),
    }),
  },
];

/** Choose a request kind by weight. */
export function chooseKind(mix: readonly RequestKind[], rng: Rng): RequestKind {
  const total = mix.reduce((sum, kind) => sum + kind.weight, 0);
  let draw = rng.next() * total;
  for (const kind of mix) {
    draw -= kind.weight;
    if (draw < 0) return kind;
  }
  return mix[mix.length - 1] as RequestKind;
}

/**
 * A seeded weighted mix as a request source: the same seed gives the same kinds, product ids and
 * idempotency keys, request for request. One Rng stream is drawn in sequence order, so it must be
 * called with 0, 1, 2, ... (the generator does, missed starts included).
 */
export function mixedRequests(options: { mix?: readonly RequestKind[]; productIds: readonly string[]; seed: number }): RequestSource {
  const mix = options.mix ?? shopMix;
  const rng = seededRng(options.seed);
  let expected = 0;
  return (sequence) => {
    if (sequence !== expected) throw new Error(`mixedRequests must be called in sequence order: expected ${expected}, got ${sequence}`);
    expected++;
    const kind = chooseKind(mix, rng);
    const built = kind.build({ rng, sequence, productIds: options.productIds });
    const request: PlannedRequest = { kind: kind.name, method: built.method, path: built.path };
    if (built.headers !== undefined) request.headers = built.headers;
    if (built.body !== undefined) request.body = built.body;
    return request;
  };
}

/** The same request every time (benchmarks, tests). */
export function fixedRequest(request: PlannedRequest): RequestSource {
  return () => request;
}

/** An unknown id when the catalogue gave none: the gateway answers 404, which still exercises the path. */
function pick(rng: Rng, items: readonly string[]): string {
  return items[Math.floor(rng.next() * items.length)] ?? 'unknown';
}
