import { describe, expect, it } from 'vitest';
import {
  bucketQuantile,
  eq,
  escapeRegex,
  histogramQuantile,
  increase,
  LE,
  matcher,
  maxBy,
  ne,
  nre,
  oneOf,
  orZero,
  quote,
  rate,
  rateRatio,
  re,
  selector,
  sumBy,
  sumRate,
} from '../../../src/core/promql.js';
import { stringLiterals, syntaxErrors, unquote } from './promql-syntax.js';

/** Label values that need escaping, and the literal each must become. */
const AWKWARD: Array<{ name: string; value: string; literal: string }> = [
  { name: 'a plain value', value: 'checkout', literal: '"checkout"' },
  { name: 'the empty string', value: '', literal: '""' },
  { name: 'a double quote', value: 'say "hi"', literal: '"say \\"hi\\""' },
  { name: 'a backslash', value: 'C:\\temp', literal: '"C:\\\\temp"' },
  { name: 'a backslash before a quote', value: 'a\\"b', literal: '"a\\\\\\"b"' },
  { name: 'a trailing backslash', value: 'end\\', literal: '"end\\\\"' },
  { name: 'a newline', value: 'two\nlines', literal: '"two\\nlines"' },
  { name: 'a carriage return and a tab', value: 'a\r\nb\tc', literal: '"a\\r\\nb\\tc"' },
  { name: 'a single quote and a backtick (not special in "…")', value: "it's `x`", literal: '"it\'s `x`"' },
  { name: 'non-ASCII text', value: 'zürich → 東京', literal: '"zürich → 東京"' },
];

describe('quote', () => {
  it.each(AWKWARD)('writes $name as one PromQL string literal', ({ value, literal }) => {
    expect(quote(value)).toBe(literal);
  });

  it.each(AWKWARD)('round-trips $name: the literal parses and decodes to the value', ({ value }) => {
    const expr = `up{job=${quote(value)}}`;
    expect(syntaxErrors(expr)).toEqual([]);
    expect(stringLiterals(expr)).toEqual([quote(value)]);
    expect(unquote(quote(value))).toBe(value);
  });

  it('is needed: the same values written raw break the expression', () => {
    expect(syntaxErrors('up{job="say "hi""}')).not.toEqual([]);
    expect(syntaxErrors('up{job="two\nlines"}')).not.toEqual([]);
  });
});

describe('escapeRegex', () => {
  it('escapes every RE2 metacharacter, so the regex matches only the text', () => {
    expect(escapeRegex('/a.b|c*d+e?f^g$h{1}(i)[j]\\k')).toBe('/a\\.b\\|c\\*d\\+e\\?f\\^g\\$h\\{1\\}\\(i\\)\\[j\\]\\\\k');
    expect(new RegExp(`^${escapeRegex('/a.b|(c)')}$`).test('/a.b|(c)')).toBe(true);
    expect(new RegExp(`^${escapeRegex('/a.b')}$`).test('/axb')).toBe(false);
  });

  it('leaves text without metacharacters alone', () => {
    expect(escapeRegex('/products/list-all_v2')).toBe('/products/list-all_v2');
  });
});

describe('matchers', () => {
  it.each([
    { built: matcher('route', '=', '/x'), expected: 'route="/x"' },
    { built: eq('service', 'gateway'), expected: 'service="gateway"' },
    { built: ne('outcome', 'success'), expected: 'outcome!="success"' },
    { built: re('status_code', '5..'), expected: 'status_code=~"5.."' },
    { built: nre('status_code', '2..'), expected: 'status_code!~"2.."' },
    { built: eq('service', 'a"b\\c\nd'), expected: 'service="a\\"b\\\\c\\nd"' },
  ])('$expected', ({ built, expected }) => {
    expect(built).toBe(expected);
  });

  it('quotes a regex as a string: its backslashes are doubled, Prometheus reads the regex back', () => {
    const built = re(LE, '1(\\.0)?');
    expect(built).toBe('le=~"1(\\\\.0)?"');
    expect(unquote(built.slice('le=~'.length))).toBe('1(\\.0)?');
  });

  it('oneOf matches exactly the given values: each escaped as a regex, joined as an alternation, then quoted', () => {
    expect(oneOf('route', ['/a', '/b.c', '/d|e'])).toBe('route=~"/a|/b\\\\.c|/d\\\\|e"');
    expect(oneOf('route', ['/only'])).toBe('route=~"/only"');
  });
});

