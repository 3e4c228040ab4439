import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ServiceRuntimeConfig } from '../../src/core/service-contract.js';
import { buildServiceApp, type ServiceAppOptions } from '../shared/app.js';
import type { DependencyResponse, OutboundRequest } from '../shared/http-transport.js';
import { newId } from '../shared/ids.js';
import { sendDependencyFailure, sendProblem } from '../shared/replies.js';
import type { CallResult, ResilientClient } from '../shared/resilient-client.js';
import { getOrderSchema, getProductSchema, placeOrderSchema } from './schemas.js';

/**
 * Gateway: the public API, the only service a shopper (or the load generator) talks to. It adds no
 * data of its own: reads pass through to catalog and orders; an order is priced from the catalog,
 * then placed. A dependency's own answer (2xx, 4xx, or its explained 5xx) is passed on as it is; a
 * call that got no answer becomes 502, 503 or 504 with the reason.
 */
export function buildApp(config: ServiceRuntimeConfig, options: ServiceAppOptions = {}): FastifyInstance {
  const kit = buildServiceApp(config, ['catalog', 'orders'], options);
  const { app } = kit;
  const catalog = kit.client('catalog');
  const orders = kit.client('orders');

  function passOn(reply: FastifyReply, result: CallResult, what: string): FastifyReply {
    if (!result.ok && !result.response) return sendDependencyFailure(reply, result, what);
    const response = result.response as DependencyResponse;
    return reply.code(response.statusCode).send(response.body);
  }

  const forward = async (client: ResilientClient, request: OutboundRequest, reply: FastifyReply, what: string) => passOn(reply, await client.call(request), what);

  app.get('/products', async (request, reply) => forward(catalog, { method: 'GET', path: '/products', requestId: request.id }, reply, 'could not list products'));

  app.get<{ Params: { id: string } }>('/products/:id', { schema: getProductSchema }, async (request, reply) =>
    forward(catalog, { method: 'GET', path: `/products/${encodeURIComponent(request.params.id)}`, requestId: request.id }, reply, 'could not read the product'),
  );

  app.get<{ Params: { id: string } }>('/orders/:id', { schema: getOrderSchema }, async (request, reply) =>
    forward(orders, { method: 'GET', path: `/orders/${encodeURIComponent(request.params.id)}`, requestId: request.id }, reply, 'could not read the order'),
  );

  app.post<{ Body: { productId: string; quantity: number }; Headers: { 'idempotency-key'?: string } }>('/orders', { schema: placeOrderSchema }, async (request, reply) => {
    const { productId, quantity } = request.body;
    // A key is minted here when the shopper sent none, so that our own retries to orders can never
    // place a second order; the shopper gets it back in the reply header for theirs.
    const key = request.headers['idempotency-key'] ?? newId('key');
    reply.header('idempotency-key', key);

    const product = await catalog.call({ method: 'GET', path: `/products/${encodeURIComponent(productId)}`, requestId: request.id });
    if (!product.ok || product.response.statusCode !== 200) {
      if (product.ok && product.response.statusCode === 404) return sendProblem(reply, 404, `unknown product ${productId}`);
      return passOn(reply, product, 'could not price the order');
    }
    const { priceCents } = product.response.body as { priceCents: number };

    const placed = await orders.call({
      method: 'POST',
      path: '/orders',
      headers: { 'idempotency-key': key },
      body: { productId, quantity, unitPriceCents: priceCents },
      requestId: request.id,
    });
    return passOn(reply, placed, 'could not place the order');
  });

  return app;
}
