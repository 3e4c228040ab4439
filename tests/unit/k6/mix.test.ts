import { describe, expect, it } from 'vitest';
import { seededRng as builtinRng } from '../../../src/core/random.js';
import { chooseKind as builtinChooseKind, mixedRequests, shopMix, type RequestKind } from '../../../src/load/request-mix.js';
import { chooseKind, KIND_NAMES, requestSequence, SHOP_KINDS, seededRng, weightedKinds, type KindName, type Rng } from '../../../load/k6/lib/mix.js';

const productIds = ['p-01', 'p-02', 'p-03', 'p-04', 'p-05'];
const seeds = [0, 1, 42, 102, 103, 0x7fffffff, 0xffffffff];

/** The experiment runner's way of re-weighting shopMix (src/runner/run-load.ts). */
const builtinWeighted = (weights: Partial<Record<KindName, number>>): RequestKind[] =>
  shopMix.filter((kind) => (weights[kind.name as KindName] ?? 0) > 0).map((kind) => ({ ...kind, weight: weights[kind.name as KindName] as number }));

const counting = (rng: Rng) => {
  const counter = { draws: 0, next: () => (counter.draws++, rng.next()) };
  return counter;
};

describe('the k6 request mix', () => {
  it("has shopMix's kinds, weights and order", () => {
    expect(SHOP_KINDS.map(({ name, weight }) => ({ name, weight }))).toEqual(shopMix.map(({ name, weight }) => ({ name, weight })));
    expect(KIND_NAMES).toEqual(shopMix.map((kind) => kind.name));
  });

  it("declares each kind's method and route as the built-in builds it", () => {
    for (const kind of SHOP_KINDS) {
      const builtin = shopMix.find((candidate) => candidate.name === kind.name) as RequestKind;
      const built = builtin.build({ rng: builtinRng(5), sequence: 0, productIds });
      expect(built.method).toBe(kind.method);
      expect(built.path).toMatch(new RegExp(`^${kind.route.replace(/:[a-z]+/g, '[^/]+')}$`));
    }
  });

  it.each(seeds)('draws what seededRng draws, number for number (seed %i)', (seed) => {
    const ours = seededRng(seed);
    const theirs = builtinRng(seed);
    const a = Array.from({ length: 10_000 }, () => ours.next());
    const b = Array.from({ length: 10_000 }, () => theirs.next());
    expect(a).toEqual(b);
  });

  it('chooses the same kind as the built-in for the same draws', () => {
    const ours = seededRng(9);
    const theirs = builtinRng(9);
    for (let i = 0; i < 5000; i++) expect(chooseKind(SHOP_KINDS, ours).name).toBe(builtinChooseKind(shopMix, theirs).name);
  });

  it.each(seeds)("gives request n exactly the built-in's request n: kind, path, idempotency key, body (seed %i)", (seed) => {
    const builtin = mixedRequests({ productIds, seed });
    const ours = requestSequence(SHOP_KINDS, seed, productIds);
    for (let n = 0; n < 3000; n++) expect(ours.at(n)).toEqual(builtin(n));
  });

  it.each([{ browse: 50, product: 20, order: 30 }, { order: 1 }, { browse: 3, order: 1 }, { product: 2.5, order: 0, browse: 7 }])(
    'follows an experiment mix as the runner re-weights it: %j',
    (weights) => {
      expect(weightedKinds(weights).map(({ name, weight }) => ({ name, weight }))).toEqual(builtinWeighted(weights).map(({ name, weight }) => ({ name, weight })));
      const builtin = mixedRequests({ mix: builtinWeighted(weights), productIds, seed: 102 });
      const ours = requestSequence(weightedKinds(weights), 102, productIds);
      for (let n = 0; n < 1000; n++) expect(ours.at(n)).toEqual(builtin(n));
    },
  );

  it('reads the stream at the numbers one VU is handed, in jumps and backwards, as the whole stream has it', () => {
    const builtin = mixedRequests({ productIds, seed: 77 });
    const expected = Array.from({ length: 600 }, (_, n) => builtin(n));
    const vu = requestSequence(SHOP_KINDS, 77, productIds);
    for (const n of [3, 4, 17, 18, 250, 599, 10, 0, 598]) expect(vu.at(n)).toEqual(expected[n]);
  });

  it("skips a request with exactly the draws building it takes (each kind's `draws`)", () => {
    for (const kind of SHOP_KINDS) {
      const rng = counting(seededRng(3));
      const builtin = shopMix.find((candidate) => candidate.name === kind.name) as RequestKind;
      builtin.build({ rng, sequence: 12, productIds });
      expect({ kind: kind.name, draws: rng.draws }).toEqual({ kind: kind.name, draws: kind.draws });
    }
  });

  it('sends orders with a unique idempotency-key of the built-in shape and a body the gateway accepts', () => {
    const sequence = requestSequence(SHOP_KINDS, 11, productIds);
    const orders = Array.from({ length: 2000 }, (_, n) => sequence.at(n)).filter((request) => request.kind === 'order');
    expect(orders.length).toBeGreaterThan(100);
    const keys = orders.map((order) => order.headers?.['idempotency-key'] ?? '');
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(key).toMatch(/^load-\d+-\d+$/);
    for (const order of orders) {
      expect(order.headers?.['content-type']).toBe('application/json');
      const body = JSON.parse(order.body ?? '') as { productId: string; quantity: number };
      expect(Object.keys(body).sort()).toEqual(['productId', 'quantity']);
      expect(productIds).toContain(body.productId);
    }
  });

  it('goes to an unknown product (a 404 from the gateway) when the catalogue gave no ids, as the built-in', () => {
    const builtin = mixedRequests({ productIds: [], seed: 4 });
    const ours = requestSequence(SHOP_KINDS, 4, []);
    for (let n = 0; n < 200; n++) expect(ours.at(n)).toEqual(builtin(n));
  });

  it('refuses a mix without any kind and a sequence number that is not a whole number', () => {
    expect(() => requestSequence([], 1, productIds)).toThrow(/no kind/);
    expect(() => requestSequence(SHOP_KINDS, 1, productIds).at(-1)).toThrow(/integers >= 0/);
    expect(() => requestSequence(SHOP_KINDS, 1, productIds).at(1.5)).toThrow(/integers >= 0/);
  });
});
