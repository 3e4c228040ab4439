import type { FastifyInstance } from 'fastify';
import type { ServiceRuntimeConfig } from '../../src/core/service-contract.js';
import { buildServiceApp, type ServiceAppOptions } from '../shared/app.js';
import { newId } from '../shared/ids.js';
import { sendProblem } from '../shared/replies.js';
import { databasePath, OrderStore } from './order-store.js';
import { placeOrder, sameOrder, type OrderRequest, type PlaceOrderResult } from './place-order.js';
import { getOrderSchema, placeOrderSchema } from './schemas.js';

export interface OrdersOptions extends ServiceAppOptions {
  /** SQLite file (or ':memory:'); default `<dataDir>/orders.sqlite`, in memory without a dataDir. */
  databasePath?: string;
}

/** Orders: the saga of reserve → pay → confirm → store, idempotent by key end to end. */
export function buildApp(config: ServiceRuntimeConfig, options: OrdersOptions = {}): FastifyInstance {
  const kit = buildServiceApp(config, ['inventory', 'payments'], options);
  const { app } = kit;
  const store = new OrderStore(options.databasePath ?? databasePath(config.dataDir));
  app.addHook('onClose', async () => store.close());
  const inventory = kit.client('inventory');
  const payments = kit.client('payments');
  // Requests with one key that overlap share one run of the saga; the later ones are replays (200).
  const inFlight = new Map<string, { body: OrderRequest; run: Promise<PlaceOrderResult> }>();

  app.post<{ Body: OrderRequest; Headers: { 'idempotency-key'?: string } }>('/orders', { schema: placeOrderSchema }, async (request, reply) => {
    // Without a key from the caller, this request is its own key: our retries stay safe, the caller's cannot.
    const key = request.headers['idempotency-key'] ?? newId('key');
    const running = inFlight.get(key);
    let result: PlaceOrderResult;
    if (running) {
      if (!sameOrder(running.body, request.body)) return sendProblem(reply, 409, `Idempotency-Key ${key} is in use for a different order`);
      const shared = await running.run;
      result = shared.ok ? { ...shared, created: false } : shared;
    } else {
      const run = placeOrder({ inventory, payments, store, clock: kit.clock, log: request.log, requestId: request.id }, key, request.body);
      inFlight.set(key, { body: request.body, run });
      try {
        result = await run;
      } finally {
        inFlight.delete(key);
      }
    }
    if (!result.ok) return sendProblem(reply, result.statusCode, result.message);
    if (result.created) request.log.info({ orderId: result.order.orderId, totalCents: result.order.totalCents }, 'order placed');
    return reply.code(result.created ? 201 : 200).header('idempotency-key', key).send(result.order);
  });

  app.get<{ Params: { id: string } }>('/orders/:id', { schema: getOrderSchema }, async (request, reply) => {
    const order = store.findById(request.params.id);
    return order ?? sendProblem(reply, 404, `no order ${request.params.id}`);
  });

  return app;
}
