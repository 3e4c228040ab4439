import type { FastifyBaseLogger } from 'fastify';
import type { ServiceClock } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import { statusForFailure } from '../shared/replies.js';
import type { CallResult, ResilientClient } from '../shared/resilient-client.js';
import type { Order, OrderStore } from './order-store.js';

export interface OrderRequest {
  productId: string;
  quantity: number;
  unitPriceCents: number;
}

export type PlaceOrderResult = { ok: true; order: Order; created: boolean } | { ok: false; statusCode: number; message: string };

export interface OrderWorkflow {
  inventory: ResilientClient;
  payments: ResilientClient;
  store: OrderStore;
  clock: ServiceClock;
  log: FastifyBaseLogger;
  requestId: string;
}

/** The currency every price in the shop is in. */
const CURRENCY = 'EUR';

const refused = (statusCode: number, message: string): PlaceOrderResult => ({ ok: false, statusCode, message });

/** A failed call, or an answer we did not expect, as our own failure. */
function failedStep(result: CallResult, what: string): PlaceOrderResult {
  if (!result.ok) return refused(statusForFailure(result), `${what}: ${result.message}`);
  const message = (result.response.body as { message?: unknown } | undefined)?.message;
  return refused(502, `${what}: unexpected answer ${result.response.statusCode}${typeof message === 'string' ? ` (${message})` : ''}`);
}

/** Whether two requests under one idempotency key ask for the same order (else the key was reused). */
export function sameOrder(a: OrderRequest, b: OrderRequest): boolean {
  return a.productId === b.productId && a.quantity === b.quantity && a.unitPriceCents === b.unitPriceCents;
}

/**
 * Place an order: reserve stock, authorise payment, confirm the reservation, store the order. Every
 * remote step carries the order's idempotency key, so running the whole thing again with the same
 * key (a client retry, a gateway retry) reuses the reservation and the payment instead of taking
 * stock or money twice; the UNIQUE key in the store settles any remaining race.
 *
 * When a step after the reservation fails, the reservation is released (awaited, so stock is back
 * before we answer; if even that fails, its hold lapses on its own). An authorisation whose order
 * failed is not captured and lapses at the card network; a retry with the same key reuses it.
 */
export async function placeOrder(flow: OrderWorkflow, idempotencyKey: string, request: OrderRequest): Promise<PlaceOrderResult> {
  const existing = flow.store.findByKey(idempotencyKey);
  if (existing) {
    if (sameOrder(existing, request)) return { ok: true, order: existing, created: false };
    return refused(409, `Idempotency-Key ${idempotencyKey} was already used for a different order (${existing.orderId})`);
  }
  const { requestId } = flow;
  const totalCents = request.quantity * request.unitPriceCents;

  const reserved = await flow.inventory.call({
    method: 'POST',
    path: '/reservations',
    body: { productId: request.productId, quantity: request.quantity, orderKey: idempotencyKey },
    requestId,
  });
  if (reserved.ok && (reserved.response.statusCode === 404 || reserved.response.statusCode === 409)) {
    // Unknown product or not enough stock: the caller's problem, with inventory's explanation.
    return refused(reserved.response.statusCode, (reserved.response.body as { message: string }).message);
  }
  if (!reserved.ok || reserved.response.statusCode >= 300) return failedStep(reserved, 'could not reserve stock');
  const { reservationId } = reserved.response.body as { reservationId: string };

  const undo = async (failure: PlaceOrderResult): Promise<PlaceOrderResult> => {
    const released = await flow.inventory.call({ method: 'DELETE', path: `/reservations/${encodeURIComponent(reservationId)}`, requestId });
    if (!released.ok || released.response.statusCode !== 204) {
      flow.log.warn({ reservationId, reason: released.ok ? released.response.statusCode : released.message }, 'could not release reservation; its hold will lapse');
    }
    return failure;
  };

  const paid = await flow.payments.call({
    method: 'POST',
    path: '/payments',
    headers: { 'idempotency-key': idempotencyKey },
    body: { amountCents: totalCents, currency: CURRENCY, orderKey: idempotencyKey },
    requestId,
  });
  if (!paid.ok || (paid.response.statusCode !== 200 && paid.response.statusCode !== 201)) return undo(failedStep(paid, 'payment failed'));
  const { paymentId } = paid.response.body as { paymentId: string };

  const confirmed = await flow.inventory.call({ method: 'POST', path: `/reservations/${encodeURIComponent(reservationId)}/confirm`, requestId });
  if (!confirmed.ok || confirmed.response.statusCode !== 200) return undo(failedStep(confirmed, 'could not confirm the stock reservation'));

  const order: Order = {
    orderId: newId('ord'),
    idempotencyKey,
    status: 'confirmed',
    ...request,
    totalCents,
    paymentId,
    reservationId,
    createdAt: new Date(flow.clock.now()).toISOString(),
  };
  return { ok: true, ...flow.store.insertOnce(order) };
}
