/** Request and response schemas of the payments API. */

const payment = {
  type: 'object',
  required: ['paymentId', 'status', 'amountCents', 'currency', 'orderKey'],
  properties: {
    paymentId: { type: 'string' },
    status: { type: 'string', enum: ['authorised'] },
    amountCents: { type: 'integer' },
    currency: { type: 'string' },
    orderKey: { type: 'string' },
  },
} as const;

export const authoriseSchema = {
  headers: {
    type: 'object',
    required: ['idempotency-key'],
    properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 128 } },
  },
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['amountCents', 'currency', 'orderKey'],
    properties: {
      amountCents: { type: 'integer', minimum: 1, maximum: 10_000_000_000 },
      currency: { type: 'string', pattern: '^[A-Z]{3}$' },
      orderKey: { type: 'string', minLength: 1, maxLength: 128 },
    },
  },
  response: { 200: payment, 201: payment },
};

export const getPaymentSchema = {
  params: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 64 } } },
  response: {
    200: { ...payment, required: [...payment.required, 'idempotencyKey', 'charges'], properties: { ...payment.properties, idempotencyKey: { type: 'string' }, charges: { type: 'integer' } } },
  },
};
