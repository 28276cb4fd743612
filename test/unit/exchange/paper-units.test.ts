import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromUnits, multiplyUnits, toUnits } from '../../../core/exchange/paper-decimal.js';
import { RateUnits, Units } from '../../../core/exchange/paper-units.js';

// Every operation of the paper venue's double-pair money against the BigInt rule it replaces.
const UNIT = 10n ** 12n;
const MAX_WHOLE = BigInt(Number.MAX_SAFE_INTEGER);

let seed = 29;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;

/** A random integer of 1–`maxDigits` decimal digits, either sign. */
function randomUnits(maxDigits: number): bigint {
  const digits = 1 + Math.floor(random() * maxDigits);
  let text = '';
  for (let d = 0; d < digits; d++) text += String(Math.floor(random() * 10));
  const units = BigInt(text);
  return random() < 0.3 ? -units : units;
}

/** Zero, carries and borrows at 10¹², the pair's edge at 2^53 − 1 currency units, halves of the rounding. */
const EDGES: bigint[] = [0n, 1n, 999_999_999_999n, UNIT, UNIT + 1n, 500_000_000_000n, 499_999_999_999n, 9_007_199_254_740_991n, 9_007_199_254_740_993n];
for (const whole of [1n, 9_006n, 9_007n, 999_999_999_999n, UNIT, MAX_WHOLE - 1n, MAX_WHOLE, MAX_WHOLE + 1n, 10n ** 20n]) {
  for (const part of [0n, 1n, 500_000_000_000n, 999_999_999_999n]) EDGES.push(whole * UNIT + part);
}
const EDGE_VALUES = [...EDGES, ...EDGES.filter((units) => units !== 0n).map((units) => -units)];
const VALUES = [...EDGE_VALUES, ...Array.from({ length: 3_000 }, (_, i) => randomUnits(i % 3 === 0 ? 34 : i % 3 === 1 ? 26 : 15))];

/** vitest's expect costs ~10 µs a call and these loops make ~600k checks (over 5 s on a loaded 2-core machine):
 * compare directly and fail each test once, listing the first mismatches. */
let mismatches: string[] = [];
const same = (actual: unknown, expected: unknown) => {
  if (!Object.is(actual, expected) && mismatches.length < 20) mismatches.push(`${String(actual)} where ${String(expected)} was expected`);
};

