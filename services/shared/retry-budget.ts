import type { ServiceClock } from './clock.js';

interface Bucket {
  /** Which slice of time this bucket counts (monotonic ms / bucket width); -Infinity when unused. */
  slice: number;
  requests: number;
  retries: number;
}

/** A little slack so 0.57 × 100 (= 56.999…) still allows the 57th retry. */
const EPSILON = 1e-9;

/**
 * A retry budget: retries may add at most `ratio` × the calls made over the last `windowMs`. Per-call
 * attempt limits alone multiply load during an outage (3 attempts at every hop of a 3-hop chain is
 * 27×); a budget caps the extra load at a fixed fraction (Finagle's RetryBudget; Google SRE book,
 * "Handling Overload": a per-client retry ratio of 10%). There is deliberately no minimum reserve,
 * so at very low traffic a retry is only allowed once enough calls have been made.
 *
 * Counts live in a ring of buckets, so memory and cost per call are constant however busy the
 * client is; the window slides one bucket (windowMs / buckets) at a time.
 */
export class RetryBudget {
  private readonly buckets: Bucket[];
  private readonly bucketMs: number;

  constructor(
    private ratio: number,
    private readonly clock: ServiceClock,
    windowMs = 10_000,
    bucketCount = 10,
  ) {
    this.bucketMs = windowMs / bucketCount;
    this.buckets = Array.from({ length: bucketCount }, () => ({ slice: Number.NEGATIVE_INFINITY, requests: 0, retries: 0 }));
  }

  /** A new policy's budget applies to the calls already counted. */
  setRatio(ratio: number): void {
    this.ratio = ratio;
  }

  /** Count one call (its first attempt); retries are counted by tryRetry. */
  recordRequest(): void {
    this.currentBucket().requests++;
  }

  /** Take one retry from the budget if there is room; false means "give up now". */
  tryRetry(): boolean {
    const { requests, retries } = this.totals();
    if (retries + 1 > this.ratio * requests + EPSILON) return false;
    this.currentBucket().retries++;
    return true;
  }

  /** Calls and retries counted in the window that ends now. */
  totals(): { requests: number; retries: number } {
    const slice = this.currentSlice();
    let requests = 0;
    let retries = 0;
    for (const bucket of this.buckets) {
      if (bucket.slice > slice - this.buckets.length && bucket.slice <= slice) {
        requests += bucket.requests;
        retries += bucket.retries;
      }
    }
    return { requests, retries };
  }

  private currentSlice(): number {
    return Math.floor(this.clock.monotonic() / this.bucketMs);
  }

  private currentBucket(): Bucket {
    const slice = this.currentSlice();
    const bucket = this.buckets[slice % this.buckets.length] as Bucket;
    if (bucket.slice !== slice) {
      bucket.slice = slice;
      bucket.requests = 0;
      bucket.retries = 0;
    }
    return bucket;
  }
}
