import { describe, expect, it } from 'vitest';
import { formatServiceLine } from '../../../src/cli/service-logs.js';

describe('formatServiceLine', () => {
  it.each([
    ['{"level":30,"msg":"Server listening"}', '[gateway]    info  Server listening'],
    ['{"level":40,"msg":"payment timed out","reqId":"r-1"}', '[gateway]    warn  payment timed out (r-1)'],
    ['{"level":50,"msg":"failed","err":{"message":"boom"}}', '[gateway]    error failed: boom'],
    ['plain text', '[gateway]    plain text'],
    ['{not json', '[gateway]    {not json'],
  ])('shows %s as %s', (line, shown) => {
    expect(formatServiceLine('gateway', line)).toBe(shown);
  });
});
