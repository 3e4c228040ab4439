import type { ServiceClock, TimerHandle } from '../shared/clock.js';
import { newId } from '../shared/ids.js';

export type ReservationStatus = 'held' | 'confirmed' | 'released';

export interface Reservation {
  reservationId: string;
  productId: string;
  quantity: number;
  orderKey: string;
  status: ReservationStatus;
  /** Epoch ms after which a held reservation is released. */
  expiresAt: number;
}

export type ReserveResult =
  | { ok: true; reservation: Reservation; created: boolean }
  | { ok: false; reason: 'unknown_product' | 'insufficient_stock' | 'key_conflict'; message: string };

export type ChangeResult = { ok: true; reservation: Reservation } | { ok: false; reason: 'not_found' | 'conflict'; message: string };

/**
 * Stock levels and the reservations against them. A reservation takes stock out of `available` at
 * once and holds it for `holdTtlMs`; confirming makes that permanent, releasing (or the hold
 * lapsing) puts it back. The hold is what keeps stock from leaking when an order dies half-way
 * (payment failed, caller gone): nobody has to remember to clean up.
 *
 * Idempotency is by orderKey over live reservations (held or confirmed): asking again returns the
 * same one. A key whose reservation was released may reserve afresh, so a client retrying an order
 * that failed after its hold lapsed is not stuck with a dead reservation.
 */
export class StockLedger {
  private readonly available: Map<string, number>;
  private readonly reservations = new Map<string, Reservation>();
  private readonly liveByOrderKey = new Map<string, Reservation>();
  private readonly holds = new Map<string, TimerHandle>();

  constructor(initialStock: ReadonlyMap<string, number>, private readonly clock: ServiceClock, private readonly holdTtlMs: number) {
    this.available = new Map(initialStock);
  }

  levels(): { productId: string; available: number }[] {
    return [...this.available].map(([productId, available]) => ({ productId, available }));
  }

  level(productId: string): number | undefined {
    return this.available.get(productId);
  }

  find(reservationId: string): Reservation | undefined {
    return this.reservations.get(reservationId);
  }

  reserve(productId: string, quantity: number, orderKey: string): ReserveResult {
    const existing = this.liveByOrderKey.get(orderKey);
    if (existing) {
      if (existing.productId === productId && existing.quantity === quantity) return { ok: true, reservation: existing, created: false };
      return { ok: false, reason: 'key_conflict', message: `orderKey ${orderKey} already reserved ${existing.quantity} of ${existing.productId}` };
    }
    const available = this.available.get(productId);
    if (available === undefined) return { ok: false, reason: 'unknown_product', message: `unknown product ${productId}` };
    if (available < quantity) return { ok: false, reason: 'insufficient_stock', message: `insufficient stock: ${productId} has ${available} available, ${quantity} requested` };

    this.available.set(productId, available - quantity);
    const reservation: Reservation = { reservationId: newId('res'), productId, quantity, orderKey, status: 'held', expiresAt: this.clock.now() + this.holdTtlMs };
    this.reservations.set(reservation.reservationId, reservation);
    this.liveByOrderKey.set(orderKey, reservation);
    this.holds.set(reservation.reservationId, this.clock.setTimer(() => this.lapse(reservation), this.holdTtlMs));
    return { ok: true, reservation, created: true };
  }

  /** Make a held reservation permanent; confirming twice is fine, confirming a released one is not. */
  confirm(reservationId: string): ChangeResult {
    const reservation = this.reservations.get(reservationId);
    if (!reservation) return { ok: false, reason: 'not_found', message: `no reservation ${reservationId}` };
    if (reservation.status === 'released') return { ok: false, reason: 'conflict', message: `reservation ${reservationId} was released (its hold lapsed or it was cancelled)` };
    this.cancelHold(reservationId);
    reservation.status = 'confirmed';
    return { ok: true, reservation };
  }

  /** Put held stock back; releasing twice is fine, releasing a confirmed one is not. */
  release(reservationId: string): ChangeResult {
    const reservation = this.reservations.get(reservationId);
    if (!reservation) return { ok: false, reason: 'not_found', message: `no reservation ${reservationId}` };
    if (reservation.status === 'confirmed') return { ok: false, reason: 'conflict', message: `reservation ${reservationId} is confirmed and cannot be released` };
    if (reservation.status === 'held') this.putBack(reservation);
    return { ok: true, reservation };
  }

  /** Stop every hold timer (the app is closing). */
  close(): void {
    for (const hold of this.holds.values()) hold.cancel();
    this.holds.clear();
  }

  private lapse(reservation: Reservation): void {
    this.holds.delete(reservation.reservationId);
    if (reservation.status === 'held') this.putBack(reservation);
  }

  private putBack(reservation: Reservation): void {
    this.cancelHold(reservation.reservationId);
    reservation.status = 'released';
    this.available.set(reservation.productId, (this.available.get(reservation.productId) ?? 0) + reservation.quantity);
    if (this.liveByOrderKey.get(reservation.orderKey) === reservation) this.liveByOrderKey.delete(reservation.orderKey);
  }

  private cancelHold(reservationId: string): void {
    this.holds.get(reservationId)?.cancel();
    this.holds.delete(reservationId);
  }
}
