import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, FaultlineError, isFaultlineError } from '../../../src/core/errors.js';

const documented = new Set(readFileSync(new URL('../../../docs/ERRORS.md', import.meta.url), 'utf8').match(/FAULTLINE_[A-Z_]+/g));

describe('error codes', () => {
  it('lists every code of src/core/errors.ts in docs/ERRORS.md', () => {
    const missing = Object.keys(ERROR_CODES).filter((code) => !documented.has(code));
    expect(missing).toEqual([]);
  });

  it('documents no code that the source does not define', () => {
    const stale = [...documented].filter((code) => !(code in ERROR_CODES));
    expect(stale).toEqual([]);
  });

  it('names codes FAULTLINE_<AREA>_<WHAT>', () => {
    for (const code of Object.keys(ERROR_CODES)) expect(code).toMatch(/^FAULTLINE_[A-Z]+_[A-Z_]+$/);
  });

  it('carries its code and details as values', () => {
    const error = new FaultlineError('FAULTLINE_CONFIG_INVALID', 'bad file', { file: 'x.yaml' });
    expect(isFaultlineError(error)).toBe(true);
    expect(error.code).toBe('FAULTLINE_CONFIG_INVALID');
    expect(error.details).toEqual({ file: 'x.yaml' });
    expect(isFaultlineError(new Error('plain'))).toBe(false);
  });
});
