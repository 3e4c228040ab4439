import type { Rng } from '../core/random.js';

/** One kind of request a user of the shop makes, with how often it is made relative to the others. */
export interface RequestKind {
  name: string;
  weight: number;
  /** Build the request; `sequence` numbers requests, for unique idempotency keys. */
  build(context: { rng: Rng; sequence: number; productIds: readonly string[] }): { method: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: string };
}

/**
 * The shop's default traffic: mostly browsing, some product pages, a few orders. Orders carry an
 * Idempotency-Key, as a real client that may retry would send.
 */
export const shopMix: readonly RequestKind[] = [
  { name: 'browse', weight: 65, build: () => ({ method: 'GET', path: '/products' }) },
  { name: 'product', weight: 25, build: ({ rng, productIds }) => ({ method: 'GET', path: `/products/${pick(rng, productIds)}` }) },
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

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng.next() * items.length)] as T;
}
