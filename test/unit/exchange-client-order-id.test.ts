import { describe, expect, it } from 'vitest';
import { isClientOrderId, newClientOrderId } from '../../core/exchange/client-order-id.js';

describe('client order ids', () => {
  it('fit every target venue: 18 chars of [0-9a-z] (Binance, OKX alphanumeric ≤32, Kraken ≤18)', () => {
    const id = newClientOrderId();
    expect(id).toMatch(/^[0-9a-z]{18}$/);
    expect(id).toMatch(/^[.A-Z:/a-z0-9_-]{1,36}$/);
    expect(isClientOrderId(id)).toBe(true);
  });

  it('are unique over many orders in the same millisecond', () => {
    const ids = new Set(Array.from({ length: 20_000 }, () => newClientOrderId({ now: () => 1_700_000_000_000 })));
    expect(ids.size).toBe(20_000);
  });

  it('are deterministic with an injected clock and randomness, and sort by time', () => {
    const bytes = () => new Uint8Array([0, 1, 2, 3, 4, 5, 6, 35]);
    const a = newClientOrderId({ now: () => 1_700_000_000_000, randomBytes: bytes });
    expect(a).toBe(`hy${(1_700_000_000_000).toString(36)}0123456z`);
    const b = newClientOrderId({ now: () => 1_700_000_000_001, randomBytes: bytes });
    expect(b > a).toBe(true);
  });
});
