/**
 * The shop's request mix for k6: the same kinds, weights, requests and random draws as the built-in
 * generator's `shopMix` (src/load/request-mix.ts), so a seed means the same thing in both tools.
 *
 * Pure: no `k6/*` import and no global of the k6 runtime, so vitest imports this file and checks it
 * against the built-in one (tests/unit/k6/mix.test.ts): weights, request shapes, the PRNG's draws
 * and the whole request sequence for a seed. Only the entry scripts (and ../shop.ts) touch k6.
 */

/** A float in [0, 1), as src/core/random.ts's Rng. */
export interface Rng {
  next(): number;
}

/**
 * mulberry32, exactly as src/core/random.ts's seededRng: the same seed gives the same draws, bit for
 * bit (32-bit integer arithmetic only, so Sobek in k6 and V8 in Node agree). k6 has no seeded RNG
 * of its own, and Math.random() would make runs unrepeatable.
 */
export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  return {
    next() {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

export type KindName = 'browse' | 'product' | 'order';
/** The SLO journey a kind belongs to (the `journey` label of slo/shop.yaml). */
export type Journey = 'browse' | 'order';

export interface ShopKind {
  name: KindName;
  weight: number;
  journey: Journey;
  method: 'GET' | 'POST';
  /** The gateway's route pattern, as the services label it and slo/shop.yaml names it. */
  route: string;
  /** Random draws buildRequest makes for this kind after the kind itself was drawn. */
  draws: number;
}

/** shopMix's kinds, weights and order (the order matters: chooseKind walks it). */
export const SHOP_KINDS: readonly ShopKind[] = [
  { name: 'browse', weight: 65, journey: 'browse', method: 'GET', route: '/products', draws: 0 },
  { name: 'product', weight: 25, journey: 'browse', method: 'GET', route: '/products/:id', draws: 1 },
  { name: 'order', weight: 10, journey: 'order', method: 'POST', route: '/orders', draws: 3 },
];

export const KIND_NAMES: readonly KindName[] = SHOP_KINDS.map((kind) => kind.name);

/**
 * The kinds re-weighted as an experiment's `load.mix` does it (src/runner/run-load.ts): a kind not
 * named, or weighted 0, is not sent; the order stays shopMix's. No weights: shopMix as it is.
 */
export function weightedKinds(weights?: Readonly<Partial<Record<KindName, number>>>): ShopKind[] {
  if (weights === undefined) return SHOP_KINDS.slice();
  return SHOP_KINDS.filter((kind) => (weights[kind.name] ?? 0) > 0).map((kind) => ({ ...kind, weight: weights[kind.name] as number }));
}

/** Choose a kind by weight: one draw, the same walk as request-mix.ts's chooseKind. */
export function chooseKind(kinds: readonly ShopKind[], rng: Rng): ShopKind {
  const total = kinds.reduce((sum, kind) => sum + kind.weight, 0);
  let draw = rng.next() * total;
  for (const kind of kinds) {
    draw -= kind.weight;
    if (draw < 0) return kind;
  }
  return kinds[kinds.length - 1] as ShopKind;
}

/** One request, shaped as the built-in generator's PlannedRequest. */
export interface ShopRequest {
  kind: KindName;
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * Build the `sequence`-th request of the given kind, drawing in shopMix's order: a product page
 * draws its product; an order draws its idempotency key, its product and its quantity. Orders carry
 * the built-in's header (`idempotency-key`, lower case as the built-in writes it; Go's HTTP client
 * puts it on the wire as `Idempotency-Key`, the same header) and key shape `load-<sequence>-<n>`.
 */
export function buildRequest(kind: ShopKind, rng: Rng, sequence: number, productIds: readonly string[]): ShopRequest {
  switch (kind.name) {
    case 'browse':
      return { kind: 'browse', method: 'GET', path: '/products' };
    case 'product':
      return { kind: 'product', method: 'GET', path: `/products/${encodeURIComponent(pick(rng, productIds))}` };
    case 'order': {
      const headers = { 'content-type': 'application/json', 'idempotency-key': `load-${sequence}-${Math.floor(rng.next() * 1e9)}` };
      const body = JSON.stringify({ productId: pick(rng, productIds), quantity: 1 + Math.floor(rng.next() * 3) });
      return { kind: 'order', method: 'POST', path: '/orders', headers, body };
    }
  }
}

/** An unknown id when the catalogue gave none: the gateway answers 404, as with the built-in. */
function pick(rng: Rng, items: readonly string[]): string {
  return items[Math.floor(rng.next() * items.length)] ?? 'unknown';
}

/** The seeded request stream, readable at any sequence number. */
export interface RequestSequence {
  /** The built-in's request for scheduled start `sequence` (mixedRequests with the same kinds, seed and product ids). */
  at(sequence: number): ShopRequest;
}

/**
 * The stream is sequential (request n's draws depend on the kinds before it), but k6 runs each VU
 * in its own JavaScript runtime, so there is no shared generator: every VU keeps its own copy and
 * replays it forward to the iteration numbers it is handed (exec.scenario.iterationInTest, which
 * only grows for a VU; a smaller one restarts the replay). Skipping a request costs its kind draw
 * and `draws` steps of the PRNG, no allocation; over a run each VU walks the stream once, so the
 * total is requests × VUs cheap steps. (A closure, not a class: plain ES2015 for k6's interpreter.)
 */
export function requestSequence(kinds: readonly ShopKind[], seed: number, productIds: readonly string[]): RequestSequence {
  if (kinds.length === 0) throw new Error('the request mix has no kind with a weight above 0');
  let rng = seededRng(seed);
  let position = 0;
  return {
    at(sequence) {
      if (!(Number.isInteger(sequence) && sequence >= 0)) throw new Error(`request sequence numbers are integers >= 0 (got ${sequence})`);
      if (sequence < position) {
        rng = seededRng(seed);
        position = 0;
      }
      while (position < sequence) {
        const kind = chooseKind(kinds, rng);
        for (let i = 0; i < kind.draws; i++) rng.next();
        position++;
      }
      position++;
      return buildRequest(chooseKind(kinds, rng), rng, sequence, productIds);
    },
  };
}