describe('selector', () => {
  it('joins matchers with a comma, or with the separator given', () => {
    expect(selector('up', [eq('job', 'a'), eq('instance', 'b')])).toBe('up{job="a",instance="b"}');
    expect(selector('up', [eq('job', 'a'), eq('instance', 'b')], ', ')).toBe('up{job="a", instance="b"}');
  });

  it('is the bare metric without matchers, and braces alone without a metric', () => {
    expect(selector('up', [])).toBe('up');
    expect(selector('', [re('__name__', 'slo:sli_error:ratio_rate.+')])).toBe('{__name__=~"slo:sli_error:ratio_rate.+"}');
  });
});

describe('functions and aggregations', () => {
  const count = selector('http_server_request_duration_seconds_count', [eq('service', 'gateway')]);
  const errors = selector('http_server_request_duration_seconds_count', [eq('service', 'gateway'), re('status_code', '5..')]);
  const buckets = selector('http_server_request_duration_seconds_bucket', [eq('service', 'gateway')]);

  it.each([
    { name: 'rate', built: rate(count, '5m'), expected: 'rate(http_server_request_duration_seconds_count{service="gateway"}[5m])' },
    { name: 'rate over a template window', built: rate('x', '{{.window}}'), expected: 'rate(x[{{.window}}])' },
    { name: 'increase', built: increase('x_total', '$__range'), expected: 'increase(x_total[$__range])' },
    { name: 'sum without grouping', built: sumBy([], 'x'), expected: 'sum(x)' },
    { name: 'sum by labels', built: sumBy(['method', 'route'], 'x'), expected: 'sum by (method, route) (x)' },
    { name: 'max without grouping', built: maxBy([], 'x'), expected: 'max(x)' },
    { name: 'max by labels', built: maxBy(['service', 'peer'], 'x'), expected: 'max by (service, peer) (x)' },
    { name: 'sum of rates', built: sumRate(count, '4s'), expected: 'sum(rate(http_server_request_duration_seconds_count{service="gateway"}[4s]))' },
    { name: 'sum of rates by labels', built: sumRate('x', '4s', ['outcome']), expected: 'sum by (outcome) (rate(x[4s]))' },
    {
      name: 'a ratio of rates',
      built: rateRatio(errors, count, '4s'),
      expected: 'sum(rate(http_server_request_duration_seconds_count{service="gateway",status_code=~"5.."}[4s])) / sum(rate(http_server_request_duration_seconds_count{service="gateway"}[4s]))',
    },
    { name: 'a ratio of rates by labels', built: rateRatio('a', 'b', '1m', ['route']), expected: 'sum by (route) (rate(a[1m])) / sum by (route) (rate(b[1m]))' },
    { name: 'histogram_quantile', built: histogramQuantile(0.9, 'x'), expected: 'histogram_quantile(0.9, x)' },
    { name: 'a bucket quantile', built: bucketQuantile(0.99, buckets, '5m'), expected: 'histogram_quantile(0.99, sum by (le) (rate(http_server_request_duration_seconds_bucket{service="gateway"}[5m])))' },
    { name: 'a bucket quantile by labels (le last)', built: bucketQuantile(0.5, 'b', '5m', ['method', 'route']), expected: 'histogram_quantile(0.5, sum by (method, route, le) (rate(b[5m])))' },
    { name: 'or vector(0)', built: orZero('sum(x)'), expected: 'sum(x) or vector(0)' },
  ])('$name', ({ built, expected }) => {
    expect(built).toBe(expected);
    expect(syntaxErrors(built.replace('{{.window}}', '5m').replace('$__range', '1h'))).toEqual([]);
  });

  it('builds expressions that parse whatever the label values hold', () => {
    for (const { value } of AWKWARD) {
      const matchers = [eq('service', value), ne('peer', value), re('route', escapeRegex(value))];
      const exprs = [
        rateRatio(selector('a_count', [...matchers, re('status_code', '5..')]), selector('a_count', matchers), '5m', ['route']),
        bucketQuantile(0.99, selector('a_bucket', matchers, ', '), '5m'),
        orZero(`count(${selector('ALERTS', [oneOf('sloth_id', [value, `${value}.x`])])})`),
      ];
      for (const expr of exprs) expect(syntaxErrors(expr), expr).toEqual([]);
      expect(stringLiterals(exprs[1] as string).map(unquote)).toEqual([value, value, escapeRegex(value)]);
    }
  });
});
