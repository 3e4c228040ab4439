import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceRuntimeConfig } from '../../src/core/service-contract.js';
import { buildServiceApp, type ServiceAppOptions } from '../shared/app.js';
import { PRODUCTS, type Product } from '../shared/catalogue.js';
import type { OutboundRequest } from '../shared/http-transport.js';
import { sendProblem } from '../shared/replies.js';
import { getProductSchema, listProductsSchema } from './schemas.js';
import { StockCache } from './stock-cache.js';

interface StockLevel {
  productId: string;
  available: number;
}

function isStockLevel(value: unknown): value is StockLevel {
  const level = value as Partial<StockLevel> | null;
  return typeof level?.productId === 'string' && typeof level.available === 'number';
}

/** Fresh levels, or why there are none (as a value: the caller decides between fallback and 503). */
type StockRead = { ok: true; levels: StockLevel[] } | { ok: false; message: string };

/**
 * Catalog: the product list with live stock levels from inventory. When inventory fails, the
 * policy's `fallback` decides: serve the last known levels marked `stockStale: true` (counted in
 * faultline_client_fallbacks_total), or answer 503. A textbook graceful-degradation switch for
 * experiments to flip through PUT /admin/policies/inventory.
 */
export function buildApp(config: ServiceRuntimeConfig, options: ServiceAppOptions = {}): FastifyInstance {
  const kit = buildServiceApp(config, ['inventory'], options);
  const { app } = kit;
  const inventory = kit.client('inventory');
  const cache = new StockCache();
  const byId = new Map(PRODUCTS.map((product) => [product.id, product]));

  async function readStock(request: OutboundRequest): Promise<StockRead> {
    const result = await inventory.call(request);
    if (!result.ok) return { ok: false, message: result.message };
    const { statusCode, body } = result.response;
    const levels = Array.isArray(body) ? body : [body];
    if (statusCode !== 200 || !levels.every(isStockLevel)) return { ok: false, message: `inventory answered ${statusCode} with an unexpected body` };
    for (const level of levels) cache.remember(level.productId, level.available);
    return { ok: true, levels };
  }

  /** Answer from fresh levels, from the cache (fallback on), or 503 (fallback off). */
  async function withStock(request: FastifyRequest, reply: FastifyReply, read: OutboundRequest, render: (stale: boolean) => unknown) {
    const stock = await readStock({ ...read, requestId: request.id });
    if (stock.ok) return render(false);
    if (!inventory.policy.fallback) return sendProblem(reply, 503, `stock levels unavailable (fallback is off): ${stock.message}`);
    kit.metrics.fallbacks.inc({ service: config.name, peer: 'inventory' });
    request.log.warn({ reason: stock.message }, 'serving last known stock levels');
    return render(true);
  }

  const withLevel = (product: Product, stockStale: boolean) => ({ ...product, available: cache.lastKnown(product.id), stockStale });

  app.get('/products', { schema: listProductsSchema }, async (request, reply) =>
    withStock(request, reply, { method: 'GET', path: '/stock' }, (stockStale) => ({
      products: PRODUCTS.map((product) => withLevel(product, stockStale)),
      stockStale,
    })),
  );

  app.get<{ Params: { id: string } }>('/products/:id', { schema: getProductSchema }, async (request, reply) => {
    const product = byId.get(request.params.id);
    if (!product) return sendProblem(reply, 404, `unknown product ${request.params.id}`);
    return withStock(request, reply, { method: 'GET', path: `/stock/${encodeURIComponent(product.id)}` }, (stockStale) => withLevel(product, stockStale));
  });

  return app;
}
