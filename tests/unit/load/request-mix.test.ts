import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/core/random.js';
import { chooseKind, fixedRequest, mixedRequests, shopMix, type PlannedRequest } from '../../../src/load/request-mix.js';

const productIds = ['p-01', 'p-02', 'p-03', 'p-04'];
const take = (source: (sequence: number) => PlannedRequest, n: number) => Array.from({ length: n }, (_, i) => source(i));

describe('the shop mix', () => {
  it('draws kinds in proportion to their weights', () => {
    const counts: Record<string, number> = {};
    const rng = seededRng(11);
    for (let i = 0; i < 10_000; i++) {
      const kind = chooseKind(shopMix, rng).name;
      counts[kind] = (counts[kind] ?? 0) + 1;
    }
    expect((counts.browse ?? 0) / 10_000).toBeCloseTo(0.65, 1);
    expect((counts.product ?? 0) / 10_000).toBeCloseTo(0.25, 1);
    expect((counts.order ?? 0) / 10_000).toBeCloseTo(0.1, 1);
  });

  it('replays the same kinds, product ids, idempotency keys and bodies from the same seed', () => {
    const first = take(mixedRequests({ productIds, seed: 42 }), 2000);
    const again = take(mixedRequests({ productIds, seed: 42 }), 2000);
    expect(again).toEqual(first);
    const other = take(mixedRequests({ productIds, seed: 43 }), 2000);
    expect(other.map((r) => r.kind)).not.toEqual(first.map((r) => r.kind));
    expect(new Set(first.map((r) => r.kind))).toEqual(new Set(['browse', 'product', 'order']));
  });

  it('sends orders as the gateway expects them: JSON body and a unique idempotency-key header', () => {
    const orders = take(mixedRequests({ productIds, seed: 7 }), 500).filter((r) => r.kind === 'order');
    expect(orders.length).toBeGreaterThan(20);
    for (const order of orders) {
      expect(order).toMatchObject({ method: 'POST', path: '/orders', headers: { 'content-type': 'application/json' } });
      const key = order.headers?.['idempotency-key'] ?? '';
      expect(key.length).toBeGreaterThanOrEqual(1);
      expect(key.length).toBeLessThanOrEqual(128);
      const body = JSON.parse(order.body ?? '{}') as { productId: string; quantity: number };
      expect(productIds).toContain(body.productId);
      expect(Number.isInteger(body.quantity) && body.quantity >= 1 && body.quantity <= 3).toBe(true);
    }
    expect(new Set(orders.map((o) => o.headers?.['idempotency-key'])).size).toBe(orders.length);
  });

  it('reads products by id and browses without headers', () => {
    const requests = take(mixedRequests({ productIds, seed: 3 }), 200);
    for (const product of requests.filter((r) => r.kind === 'product')) expect(productIds.map((id) => `/products/${id}`)).toContain(product.path);
    for (const browse of requests.filter((r) => r.kind === 'browse')) expect(browse).toEqual({ kind: 'browse', method: 'GET', path: '/products' });
  });

  it('must be asked in sequence order, so a replay cannot silently drift', () => {
    const source = mixedRequests({ productIds, seed: 1 });
    source(0);
    expect(() => source(2)).toThrow(/expected 1, got 2/);
  });

  it('can send one fixed request', () => {
    const request: PlannedRequest = { kind: 'ping', method: 'GET', path: '/' };
    expect(take(fixedRequest(request), 3)).toEqual([request, request, request]);
  });
});
