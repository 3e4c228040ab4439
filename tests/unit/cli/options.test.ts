import { describe, expect, it } from 'vitest';
import { parseFactor, parseSpeed, parseTimeScale } from '../../../src/cli/options.js';
import { FaultlineError } from '../../../src/core/errors.js';

function refusal(parse: (value: string) => number, value: string): FaultlineError {
  try {
    parse(value);
  } catch (error) {
    expect(error).toBeInstanceOf(FaultlineError);
    return error as FaultlineError;
  }
  throw new Error(`expected "${value}" to be refused`);
}

describe('--time-scale and --speed share one parser', () => {
  it.each([
    ['1', 1],
    ['5', 5],
    ['720', 720],
    ['2.5', 2.5],
  ])('accept %s', (value, k) => {
    expect(parseTimeScale(value)).toBe(k);
    expect(parseSpeed(value)).toBe(k);
  });

  it.each(['0', '0.5', '-2', '', 'abc', '1e3', '.5', '5.', ' 5', 'Infinity', '9'.repeat(400)])('refuse "%s", naming the option, with its own example', (value) => {
    const timeScale = refusal(parseTimeScale, value);
    expect(timeScale.code).toBe('FAULTLINE_CLI_BAD_OPTION');
    expect(timeScale.message).toBe(`--time-scale must be a number of at least 1 (e.g. 60), got "${value}"`);
    const speed = refusal(parseSpeed, value);
    expect(speed.code).toBe('FAULTLINE_CLI_BAD_OPTION');
    expect(speed.message).toBe(`--speed must be a number of at least 1 (e.g. 5), got "${value}"`);
  });

  it('builds a parser for any option name', () => {
    expect(refusal(parseFactor('boost', '3'), '0').message).toBe('--boost must be a number of at least 1 (e.g. 3), got "0"');
  });
});
