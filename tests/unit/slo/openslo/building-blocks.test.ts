import { describe, expect, it } from 'vitest';
import { eq } from '../../../../src/core/promql.js';
import { dnsLabel, NameRegistry, sloNameOf } from '../../../../src/slo/openslo/names.js';
import { counterSelector, literalAlternatives, parseSelector, rateSelector, sameCounter } from '../../../../src/slo/openslo/promql.js';
import { percentToRatio, ratioToPercent } from '../../../../src/slo/openslo/ratio.js';
import { formatShorthand, formatSliceWindow, parseShorthand, parseSliceWindow } from '../../../../src/slo/openslo/shorthand.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

describe('OpenSLO duration shorthand', () => {
  it.each([
    [30 * DAY, '30d'],
    [28 * DAY, '28d'],
    [7 * DAY, '7d'],
    [3 * DAY, '3d'],
    [6 * 60 * MINUTE, '6h'],
    [30 * MINUTE, '30m'],
    [90 * MINUTE, '90m'],
  ])('writes %d ms as %s', (ms, text) => {
    expect(formatShorthand(ms)).toBe(text);
    expect(parseShorthand(text)).toEqual({ ok: true, ms });
  });

  it('has no seconds: a slice of 30 s is written as 0.5 (minutes, the spec default unit) and read back exactly', () => {
    expect(formatShorthand(30_000)).toBeUndefined();
    expect(formatSliceWindow(30_000)).toBe(0.5);
    expect(formatSliceWindow(1000)).toBeCloseTo(1 / 60);
    expect(parseSliceWindow(formatSliceWindow(1000))).toEqual({ ok: true, ms: 1000 });
    expect(parseSliceWindow('5m')).toEqual({ ok: true, ms: 5 * MINUTE });
  });

  it('reads weeks, and refuses calendar units and other spellings with a reason', () => {
    expect(parseShorthand('4w')).toEqual({ ok: true, ms: 28 * DAY });
    expect(parseShorthand('1M')).toMatchObject({ ok: false, calendar: true, reason: expect.stringMatching(/calendar months, which have no fixed length/) });
    expect(parseShorthand('30s')).toMatchObject({ ok: false, reason: expect.stringMatching(/not an OpenSLO duration/) });
    expect(parseShorthand('1h30m')).toMatchObject({ ok: false });
    expect(parseShorthand(30)).toMatchObject({ ok: false, reason: expect.stringMatching(/must be a duration/) });
  });
});

describe('percent and ratio', () => {
  it.each([
    [99.9, 0.999],
    [99, 0.99],
    [99.95, 0.9995],
    [99.99, 0.9999],
    [95, 0.95],
    [99.999, 0.99999],
    [1e-5, 1e-7],
  ])('%d % is a target of %d, and back, without float noise', (percent, ratio) => {
    expect(percentToRatio(percent)).toBe(ratio);
    expect(ratioToPercent(ratio)).toBe(percent);
  });
});

describe('OpenSLO names', () => {
  it('spell Faultline ids as RFC 1123 labels', () => {
    expect(dnsLabel('gateway-browse-availability')).toBe('gateway-browse-availability');
    expect(dnsLabel('orders-Inventory_Calls.v2')).toBe('orders-inventory-calls-v2');
    const long = dnsLabel(`inventory-${'x'.repeat(80)}`);
    expect(long).toHaveLength(63);
    expect(long).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(dnsLabel(`inventory-${'x'.repeat(80)}`)).not.toBe(dnsLabel(`inventory-${'x'.repeat(81)}`));
  });

  it('never hand out one name twice', () => {
    const names = new NameRegistry();
    expect([names.claim('a_b'), names.claim('a.b'), names.claim('a-b')]).toEqual(['a-b', 'a-b-2', 'a-b-3']);
  });

  it('strip the service from an SLO name', () => {
    expect(sloNameOf('gateway-browse', 'gateway')).toBe('browse');
    expect(sloNameOf('checkout', 'gateway')).toBe('checkout');
    expect(sloNameOf('gateway-', 'gateway')).toBe('gateway-');
  });
});

describe('PromQL shapes', () => {
  it('parse selectors with every matcher and quoting', () => {
    expect(parseSelector('x_total{a="1", b!="2",c=~\'3|4\', d!~`5\\.`}')).toEqual({
      metric: 'x_total',
      matchers: [
        { name: 'a', op: '=', value: '1' },
        { name: 'b', op: '!=', value: '2' },
        { name: 'c', op: '=~', value: '3|4' },
        { name: 'd', op: '!~', value: '5\\.' },
      ],
    });
    // Whatever core's quote() escapes decodes back to itself.
    const awkward = 'a"b\\c\nd\re\tf';
    expect(parseSelector(`x${`{${eq('route', awkward)}}`}`)?.matchers).toEqual([{ name: 'route', op: '=', value: awkward }]);
    expect(parseSelector('{__name__="up"}')).toEqual({ metric: '', matchers: [{ name: '__name__', op: '=', value: 'up' }] });
    expect(parseSelector('route="a\\"b"')).toBeUndefined();
    for (const notOne of ['rate(x[5m])', 'x + y', 'x{a="1"} or y', 'x{a=1}', '']) expect(parseSelector(notOne)).toBeUndefined();
  });

  it('recognise sum(rate(SEL[{{.window}}])) and sum(SEL)', () => {
    expect(rateSelector('sum(rate(x_total{a="b"}[{{.window}}]))')).toBe('x_total{a="b"}');
    expect(rateSelector(' sum( rate( x_total [{{ .window }}] ) ) ')).toBe('x_total');
    expect(rateSelector('sum(rate(x_total[5m]))')).toBeUndefined();
    expect(rateSelector('sum(rate(x[{{.window}}])) - sum(rate(y[{{.window}}]))')).toBeUndefined();
    expect(counterSelector('sum(x_total{a="b"})')).toBe('x_total{a="b"}');
    expect(counterSelector('x_total{a="b"}')).toBe('x_total{a="b"}');
    expect(counterSelector('sum by (a) (x_total)')).toBeUndefined();
  });

  it('compare summed selectors whatever the order of their matchers', () => {
    expect(sameCounter('sum(x{a="1",b="2"})', 'sum( x{ b="2", a="1" } )')).toBe(true);
    expect(sameCounter('sum(x{a="1"})', 'sum(x{a="2"})')).toBe(false);
    expect(sameCounter('sum(x{a="1"})', 'x{a="1"}')).toBe(false);
  });

  it('split the route alternations Faultline writes', () => {
    expect(literalAlternatives('/products|/products/:id')).toEqual(['/products', '/products/:id']);
    expect(literalAlternatives('/a\\.b|/c')).toEqual(['/a.b', '/c']);
    expect(literalAlternatives('/a.*')).toBeUndefined();
  });
});
