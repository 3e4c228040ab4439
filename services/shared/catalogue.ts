/**
 * The shop's product list: catalog serves names and prices, inventory keeps stock for the same ids.
 * Services may not import each other, so the data they must agree on lives here. Prices are integer
 * cents (no floating-point money).
 */
export interface Product {
  id: string;
  name: string;
  priceCents: number;
}

export const PRODUCTS: readonly Product[] = [
  { id: 'p-01', name: 'Rock hammer', priceCents: 3450 },
  { id: 'p-02', name: 'Hand lens 10x', priceCents: 1890 },
  { id: 'p-03', name: 'Field notebook', priceCents: 795 },
  { id: 'p-04', name: 'Compass clinometer', priceCents: 12900 },
  { id: 'p-05', name: 'Seismometer kit', priceCents: 24900 },
  { id: 'p-06', name: 'Hard hat', priceCents: 2990 },
  { id: 'p-07', name: 'Sample bags (50)', priceCents: 650 },
  { id: 'p-08', name: 'Streak plate set', priceCents: 450 },
  { id: 'p-09', name: 'Dilute acid dropper', priceCents: 1150 },
  { id: 'p-10', name: 'Fault map of the region', priceCents: 1299 },
];

export const PRODUCT_IDS: readonly string[] = PRODUCTS.map((product) => product.id);
