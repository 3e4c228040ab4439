import type { Clock, TimerHandle } from '../../core/clock.js';
import { parsePrometheusText } from '../../core/prometheus-text.js';
import type { SloEvaluator } from './evaluator.js';

/**
 * The evaluator's scrape loop: every interval, read each service's /metrics (concurrently, each
 * with the interval as its timeout) and hand the samples to the evaluator under one timestamp, the
 * scrape's start, as Prometheus stamps a scrape. This is the I/O edge of the evaluator; the maths
 * stay in the pure modules beside it.
 */

export interface ScrapeTarget {
  service: string;
  /** The service's /metrics URL. */
  url: string;
}

export type FetchText = (url: string, timeoutMs: number) => Promise<string>;

export interface ScraperOptions {
  evaluator: SloEvaluator;
  /** Read at every scrape: a restarted service may come back on the same URL, a test may add one. */
  targets: () => readonly ScrapeTarget[];
  intervalMs: number;
  clock: Clock;
  fetchText?: FetchText;
  /** A target that failed (a killed or paused service): the loop goes on. */
  onScrapeError?(target: ScrapeTarget, error: Error): void;
}

export interface ScrapeCounts {
  ok: number;
  error: number;
}

export class SliScraper {
  readonly #options: ScraperOptions;
  readonly #fetch: FetchText;
  #timer: TimerHandle | undefined;
  #inFlight: Promise<void> | undefined;
  #stopped = true;
  readonly counts: ScrapeCounts = { ok: 0, error: 0 };
  /** The timestamp (clock.now()) of the last scrape that started, the one its samples carry. */
  lastScrapeAtMs: number | undefined;

  constructor(options: ScraperOptions) {
    if (!(options.intervalMs > 0)) throw new RangeError(`scrape interval must be positive, not ${options.intervalMs} ms`);
    this.#options = options;
    this.#fetch = options.fetchText ?? fetchText;
  }

  /**
   * Scrape now, then on a fixed grid every interval until stop(). Each scrape is stamped with its
   * grid time, not the moment the timer happened to fire: like Prometheus' timestamp alignment, this
   * keeps samples exactly one interval apart, so a window ending on a scrape starts on one too and
   * rate() has nothing to extrapolate (a busy event loop would otherwise skew every window). A
   * scrape that runs past its slot skips the slots it missed rather than bunching up.
   */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    const { clock, intervalMs } = this.#options;
    const gridEpochMs = clock.now();
    const gridMonotonicMs = clock.monotonic();
    let slot = 0;
    const tick = () => {
      if (this.#stopped) return;
      this.#inFlight = this.scrapeOnce(gridEpochMs + slot * intervalMs).finally(() => {
        this.#inFlight = undefined;
        if (this.#stopped) return;
        const elapsed = clock.monotonic() - gridMonotonicMs;
        slot = Math.max(slot + 1, Math.ceil(elapsed / intervalMs));
        this.#timer = clock.setTimer(tick, Math.max(0, gridMonotonicMs + slot * intervalMs - clock.monotonic()));
      });
    };
    tick();
  }

  /** One scrape of every target, stamped `atMs` (default: now); never throws (a failed target is reported and skipped). */
  async scrapeOnce(atMs: number = this.#options.clock.now()): Promise<void> {
    this.lastScrapeAtMs = atMs;
    const { evaluator, intervalMs } = this.#options;
    await Promise.all(
      this.#options.targets().map(async (target) => {
        try {
          const text = await this.#fetch(target.url, intervalMs);
          evaluator.ingest(target.service, atMs, parsePrometheusText(text));
          this.counts.ok += 1;
        } catch (error) {
          this.counts.error += 1;
          this.#options.onScrapeError?.(target, error as Error);
        }
      }),
    );
  }

  /** Stop the loop and wait for a scrape in flight, so nothing runs after the system is closed. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#timer?.cancel();
    this.#timer = undefined;
    await this.#inFlight;
  }
}

async function fetchText(url: string, timeoutMs: number): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.text();
}
