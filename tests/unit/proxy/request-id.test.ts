import { describe, expect, it } from 'vitest';
import { requestId } from '../../../src/proxy/api/request-id.js';

describe('requestId', () => {
  it('is 20 characters of base32hex, like Toxiproxy\'s xid', () => {
    expect(requestId(Date.UTC(2026, 10, 26))).toMatch(/^[0-9a-v]{20}$/);
  });

  it('is unique and ordered by time', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => requestId(Date.UTC(2026, 10, 26) + i * 1000));
    expect(new Set(ids).size).toBe(1000);
    expect([...ids].sort()).toEqual(ids);
  });
});
