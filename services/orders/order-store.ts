import { join } from 'node:path';
import Database from 'better-sqlite3';

export interface Order {
  orderId: string;
  idempotencyKey: string;
  status: 'confirmed';
  productId: string;
  quantity: number;
  unitPriceCents: number;
  totalCents: number;
  paymentId: string;
  reservationId: string;
  /** ISO 8601. */
  createdAt: string;
}

interface OrderRow {
  order_id: string;
  idempotency_key: string;
  status: 'confirmed';
  product_id: string;
  quantity: number;
  unit_price_cents: number;
  total_cents: number;
  payment_id: string;
  reservation_id: string;
  created_at: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS orders (
  order_id         TEXT PRIMARY KEY,
  idempotency_key  TEXT NOT NULL UNIQUE,
  status           TEXT NOT NULL,
  product_id       TEXT NOT NULL,
  quantity         INTEGER NOT NULL,
  unit_price_cents INTEGER NOT NULL,
  total_cents      INTEGER NOT NULL,
  payment_id       TEXT NOT NULL,
  reservation_id   TEXT NOT NULL,
  created_at       TEXT NOT NULL
)`;

function toOrder(row: OrderRow): Order {
  return {
    orderId: row.order_id,
    idempotencyKey: row.idempotency_key,
    status: row.status,
    productId: row.product_id,
    quantity: row.quantity,
    unitPriceCents: row.unit_price_cents,
    totalCents: row.total_cents,
    paymentId: row.payment_id,
    reservationId: row.reservation_id,
    createdAt: row.created_at,
  };
}

/** The database file for a data directory, or an in-memory database when there is none. */
export function databasePath(dataDir: string | undefined): string {
  return dataDir === undefined ? ':memory:' : join(dataDir, 'orders.sqlite');
}

/**
 * Orders in SQLite (better-sqlite3: synchronous, and fast enough that a query never needs to leave
 * the event loop). The UNIQUE idempotency_key is the durable guard against duplicate orders: even
 * if two requests with one key race past every in-memory check, only one row can exist, and both
 * get that row back. WAL lets a reader (GET /orders/:id) proceed while a write commits.
 */
export class OrderStore {
  private readonly db: Database.Database;
  private readonly insertStatement: Database.Statement;
  private readonly byKeyStatement: Database.Statement<[string], OrderRow>;
  private readonly byIdStatement: Database.Statement<[string], OrderRow>;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // WAL with synchronous=NORMAL is durable across a process crash, which is the fault we inject.
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
    this.insertStatement = this.db.prepare(`
      INSERT INTO orders (order_id, idempotency_key, status, product_id, quantity, unit_price_cents, total_cents, payment_id, reservation_id, created_at)
      VALUES (@orderId, @idempotencyKey, @status, @productId, @quantity, @unitPriceCents, @totalCents, @paymentId, @reservationId, @createdAt)
      ON CONFLICT (idempotency_key) DO NOTHING`);
    this.byKeyStatement = this.db.prepare('SELECT * FROM orders WHERE idempotency_key = ?');
    this.byIdStatement = this.db.prepare('SELECT * FROM orders WHERE order_id = ?');
  }

  /** Store `order` unless its key already has one; either way, return the order stored for the key. */
  insertOnce(order: Order): { order: Order; created: boolean } {
    const { changes } = this.insertStatement.run(order);
    return { order: changes === 1 ? order : (this.findByKey(order.idempotencyKey) as Order), created: changes === 1 };
  }

  findByKey(idempotencyKey: string): Order | undefined {
    const row = this.byKeyStatement.get(idempotencyKey);
    return row && toOrder(row);
  }

  findById(orderId: string): Order | undefined {
    const row = this.byIdStatement.get(orderId);
    return row && toOrder(row);
  }

  close(): void {
    this.db.close();
  }
}
