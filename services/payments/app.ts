import type { FastifyInstance } from 'fastify';
import { Counter } from 'prom-client';
import { HttpMetricLabels, ShopMetricNames } from '../../src/core/conventions.js';
import type { ServiceRuntimeConfig } from '../../src/core/service-contract.js';
import { buildServiceApp, type ServiceAppOptions } from '../shared/app.js';
import { sleep } from '../shared/clock.js';
import { logNormalSampler } from '../shared/random.js';
import { sendProblem } from '../shared/replies.js';
import { PaymentLedger, type PaymentRequest } from './payment-ledger.js';
import { authoriseSchema, getPaymentSchema } from './schemas.js';

export interface PaymentsOptions extends ServiceAppOptions {
  /**
   * Simulated processing time (talking to a card network), log-normal with this median and p99.
   * Default 15 ms / 80 ms; a median of 0 turns it off (tests).
   */
  processingTime?: { medianMs: number; p99Ms: number };
}

/** Payments: idempotent authorisations that take a realistic, seeded, skewed amount of time. */
export function buildApp(config: ServiceRuntimeConfig, options: PaymentsOptions = {}): FastifyInstance {
  const kit = buildServiceApp(config, [], options);
  const { app, clock } = kit;
  const { medianMs, p99Ms } = options.processingTime ?? { medianMs: 15, p99Ms: 80 };
  const processingMs = logNormalSampler(kit.rng, medianMs, p99Ms);

  const charges = new Counter({
    name: ShopMetricNames.paymentCharges,
    help: 'Payments charged; an idempotent replay does not count, so this equals the number of distinct payments.',
    labelNames: [HttpMetricLabels.service],
    registers: [kit.metrics.registry],
  });
  charges.inc({ service: config.name }, 0);

  const ledger = new PaymentLedger(
    () => sleep(clock, processingMs()),
    () => charges.inc({ service: config.name }),
  );

  app.post<{ Body: PaymentRequest; Headers: { 'idempotency-key': string } }>('/payments', { schema: authoriseSchema }, async (request, reply) => {
    const result = await ledger.authorise(request.headers['idempotency-key'], request.body);
    if (!result.ok) return sendProblem(reply, 409, result.message);
    if (!result.replayed) request.log.info({ paymentId: result.payment.paymentId, amountCents: result.payment.amountCents }, 'payment authorised');
    return reply.code(result.replayed ? 200 : 201).send(result.payment);
  });

  app.get<{ Params: { id: string } }>('/payments/:id', { schema: getPaymentSchema }, async (request, reply) => {
    const payment = ledger.find(request.params.id);
    if (!payment) return sendProblem(reply, 404, `no payment ${request.params.id}`);
    return { ...payment, charges: ledger.chargesFor(payment.idempotencyKey) };
  });

  return app;
}
