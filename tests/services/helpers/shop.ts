import type { FastifyInstance } from 'fastify';
import type { DependencyRuntime } from '../../../src/core/service-contract.js';
import { buildApp as buildInventory } from '../../../services/inventory/app.js';
import { buildApp as buildOrders, type OrdersOptions } from '../../../services/orders/app.js';
import { buildApp as buildPayments } from '../../../services/payments/app.js';
import { dependency, serviceConfig } from './config.js';
import { valueOf } from './metrics-text.js';
import { type Closer, listen } from './servers.js';

/** The back of the shop for orders tests: real inventory and payments on loopback ports. */
export async function backOffice(closer: Closer, stock: ReadonlyMap<string, number> = new Map([['p-01', 10], ['p-02', 1]])) {
  const inventory = closer.add(buildInventory(serviceConfig('inventory'), { logger: false, initialStock: stock }));
  const payments = closer.add(buildPayments(serviceConfig('payments'), { logger: false, processingTime: { medianMs: 0, p99Ms: 0 } }));
  const urls = { inventory: await listen(inventory), payments: await listen(payments) };
  return {
    inventory,
    payments,
    urls,
    available: async (productId: string) => (await inventory.inject({ url: `/stock/${productId}` })).json().available as number,
    charges: async () => valueOf((await payments.inject({ url: '/metrics' })).body, 'faultline_payments_charges_total', { service: 'payments' }),
  };
}

/** An orders app (through inject) calling the given inventory and payments. */
export function ordersApp(closer: Closer, deps: { inventory: DependencyRuntime; payments: DependencyRuntime }, options: OrdersOptions = {}, dataDir?: string): FastifyInstance {
  const config = serviceConfig('orders', deps, dataDir === undefined ? {} : { dataDir });
  return closer.add(buildOrders(config, { logger: false, ...options }));
}

export const plainDependency = (url: string) => dependency(url, { timeoutMs: 1_000 });
