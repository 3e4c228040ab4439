/** Request and response schemas of the orders API. */

export const orderView = {
  type: 'object',
  required: ['orderId', 'idempotencyKey', 'status', 'productId', 'quantity', 'unitPriceCents', 'totalCents', 'paymentId', 'reservationId', 'createdAt'],
  properties: {
    orderId: { type: 'string' },
    idempotencyKey: { type: 'string' },
    status: { type: 'string', enum: ['confirmed'] },
    productId: { type: 'string' },
    quantity: { type: 'integer' },
    unitPriceCents: { type: 'integer' },
    totalCents: { type: 'integer' },
    paymentId: { type: 'string' },
    reservationId: { type: 'string' },
    createdAt: { type: 'string' },
  },
} as const;

export const placeOrderSchema = {
  headers: {
    type: 'object',
    properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 128 } },
  },
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['productId', 'quantity', 'unitPriceCents'],
    properties: {
      productId: { type: 'string', minLength: 1, maxLength: 64 },
      quantity: { type: 'integer', minimum: 1, maximum: 1000 },
      unitPriceCents: { type: 'integer', minimum: 1, maximum: 10_000_000 },
    },
  },
  response: { 200: orderView, 201: orderView },
};

export const getOrderSchema = {
  params: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 64 } } },
  response: { 200: orderView },
};
