/**
 * Fixed-point money for the paper ledger: every balance is an integer count of 10⁻¹² units,
 * so summing thousands of fills never drifts the way adding floats does. Only conversions at
 * the edges (a fill's price and amount in, a balance out) touch floating point.
 */
export const LEDGER_DECIMALS = 12;
const SCALE = 10n ** BigInt(LEDGER_DECIMALS);
const HALF = SCALE / 2n;

/** A number as ledger units, rounded half away from zero at the 12th decimal. */
export function toUnits(value: number): bigint {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite amount: ${value}`);
  if (Math.abs(value) >= 1e20) throw new RangeError(`amount too large for the paper ledger: ${value}`);
  // toFixed gives the correctly rounded decimal expansion of the double.
  const text = value.toFixed(LEDGER_DECIMALS);
  return BigInt(text.replace('.', ''));
}

/** Ledger units back to a number (the only lossy step, done once per read-out). */
export function fromUnits(units: bigint): number {
  const whole = units / SCALE;
  const fraction = units % SCALE;
  return Number(whole) + Number(fraction) / Number(SCALE);
}

/** a × b for two ledger-unit values, rounded half away from zero back to ledger units. */
export function multiplyUnits(a: bigint, b: bigint): bigint {
  const product = a * b;
  const negative = product < 0n;
  const magnitude = negative ? -product : product;
  const rounded = (magnitude + HALF) / SCALE;
  return negative ? -rounded : rounded;
}

/** Cost and fee of a fill, exactly: cost = amount × price, fee = cost × rate. */
export function fillMoney(amount: number, price: number, feeRate: number): { cost: bigint; fee: bigint } {
  const cost = multiplyUnits(toUnits(amount), toUnits(price));
  return { cost, fee: multiplyUnits(cost, toUnits(feeRate)) };
}
