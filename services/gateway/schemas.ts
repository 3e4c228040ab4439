/**
 * Request schemas of the public API. Responses are the downstream services' own bodies, passed
 * through, so they are described (and serialised) there, not here.
 */

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 64 } } } as const;

export const getProductSchema = { params: idParams };

export const getOrderSchema = { params: idParams };

export const placeOrderSchema = {
  headers: {
    type: 'object',
    properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 128 } },
  },
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['productId', 'quantity'],
    properties: {
      productId: { type: 'string', minLength: 1, maxLength: 64 },
      quantity: { type: 'integer', minimum: 1, maximum: 1000 },
    },
  },
};
