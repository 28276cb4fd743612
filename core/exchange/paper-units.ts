import { exponentUnits, fromUnits, multiplyUnits, partsToNumber, split, splitUnits } from './paper-decimal.js';

/** Ledger units in one currency unit (10¹²), as a double and as a BigInt. */
const UNIT = 1e12;
const SCALE = 10n ** 12n;
const MAX_WHOLE = Number.MAX_SAFE_INTEGER;
const MAX_WHOLE_BIG = BigInt(MAX_WHOLE);
/** The limb of the exact product: 10⁶, so a limb × limb is below 10¹² and a column of four below 2^53. */
const LIMB = 1e6;

/**
 * An exact amount of ledger units (10⁻¹² of a currency, see paper-decimal.ts) kept in two integer doubles,
 * so the paper venue's money is added, compared, multiplied and read back without BigInt: `whole` currency
 * units (within ±(2^53 − 1)) and `part` 10⁻¹² units (0 ≤ part < 10¹², floor form: −0.25 is whole −1, part
 * 0.75·10¹²). An amount beyond that (more than ~9·10¹⁵ of a currency) is held as a BigInt in `wide`; every
 * operation takes the BigInt road when an operand is wide or its result would be. Every rounding is the
 * BigInt rule's: toUnits, fromUnits, multiplyUnits. Mutable on purpose: a ledger's and an order's amounts
 * are changed in place, so a fill allocates nothing.
 *
 * (Exactness of the quotients below: for integers 0 ≤ x < 2^53 and 0 < y, Math.floor(x / y) is ⌊x / y⌋ —
 * a true quotient off an integer is at least 1/y away from it, more than the division's rounding error.)
 */
export class Units {
  whole = 0;
  part = 0;
  wide: bigint | null = null;

  static of(units: bigint): Units {
    return new Units().setBig(units);
  }

  static ofNumber(value: number): Units {
    return new Units().setNumber(value);
  }

  /** toUnits(value): the number's shortest decimal form, rounded half away from zero at the 12th decimal. */
  setNumber(value: number): this {
    if (!splitUnits(value)) return this.setBig(exponentUnits(value, String(Math.abs(value))));
    if (split.whole > MAX_WHOLE) return this.setBig(split.negative ? -BigInt(split.whole) * SCALE : BigInt(split.whole) * SCALE);
    return this.setMagnitude(split.negative, split.whole, split.fraction);
  }

  setBig(units: bigint): this {
    const negative = units < 0n;
    const magnitude = negative ? -units : units;
    const whole = magnitude / SCALE;
    if (whole > MAX_WHOLE_BIG) {
      this.wide = units;
      return this;
    }
    return this.setMagnitude(negative, Number(whole), Number(magnitude % SCALE));
  }

  /** ±(whole + fraction / 10¹²) for whole ≤ 2^53 − 1 and 0 ≤ fraction < 10¹², both integer doubles. */
  private setMagnitude(negative: boolean, whole: number, fraction: number): this {
    if (!negative || fraction === 0) {
      this.whole = negative && whole !== 0 ? -whole : whole;
      this.part = fraction;
    } else if (whole < MAX_WHOLE) {
      this.whole = -whole - 1;
      this.part = UNIT - fraction;
    } else {
      this.wide = -(BigInt(whole) * SCALE + BigInt(fraction));
      return this;
    }
    this.wide = null;
    return this;
  }

  set(other: Units): this {
    this.whole = other.whole;
    this.part = other.part;
    this.wide = other.wide;
    return this;
  }

  clear(): this {
    this.whole = 0;
    this.part = 0;
    this.wide = null;
    return this;
  }

  toBig(): bigint {
    return this.wide ?? BigInt(this.whole) * SCALE + BigInt(this.part);
  }

  /** fromUnits: the nearest number. */
  toNumber(): number {
    if (this.wide !== null) return fromUnits(this.wide);
    if (this.whole >= 0) return partsToNumber(false, this.whole, this.part);
    return this.part === 0 ? partsToNumber(true, -this.whole, 0) : partsToNumber(true, -this.whole - 1, UNIT - this.part);
  }

  /** −1, 0 or 1. */
  sign(): number {
    if (this.wide !== null) return this.wide < 0n ? -1 : 1; // a wide amount is never zero
    return this.whole < 0 ? -1 : this.whole > 0 || this.part > 0 ? 1 : 0;
  }

  /** −1, 0 or 1 as this amount is below, equal to or above `other`. */
  compare(other: Units): number {
    if (this.wide !== null || other.wide !== null) {
      const a = this.toBig();
      const b = other.toBig();
      return a < b ? -1 : a > b ? 1 : 0;
    }
    if (this.whole !== other.whole) return this.whole < other.whole ? -1 : 1;
    return this.part < other.part ? -1 : this.part > other.part ? 1 : 0;
  }

  add(other: Units): this {
    return this.setSum(this, other);
  }

  subtract(other: Units): this {
    return this.setDifference(this, other);
  }