describe('exact ledger amounts in two doubles (paper-units)', () => {
  beforeEach(() => {
    mismatches = [];
  });
  afterEach(() => {
    expect(mismatches).toEqual([]);
  });

  it('keeps every value exactly, in the pair while the whole part fits 2^53 − 1 and in BigInt beyond', () => {
    for (const units of VALUES) {
      const amount = Units.of(units);
      expect(amount.toBig()).toBe(units);
      const magnitude = units < 0n ? -units : units;
      const fits = units < 0n ? (magnitude + UNIT - 1n) / UNIT <= MAX_WHOLE : magnitude / UNIT <= MAX_WHOLE;
      expect(amount.wide === null).toBe(fits);
      if (amount.wide === null) {
        expect(Number.isInteger(amount.whole) && Math.abs(amount.whole) <= Number.MAX_SAFE_INTEGER).toBe(true);
        expect(amount.part >= 0 && amount.part < 1e12 && Number.isInteger(amount.part)).toBe(true);
      }
    }
  });

  it('reads back the nearest number as fromUnits does (and refuses what it refuses: a fraction beyond 10²⁰)', () => {
    const outcome = (read: () => number) => {
      try {
        return read();
      } catch (error) {
        return String(error);
      }
    };
    for (const units of VALUES) expect(outcome(() => Units.of(units).toNumber())).toBe(outcome(() => fromUnits(units)));
  });

  it('adds, subtracts and compares as BigInt does, carrying across 10¹² and passing to BigInt at the edge', () => {
    for (let i = 0; i < 40_000; i++) {
      const a = i < EDGE_VALUES.length ** 2 ? EDGE_VALUES[i % EDGE_VALUES.length]! : VALUES[Math.floor(random() * VALUES.length)]!;
      const b = i < EDGE_VALUES.length ** 2 ? EDGE_VALUES[Math.floor(i / EDGE_VALUES.length)]! : VALUES[Math.floor(random() * VALUES.length)]!;
      const x = Units.of(a);
      const y = Units.of(b);
      same(new Units().setSum(x, y).toBig(), a + b);
      same(new Units().setDifference(x, y).toBig(), a - b);
      same(Units.of(a).add(y).toBig(), a + b);
      same(Units.of(a).subtract(y).toBig(), a - b);
      same(x.compare(y), a < b ? -1 : a > b ? 1 : 0);
      same(x.sign(), a < 0n ? -1 : a > 0n ? 1 : 0);
      // A result back in the pair's range after a wide operand: the same value as the pair would hold.
      const sum = new Units().setSum(x, y);
      same(sum.wide === null ? sum.whole * 1e12 : null, Units.of(a + b).wide === null ? Units.of(a + b).whole * 1e12 : null);
    }
  });

  it('multiplies as multiplyUnits does (half away from zero), at halves, with negatives and beyond 10¹² currency units', () => {
    const halves = [500_000_000_000n, 499_999_999_999n, 1_500_000_000_000n, 2_500_000_000_000n];
    for (let i = 0; i < 40_000; i++) {
      const a = i < EDGE_VALUES.length ** 2 ? EDGE_VALUES[i % EDGE_VALUES.length]! : i % 4 === 0 ? halves[i % halves.length]! : randomUnits(i % 2 === 0 ? 26 : 20);
      const b = i < EDGE_VALUES.length ** 2 ? EDGE_VALUES[Math.floor(i / EDGE_VALUES.length)]! : i % 4 === 0 ? randomUnits(1) * (i % 8 === 0 ? 1n : -1n) : randomUnits(i % 3 === 0 ? 26 : 16);
      same(new Units().setProduct(Units.of(a), Units.of(b)).toBig(), multiplyUnits(a, b));
    }
  });

  it('prices a fill (amount × price) and its fee (cost × rate) as the BigInt rule does, slipped prices included', () => {
    const rates = [0.001, 0.00075, 0.0002, 0, 1, 0.1 + 0.2, 0.0012345678901, 0.5];
    const rate = new RateUnits();
    for (let i = 0; i < 20_000; i++) {
      const amount = BigInt(Math.round(random() * 10 ** (4 + (i % 12)))) * 10n ** BigInt(i % 8);
      const clean = Number((random() * 10 ** (i % 9)).toFixed(i % 11)) || 0.5;
      const price = i % 2 === 0 ? clean : clean * (1 + 0.0005); // a reservation's price: not a short decimal
      const cost = new Units().setProduct(Units.of(amount), Units.ofNumber(price));
      const expectedCost = multiplyUnits(amount, toUnits(price));
      same(cost.toBig(), expectedCost);
      const feeRate = rates[i % rates.length]!;
      same(new Units().setProduct(cost, rate.of(feeRate)).toBig(), multiplyUnits(expectedCost, toUnits(feeRate)));
    }
  });

  it('reads a number as its shortest decimal text rounded half up at the 12th decimal, without the text where it can', () => {
    // The reference: String() of the number, its digits as BigInt, rounded at the 13th decimal.
    const viaText = (value: number): bigint => {
      const [mantissa, exponent = '0'] = String(Math.abs(value)).split('e') as [string, string?];
      const [whole, fraction = ''] = mantissa.split('.') as [string, string?];
      const shift = 12 + Number(exponent) - fraction.length;
      const digits = BigInt(whole + fraction);
      const units = shift >= 0 ? digits * 10n ** BigInt(shift) : (digits + 10n ** BigInt(-shift) / 2n) / 10n ** BigInt(-shift);
      return value < 0 ? -units : units;
    };
    // A 13th decimal rounded at the 12th, up and down, and one that carries into the whole part.
    for (const value of [7535.4262100000005, 7409.727945000001, 4503.599627370497, 999.999_999_999_999_5, 64_032.120059999994, 0.1 + 0.2]) {
      expect(toUnits(value)).toBe(viaText(value));
    }
    for (let i = 0; i < 60_000; i++) {
      const clean = Number((random() * 10 ** (i % 12)).toFixed(i % 13));
      const value = i % 3 === 0 ? clean : i % 3 === 1 ? clean * (1 + 0.0005) : clean * (1 - 0.001 * random());
      same(toUnits(value), viaText(value));
      same(toUnits(-value), viaText(-value));
    }
  });

  it('converts numbers as toUnits does: decimals, integers near 2^53 and 10²⁰, exponents, negatives, −0', () => {
    const numbers = [0, -0, 1, -1, 0.1 + 0.2, 4.706, 15_748.39376645, 1e-7, 1.5e-13, 5e-13, 4.9e-13, 2 ** 52 + 0.5, 2 ** 53, 2 ** 53 + 2, 9_007_199_254_740.5, 9_007_199_254 + 0.740_991, Number.MAX_SAFE_INTEGER, 1e20 - 16_384, 2 ** 63, 9.5e18];
    for (let i = 0; i < 20_000; i++) {
      const value = i < numbers.length ? numbers[i]! : (random() - 0.3) * 10 ** ((i % 34) - 14);
      for (const signed of [value, -value]) {
        same(Units.ofNumber(signed).toBig(), toUnits(signed));
        same(new Units().setNumber(signed).toNumber(), fromUnits(toUnits(signed)));
      }
    }
    expect(() => Units.ofNumber(1e20)).toThrow(RangeError);
    expect(() => Units.ofNumber(Number.NaN)).toThrow(RangeError);
  });
});
