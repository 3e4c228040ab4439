import { describe, expect, it } from 'vitest';
import { parsePrometheusText } from '../../../src/core/prometheus-text.js';
import { summariseWindow } from '../../../src/load/service-summary.js';

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

  it("reports rate, error ratio and p99 of users' requests between two scrapes", () => {
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
