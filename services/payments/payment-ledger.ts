import { newId } from '../shared/ids.js';

export interface PaymentRequest {
  amountCents: number;
  currency: string;
  orderKey: string;
}

export interface Payment extends PaymentRequest {
  paymentId: string;
  status: 'authorised';
  idempotencyKey: string;
}

export type AuthoriseResult =
  | { ok: true; payment: Payment; replayed: boolean }
  | { ok: false; reason: 'key_reused'; message: string };

/**
 * Payments by idempotency key (the Stripe model): the first request with a key charges, every later
 * one, including one that arrives while the first is still processing, gets that same payment
 * back. The in-flight map matters as much as the stored one: a retry that times out at the caller
 * is usually still being processed here when the next attempt arrives.
 */
export class PaymentLedger {
  private readonly byKey = new Map<string, Payment>();
  private readonly byId = new Map<string, Payment>();
  private readonly inFlight = new Map<string, { request: PaymentRequest; done: Promise<Payment> }>();
  /** Charges made per idempotency key, counted where money moves: anything but 1 is a double charge. */
  private readonly charges = new Map<string, number>();

  /** `process` is the slow part (talking to the card network); `onCharge` fires once per real charge. */
  constructor(private readonly process: () => Promise<void>, private readonly onCharge: (payment: Payment) => void) {}

  find(paymentId: string): Payment | undefined {
    return this.byId.get(paymentId);
  }

  chargesFor(idempotencyKey: string): number {
    return this.charges.get(idempotencyKey) ?? 0;
  }

  async authorise(idempotencyKey: string, request: PaymentRequest): Promise<AuthoriseResult> {
    const earlier = this.byKey.get(idempotencyKey) ?? this.inFlight.get(idempotencyKey);
    if (earlier) {
      const earlierRequest = 'done' in earlier ? earlier.request : earlier;
      if (!sameRequest(earlierRequest, request)) {
        return { ok: false, reason: 'key_reused', message: `Idempotency-Key ${idempotencyKey} was already used for a different payment` };
      }
      const payment = 'done' in earlier ? await earlier.done : earlier;
      return { ok: true, payment, replayed: true };
    }
    const done = this.charge(idempotencyKey, request);
    this.inFlight.set(idempotencyKey, { request, done });
    try {
      return { ok: true, payment: await done, replayed: false };
    } finally {
      this.inFlight.delete(idempotencyKey);
    }
  }

  private async charge(idempotencyKey: string, request: PaymentRequest): Promise<Payment> {
    await this.process();
    this.charges.set(idempotencyKey, this.chargesFor(idempotencyKey) + 1);
    const payment: Payment = { paymentId: newId('pay'), status: 'authorised', idempotencyKey, ...request };
    this.byKey.set(idempotencyKey, payment);
    this.byId.set(payment.paymentId, payment);
    this.onCharge(payment);
    return payment;
  }
}

function sameRequest(a: PaymentRequest, b: PaymentRequest): boolean {
  return a.amountCents === b.amountCents && a.currency === b.currency && a.orderKey === b.orderKey;
}
