import { describe, expect, it } from 'vitest';
import { parsePrometheusText } from '../../../src/core/prometheus-text.js';
import { seededRng } from '../../../src/core/random.js';
import { constantArrivals } from '../../../src/load/arrivals.js';
import { chooseKind, shopMix } from '../../../src/load/request-mix.js';
import { summariseWindow } from '../../../src/load/service-summary.js';

describe('constantArrivals', () => {
  it('spaces requests evenly over the duration, whatever the responses do (open model)', () => {
    expect(constantArrivals(4, 1000)).toEqual([0, 250, 500, 750]);
    expect(constantArrivals(50, 10_000)).toHaveLength(500);
    expect(constantArrivals(0, 1000)).toEqual([]);
  });
});

describe('the shop mix', () => {
  it('draws kinds in proportion to their weights, replayably', () => {
    const counts: Record<string, number> = {};
    const rng = seededRng(11);
    for (let i = 0; i < 10_000; i++) {
      const kind = chooseKind(shopMix, rng).name;
      counts[kind] = (counts[kind] ?? 0) + 1;
    }
    expect((counts.browse ?? 0) / 10_000).toBeCloseTo(0.65, 1);
    expect((counts.product ?? 0) / 10_000).toBeCloseTo(0.25, 1);
    expect((counts.order ?? 0) / 10_000).toBeCloseTo(0.1, 1);
    const again = seededRng(11);
    expect(chooseKind(shopMix, again).name).toBe(chooseKind(shopMix, seededRng(11)).name);
  });

  it('sends orders with a unique Idempotency-Key and a JSON body', () => {
    const order = shopMix.find((k) => k.name === 'order');
    const rng = seededRng(3);
    const first = order?.build({ rng, sequence: 1, productIds: ['p-01'] });
    const second = order?.build({ rng, sequence: 2, productIds: ['p-01'] });
    expect(first?.method).toBe('POST');
    expect(first?.headers?.['idempotency-key']).not.toBe(second?.headers?.['idempotency-key']);
    expect(JSON.parse(first?.body ?? '{}')).toMatchObject({ productId: 'p-01' });
  });
});

describe('summariseWindow', () => {
  const scrape = (ok: number, errors: number, fast: number, metricsScrapes: number) =>
    parsePrometheusText(
      [
        `http_server_request_duration_seconds_count{service="s",method="GET",route="/products",status_code="200"} ${ok}`,
        `http_server_request_duration_seconds_count{service="s",method="GET",route="/products",status_code="503"} ${errors}`,
        `http_server_request_duration_seconds_count{service="s",method="GET",route="/metrics",status_code="200"} ${metricsScrapes}`,
        `http_server_request_duration_seconds_bucket{le="0.1",service="s",method="GET",route="/products",status_code="200"} ${fast}`,
        `http_server_request_duration_seconds_bucket{le="+Inf",service="s",method="GET",route="/products",status_code="200"} ${ok}`,
        `http_server_request_duration_seconds_bucket{le="0.1",service="s",method="GET",route="/products",status_code="503"} 0`,
        `http_server_request_duration_seconds_bucket{le="+Inf",service="s",method="GET",route="/products",status_code="503"} ${errors}`,
      ].join('\n'),
    );

  it('reports rate, error ratio and p99 of users\' requests between two scrapes', () => {
    const window = summariseWindow('s', scrape(100, 0, 100, 5), scrape(300, 20, 300, 7), 2);
    expect(window.requestsPerSecond).toBe(110);
    expect(window.errorRatio).toBeCloseTo(20 / 220, 10);
    expect(window.p99Ms).toBe(100);
  });

  it('says nothing was served rather than inventing numbers', () => {
    const window = summariseWindow('s', scrape(10, 0, 10, 1), scrape(10, 0, 10, 2), 1);
    expect(window.requestsPerSecond).toBe(0);
    expect(window.errorRatio).toBeNaN();
    expect(window.p99Ms).toBeNaN();
  });
});
