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

  /** Scrape now, then every interval until stop(). Intervals are measured start to start, so slow targets do not stretch them. */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    const tick = () => {
      if (this.#stopped) return;
      const started = this.#options.clock.monotonic();
      this.#inFlight = this.scrapeOnce().finally(() => {
        this.#inFlight = undefined;
        if (this.#stopped) return;
        const elapsed = this.#options.clock.monotonic() - started;
        this.#timer = this.#options.clock.setTimer(tick, Math.max(0, this.#options.intervalMs - elapsed));
      });
    };
    tick();
  }

  /** One scrape of every target; never throws (a failed target is reported and skipped). */
  async scrapeOnce(): Promise<void> {
    const atMs = this.#options.clock.now();
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
