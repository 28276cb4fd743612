import { describe, expect, it } from 'vitest';
import { feeOf, fillCost, fromUnits, multiplyUnits, toUnits } from '../../../core/exchange/paper-decimal.js';

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

describe('fill cost and fee in ledger units', () => {
  // The reference is the general rule both quick paths must reproduce: units × units, rounded half away from zero.
  let seed = 7;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const amounts = [0n, 1n, 10_000n, 1_000_000_000_000n, 123_456_780_000n, 9_007_199_254_740_991n, 9_007_199_254_740_992n, 10n ** 20n, 5n * 10n ** 11n];
  const prices = [64_000.12, 0.0001, 1, 7.5, 15_748.39376645, 0.1 + 0.2, 123_456_789.123, 1e-7, 4.5e15, 99_999_999_999.9999];

  it('costs amount × price exactly as multiplying the units and rounding does, on and off the quick path', () => {
    for (let i = 0; i < 20_000; i++) {
      const amount = i < amounts.length ** 2 ? amounts[i % amounts.length]! : BigInt(Math.round(next() * 10 ** (4 + (i % 12)))) * 10n ** BigInt(i % 5);
      const price = i < amounts.length ** 2 ? prices[Math.floor(i / amounts.length) % prices.length]! : Number((next() * 10 ** (i % 9)).toFixed(i % 11)) || 0.5;
      expect(fillCost(amount, price)).toBe(multiplyUnits(amount, toUnits(price)));
      const noisy = price * (1 + 0.0005); // a reservation's price: not a short decimal
      expect(fillCost(amount, noisy)).toBe(multiplyUnits(amount, toUnits(noisy)));
    }
  });

  it('charges cost × rate exactly as multiplying the units and rounding does, at halves and beyond 2^53', () => {
    const rates = [0.001, 0.00075, 0.0002, 0, 1, 0.1 + 0.2, 0.0012345678901, 0.5];
    const costs = [0n, 1n, 499n, 500n, 501n, 1_500n, 9_007_199_254_740_991n, 9_007_199_254_740_993n, 64_000_120_000_000_000n, 10n ** 21n + 500n, -1_500n, -64_000_120_000_000_500n];
    for (const rate of rates) {
      for (const cost of costs) expect(feeOf(cost, rate)).toBe(multiplyUnits(cost, toUnits(rate)));
      for (let i = 0; i < 3_000; i++) {
        const cost = BigInt(Math.round(next() * 10 ** (1 + (i % 15)))) * 10n ** BigInt(i % 7);
        expect(feeOf(cost, rate)).toBe(multiplyUnits(cost, toUnits(rate)));
      }
    }
  });
});
