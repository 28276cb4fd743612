import { describe, expect, it } from 'vitest';
import { fromUnits } from '../../../core/exchange/paper-decimal.js';

describe('ledger units back to numbers', () => {
  // The reference: the decimal text of the units, read by Number() (correctly rounded).
  const viaText = (units: bigint) => {
    const magnitude = units < 0n ? -units : units;
    const value = Number(`${magnitude / 10n ** 12n}.${(magnitude % 10n ** 12n).toString().padStart(12, '0')}`);
    return units < 0n ? -value : value;
  };

  it('is the nearest number to the units for balances far beyond 2^53 units (1e9 USDT) and at rounding halves', () => {
    let seed = 11;
    const digit = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) % 10;
    for (let i = 0; i < 20_000; i++) {
      let text = String(1 + digit());
      for (let d = 0; d < 15 + (i % 13); d++) text += String(digit());
      const units = BigInt(text) * (i % 2 === 0 ? 1n : -1n);
      expect(fromUnits(units)).toBe(viaText(units));
    }
    // Either side of halfway between 999826401.63854 and the next number up (half an ulp is 59,604.64 units).
    for (const offset of [59_604n, 59_605n, -59_604n, -59_605n]) {
      const units = 999_826_401_638_540_000_000n + offset;
      expect(fromUnits(units)).toBe(viaText(units));
    }
    expect(fromUnits(999_826_401_638_540_000_000n)).toBe(999_826_401.63854);
  });
});
