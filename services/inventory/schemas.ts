/** Request and response schemas of the inventory API (Fastify validates and serialises with them). */

const productId = { type: 'string', minLength: 1, maxLength: 64 } as const;
const reservationIdParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 64 } } } as const;

const stockLevel = {
  type: 'object',
  required: ['productId', 'available'],
  properties: { productId: { type: 'string' }, available: { type: 'integer' } },
} as const;

export const reservationView = {
  type: 'object',
  required: ['reservationId', 'productId', 'quantity', 'orderKey', 'status', 'expiresAt'],
  properties: {
    reservationId: { type: 'string' },
    productId: { type: 'string' },
    quantity: { type: 'integer' },
    orderKey: { type: 'string' },
    status: { type: 'string', enum: ['held', 'confirmed', 'released'] },
    expiresAt: { type: 'string', format: 'date-time' },
  },
} as const;

export const listStockSchema = { response: { 200: { type: 'array', items: stockLevel } } };

export const getStockSchema = {
  params: { type: 'object', required: ['productId'], properties: { productId } },
  response: { 200: stockLevel },
};

export const reserveSchema = {
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['productId', 'quantity', 'orderKey'],
    properties: {
      productId,
      quantity: { type: 'integer', minimum: 1, maximum: 1000 },
      orderKey: { type: 'string', minLength: 1, maxLength: 128 },
    },
  },
  response: { 200: reservationView, 201: reservationView },
};

export const reservationSchema = { params: reservationIdParams, response: { 200: reservationView } };

export const releaseSchema = { params: reservationIdParams };