  /** this = a + b (either may be this). */
  setSum(a: Units, b: Units): this {
    if (a.wide === null && b.wide === null) {
      let whole = a.whole + b.whole;
      let part = a.part + b.part;
      // A rounded sum within ±(2^53 − 1) means the exact one is, hence exact; so is the carry after it.
      if (whole <= MAX_WHOLE && whole >= -MAX_WHOLE) {
        if (part >= UNIT) {
          part -= UNIT;
          whole += 1;
        }
        if (whole <= MAX_WHOLE) return this.setParts(whole, part);
      }
    }
    return this.setBig(a.toBig() + b.toBig());
  }

  /** this = a − b (either may be this). */
  setDifference(a: Units, b: Units): this {
    if (a.wide === null && b.wide === null) {
      let whole = a.whole - b.whole;
      let part = a.part - b.part;
      if (whole <= MAX_WHOLE && whole >= -MAX_WHOLE) {
        if (part < 0) {
          part += UNIT;
          whole -= 1;
        }
        if (whole >= -MAX_WHOLE) return this.setParts(whole, part);
      }
    }
    return this.setBig(a.toBig() - b.toBig());
  }

  private setParts(whole: number, part: number): this {
    this.whole = whole;
    this.part = part;
    this.wide = null;
    return this;
  }

  /**
   * this = a × b rounded half away from zero (multiplyUnits): a fill's cost is amount × price, its fee
   * cost × rate. While both magnitudes are below 10¹² currency units, the product is taken exactly in
   * limbs of 10⁶ (four a side) and divided by 10¹² by dropping two limbs; else in BigInt.
   */
  setProduct(a: Units, b: Units): this {
    if (a.wide === null && b.wide === null) {
      const negativeA = a.whole < 0;
      const negativeB = b.whole < 0;
      const wholeA = negativeA ? (a.part === 0 ? -a.whole : -a.whole - 1) : a.whole;
      const partA = negativeA && a.part !== 0 ? UNIT - a.part : a.part;
      const wholeB = negativeB ? (b.part === 0 ? -b.whole : -b.whole - 1) : b.whole;
      const partB = negativeB && b.part !== 0 ? UNIT - b.part : b.part;
      if (wholeA < UNIT && wholeB < UNIT && this.setExactProduct(negativeA !== negativeB, wholeA, partA, wholeB, partB)) return this;
    }
    return this.setBig(multiplyUnits(a.toBig(), b.toBig()));
  }

  /** The product of two magnitudes (whole < 10¹², part < 10¹²) in limbs; false when it is too large for the pair. */
  private setExactProduct(negative: boolean, wholeA: number, partA: number, wholeB: number, partB: number): boolean {
    const a3 = carryOf(wholeA);
    const a2 = limbLeft;
    const a1 = carryOf(partA);
    const a0 = limbLeft;
    const b3 = carryOf(wholeB);
    const b2 = limbLeft;
    const b1 = carryOf(partB);
    const b0 = limbLeft;
    // Columns of the product in units of 10⁻²⁴ × 10^(6k), carried into limbs below 10⁶.
    let carry = carryOf(a0 * b0);
    carry = carryOf(a0 * b1 + a1 * b0 + carry);
    const limb1 = limbLeft;
    carry = carryOf(a0 * b2 + a1 * b1 + a2 * b0 + carry);
    const limb2 = limbLeft;
    carry = carryOf(a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0 + carry);
    const limb3 = limbLeft;
    carry = carryOf(a1 * b3 + a2 * b2 + a3 * b1 + carry);
    const limb4 = limbLeft;
    carry = carryOf(a2 * b3 + a3 * b2 + carry);
    const limb5 = limbLeft;
    const top = a3 * b3 + carry; // whole currency units in 10¹²s
    if (top >= 9007) return false; // the whole part might pass 2^53 − 1
    // Dropping limbs 0 and 1 divides by 10¹²; half a unit or more (limb1 ≥ 5·10⁵) rounds the magnitude up.
    let part = limb3 * LIMB + limb2 + (limb1 >= LIMB / 2 ? 1 : 0);
    let whole = top * UNIT + limb5 * LIMB + limb4;
    if (part === UNIT) {
      part = 0;
      whole += 1;
    }
    this.setMagnitude(negative, whole, part);
    return true;
  }
}

/** The limb carryOf leaves below 10⁶. */
let limbLeft = 0;

/**
 * ⌊column / 10⁶⌋ for an integer column 0 ≤ column < 2^53, its remainder left in `limbLeft`: a multiplication by
 * 10⁻⁶ (a fraction of a division's latency) is off by far less than one before the floor, so the floor is off by
 * one at most, and the remainder (exact) shows which way.
 */
function carryOf(column: number): number {
  let carry = Math.floor(column * 1e-6);
  let limb = column - carry * LIMB;
  if (limb < 0) {
    carry -= 1;
    limb += LIMB;
  } else if (limb >= LIMB) {
    carry += 1;
    limb -= LIMB;
  }
  limbLeft = limb;
  return carry;
}

/** Zero, for reads of a currency the ledger never held. Never changed (not frozen: a frozen object has a shape of its own). */
export const ZERO_UNITS = new Units();

/** A fee rate as units, converted once while the rate stays the same (an account charges one or two rates). */
export class RateUnits {
  private rate = Number.NaN;
  private readonly units = new Units();

  of(rate: number): Units {
    if (rate !== this.rate) {
      this.units.setNumber(rate);
      this.rate = rate;
    }
    return this.units;
  }
}
