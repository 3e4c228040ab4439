import type { FastifyInstance } from 'fastify';
import type { ServiceRuntimeConfig } from '../../src/core/service-contract.js';
import { buildServiceApp, type ServiceAppOptions } from '../shared/app.js';
import { PRODUCT_IDS } from '../shared/catalogue.js';
import type { Rng } from '../shared/random.js';
import { sendProblem } from '../shared/replies.js';
import { getStockSchema, listStockSchema, releaseSchema, reservationSchema, reserveSchema } from './schemas.js';
import { StockLedger, type ChangeResult, type Reservation } from './stock-ledger.js';

export interface InventoryOptions extends ServiceAppOptions {
  /** How long a reservation holds stock unless confirmed (default 30 s). */
  holdTtlMs?: number;
  /** Stock per product id; default: seeded levels for every catalogue product. */
  initialStock?: ReadonlyMap<string, number>;
}

/**
 * Seeded stock, deep enough that a sustained load test measures faults, not a sold-out shop: a
 * 100 req/s run for 10 minutes buys about 6 000 of each product.
 */
function seededStock(rng: Rng): Map<string, number> {
  return new Map(PRODUCT_IDS.map((id) => [id, 50_000 + Math.floor(rng.next() * 50_000)]));
}

function view(reservation: Reservation) {
  return { ...reservation, expiresAt: new Date(reservation.expiresAt).toISOString() };
}

const CHANGE_FAILURE_STATUS = { not_found: 404, conflict: 409 } as const;

/** Inventory: stock levels and time-limited reservations. A leaf service (no dependencies). */
export function buildApp(config: ServiceRuntimeConfig, options: InventoryOptions = {}): FastifyInstance {
  const kit = buildServiceApp(config, [], options);
  const { app } = kit;
  const ledger = new StockLedger(options.initialStock ?? seededStock(kit.rng), kit.clock, options.holdTtlMs ?? 30_000);
  app.addHook('onClose', async () => ledger.close());

  const answer = (result: ChangeResult, reply: Parameters<typeof sendProblem>[0]) =>
    result.ok ? reply.code(200).send(view(result.reservation)) : sendProblem(reply, CHANGE_FAILURE_STATUS[result.reason], result.message);

  app.get('/stock', { schema: listStockSchema }, async () => ledger.levels());

  app.get<{ Params: { productId: string } }>('/stock/:productId', { schema: getStockSchema }, async (request, reply) => {
    const available = ledger.level(request.params.productId);
    if (available === undefined) return sendProblem(reply, 404, `unknown product ${request.params.productId}`);
    return { productId: request.params.productId, available };
  });

  app.post<{ Body: { productId: string; quantity: number; orderKey: string } }>('/reservations', { schema: reserveSchema }, async (request, reply) => {
    const { productId, quantity, orderKey } = request.body;
    const result = ledger.reserve(productId, quantity, orderKey);
    if (!result.ok) return sendProblem(reply, result.reason === 'unknown_product' ? 404 : 409, result.message);
    if (result.created) request.log.info({ reservationId: result.reservation.reservationId, productId, quantity }, 'stock reserved');
    return reply.code(result.created ? 201 : 200).send(view(result.reservation));
  });

  app.get<{ Params: { id: string } }>('/reservations/:id', { schema: reservationSchema }, async (request, reply) => {
    const reservation = ledger.find(request.params.id);
    return reservation ? view(reservation) : sendProblem(reply, 404, `no reservation ${request.params.id}`);
  });

  app.post<{ Params: { id: string } }>('/reservations/:id/confirm', { schema: reservationSchema }, async (request, reply) =>
    answer(ledger.confirm(request.params.id), reply),
  );

  app.delete<{ Params: { id: string } }>('/reservations/:id', { schema: releaseSchema }, async (request, reply) => {
    const result = ledger.release(request.params.id);
    return result.ok ? reply.code(204).send() : sendProblem(reply, CHANGE_FAILURE_STATUS[result.reason], result.message);
  });

  return app;
}
