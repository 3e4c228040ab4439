import { randomUUID } from 'node:crypto';

/**
 * Identifiers of things a service creates (orders, payments, reservations). They come from the
 * crypto generator, not the seeded Rng: two services started with the same seed must never hand
 * out the same id, and ids carry no behaviour worth replaying.
 */
export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
}
