import { describe, expect, it } from 'vitest';
import { histogramQuantile, parsePrometheusText } from '../../../src/core/prometheus-text.js';

describe('parsePrometheusText', () => {
  it('reads samples with labels, skipping comments and blank lines', () => {
    const text = [
      '# HELP http_requests_total Requests.',
      '# TYPE http_requests_total counter',
      'http_requests_total{method="GET",route="/products"} 12',
      'process_open_fds 7',
      '',
      'odd_label{msg="a \\"quoted\\" word"} 1.5e3',
    ].join('\n');
    expect(parsePrometheusText(text)).toEqual([
      { name: 'http_requests_total', labels: { method: 'GET', route: '/products' }, value: 12 },
      { name: 'process_open_fds', labels: {}, value: 7 },
      { name: 'odd_label', labels: { msg: 'a "quoted" word' }, value: 1500 },
    ]);
  });
});

describe('histogramQuantile', () => {
  const buckets = [
    { le: 0.1, count: 50 },
    { le: 0.2, count: 90 },
    { le: 0.5, count: 100 },
    { le: Infinity, count: 100 },
  ];

  it.each([
    [0.5, 0.1],
    [0.7, 0.15],
    [0.95, 0.35],
    [0.25, 0.05],
  ])('puts the %f quantile at %f s, interpolating inside the bucket', (q, expected) => {
    expect(histogramQuantile(q, buckets)).toBeCloseTo(expected, 10);
  });

  it('answers the last finite bound when the rank falls in +Inf, and NaN with no observations', () => {
    expect(histogramQuantile(0.99, [{ le: 0.1, count: 1 }, { le: Infinity, count: 10 }])).toBe(0.1);
    expect(histogramQuantile(0.99, [{ le: 0.1, count: 0 }])).toBeNaN();
  });
});
