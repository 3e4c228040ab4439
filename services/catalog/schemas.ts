/** Request and response schemas of the catalog API. */

const productWithStock = {
  type: 'object',
  required: ['id', 'name', 'priceCents', 'available', 'stockStale'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    priceCents: { type: 'integer' },
    /** null: inventory is unreachable and has never told us this product's level. */
    available: { type: ['integer', 'null'] },
    stockStale: { type: 'boolean' },
  },
} as const;

export const listProductsSchema = {
  response: {
    200: {
      type: 'object',
      required: ['products', 'stockStale'],
      properties: { products: { type: 'array', items: productWithStock }, stockStale: { type: 'boolean' } },
    },
  },
};

export const getProductSchema = {
  params: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 64 } } },
  response: { 200: productWithStock },
};
