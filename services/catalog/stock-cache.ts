/**
 * The last stock levels inventory gave us, kept for the fallback: when inventory cannot answer, a
 * slightly old "12 in stock" is more useful to a shopper than an error page. Levels are only ever
 * replaced by fresher answers, never expired: how stale is acceptable is the policy's decision
 * (fallback on or off), and the answer says it is stale.
 */
export class StockCache {
  private readonly levels = new Map<string, number>();

  remember(productId: string, available: number): void {
    this.levels.set(productId, available);
  }

  /** The last known level, or null when inventory has never told us. */
  lastKnown(productId: string): number | null {
    return this.levels.get(productId) ?? null;
  }
}
