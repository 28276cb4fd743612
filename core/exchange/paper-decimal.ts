/**
 * Fixed-point money for the paper ledger: every balance is an integer count of 10⁻¹² units,
 * so summing thousands of fills never drifts the way adding floats does. Only conversions at
 * the edges (a fill's price and amount in, a balance out) touch floating point, and they go
 * through decimal text — the number a trader wrote (4.706, 15748.39376645) — never through
 * binary multiplication, which would smear the last digits of large amounts.
 */
export const LEDGER_DECIMALS = 12;
const SCALE = 10n ** BigInt(LEDGER_DECIMALS);
const HALF = SCALE / 2n;
const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);
const POWERS = Array.from({ length: LEDGER_DECIMALS + 1 }, (_, i) => 10 ** i);
const BIG_POWERS = Array.from({ length: LEDGER_DECIMALS + 1 }, (_, i) => 10n ** BigInt(i));
/** Below this, a product of exact integers is an exact double: one BigInt() instead of BigInt() × BigInt. */
const EXACT_DOUBLE = 2 ** 53;

/** A number as ledger units: its shortest decimal form, rounded half away from zero at the 12th decimal. */
export function toUnits(value: number): bigint {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite amount: ${value}`);
  if (Math.abs(value) >= 1e20) throw new RangeError(`amount too large for the paper ledger: ${value}`);
  if (Number.isInteger(value)) return Math.abs(value) * 1e12 < EXACT_DOUBLE ? BigInt(value * 1e12) : BigInt(value) * SCALE;
  const magnitude = Math.abs(value);
  // Fast path: as many decimals d (≤ 12) as keep magnitude × 10^d below 2^52, where doubles are
  // finer than 10^-d. Guess the digits from the binary value and keep the guess only if it converts
  // back to exactly this number: it then IS the number's shortest decimal form (the text path's).
  let decimals = LEDGER_DECIMALS;
  while (decimals > 0 && magnitude * POWERS[decimals]! >= 2 ** 52) decimals--;
  const guess = Math.round(magnitude * POWERS[decimals]!);
  if (guess < 2 ** 52 && guess / POWERS[decimals]! === magnitude) {
    const scaled = guess * POWERS[LEDGER_DECIMALS - decimals]!;
    const units = scaled < EXACT_DOUBLE ? BigInt(value < 0 ? -scaled : scaled) : BigInt(guess) * BIG_POWERS[LEDGER_DECIMALS - decimals]!;
    return value < 0 && scaled >= EXACT_DOUBLE ? -units : units;
  }
  return textUnits(value, magnitude);
}

/**
 * toUnits from the number's shortest decimal text (what String gives), for numbers the quick guess could
 * not place: read without splitting or BigInt text. The integer part is Math.trunc of the number (a shortest
 * form never crosses an integer the number does not reach), the decimals are at most 12 (rounded half up on
 * the magnitude at the 13th digit), so both parts are exact doubles; one or two BigInt() join them.
 */
function textUnits(value: number, magnitude: number): bigint {
  const text = String(magnitude);
  const point = text.indexOf('.');
  if (point < 0 || text.indexOf('e') >= 0) return exponentUnits(value, text);
  const decimals = text.length - point - 1;
  let fraction = Number(text.slice(point + 1, point + 1 + Math.min(decimals, LEDGER_DECIMALS)));
  if (decimals > LEDGER_DECIMALS) fraction += text.charCodeAt(point + 1 + LEDGER_DECIMALS) >= 53 ? 1 : 0; // '5'
  else fraction *= POWERS[LEDGER_DECIMALS - decimals]!;
  const whole = Math.trunc(magnitude);
  const scaled = whole * 1e12 + fraction;
  const units = scaled < EXACT_DOUBLE ? BigInt(scaled) : BigInt(whole) * SCALE + BigInt(fraction);
  return value < 0 ? -units : units;
}

/** toUnits of a shortest text with an exponent ("1.5e-7"): digits × 10^shift in BigInt. */
function exponentUnits(value: number, text: string): bigint {
  const [mantissa, exponentText] = text.split('e') as [string, string | undefined];
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  const [whole, fraction = ''] = mantissa.split('.') as [string, string | undefined];
  const digits = whole + fraction;
  // value = digits × 10^(exponent − fraction.length); bring it to 10^-12.
  const shift = LEDGER_DECIMALS + exponent - fraction.length;
  let units: bigint;
  if (shift >= 0) units = BigInt(digits) * 10n ** BigInt(shift);
  else {
    const divisor = 10n ** BigInt(-shift);
    const raw = BigInt(digits);
    units = (raw + divisor / 2n) / divisor;
  }
  return value < 0 ? -units : units;
}

/** Ledger units back to the nearest number (via decimal text, so 15748.39376645 comes back as written). */
export function fromUnits(units: bigint): number {
  const negative = units < 0n;
  const magnitude = negative ? -units : units;
  // Below 2^53 both the integer and the division by 10^12 are exact/correctly rounded.
  if (magnitude <= MAX_EXACT) return Number(units) / 1e12;
  const whole = magnitude / SCALE;
  const fraction = magnitude % SCALE;
  if (fraction === 0n) return negative ? -Number(whole) : Number(whole);
  // Two roundings may miss the nearest double. Where the whole part is exact, measure the miss in
  // doubles: (whole − quick) is exact (Sterbenz: both ≥ 1, within a factor 2), the fraction's quotient
  // is off by < 2⁻⁵⁴, so a miss clearly under half an ulp of `quick` proves it the nearest double — the
  // value both slower paths below return (the text path rounds correctly; the check round-trips).
  const part = Number(fraction) / 1e12;
  const quick = Number(whole) + part;
  if (whole <= MAX_EXACT && Math.abs(Number(whole) - quick + part) < halfUlp(quick) - 2 ** -50) return negative ? -quick : quick;
  if (toUnits(quick) === magnitude) return negative ? -quick : quick;
  const value = Number(`${whole}.${fraction.toString().padStart(LEDGER_DECIMALS, '0')}`);
  return negative ? -value : value;
}

const BITS = new Float64Array(1);
const WORDS = new Uint32Array(BITS.buffer);
/** Index of the word holding a double's sign and exponent (the high word; platform byte order). */
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** 2^(e − 1076) for every biased exponent e: a table read instead of a power with a variable exponent. */
const HALF_ULPS = Float64Array.from({ length: 2048 }, (_, e) => 2 ** (e - 1076));

/** Half the spacing of doubles at a positive, normal `value`: 2^(exponent − 53). */
function halfUlp(value: number): number {
  BITS[0] = value;
  return HALF_ULPS[(WORDS[HIGH_WORD]! >>> 20) & 0x7ff]!;
}

/** a × b for two ledger-unit values, rounded half away from zero back to ledger units. */
export function multiplyUnits(a: bigint, b: bigint): bigint {
  const product = a * b;
  const negative = product < 0n;
  const magnitude = negative ? -product : product;
  const rounded = (magnitude + HALF) / SCALE;
  return negative ? -rounded : rounded;
}

/**
 * A positive number's shortest decimal form as `formDigits` × 10^-`formDecimals` (digits < 2^52), found the
 * way toUnits' quick guess finds it; false where toUnits would take its text path (or refuse). Left in two
 * fields: nothing is allocated.
 */
let formDigits = 0;
let formDecimals = 0;
function decimalForm(value: number): boolean {
  if (!(value > 0) || value >= 1e20) return false;
  let decimals = LEDGER_DECIMALS;
  while (decimals > 0 && value * POWERS[decimals]! >= 2 ** 52) decimals--;
  const digits = Math.round(value * POWERS[decimals]!);
  if (!(digits < 2 ** 52 && digits / POWERS[decimals]! === value)) return false;
  formDigits = digits;
  formDecimals = decimals;
  return true;
}

/**
 * amount × price in ledger units, for an amount already in units. The common case needs no rounding:
 * with the price as digits × 10^-d and the amount's units a multiple of 10^d (amounts on a 1e-8 step,
 * prices with up to 4 decimals), the cost is (amount units / 10^d) × digits exactly — integer doubles,
 * one or two BigInt() — the same units multiplyUnits(amountUnits, toUnits(price)) rounds to.
 * (For integers x, y < 2^53, x / y is an integer double exactly when y divides x: a true quotient off
 * an integer is at least 1/y away from it, more than the division's rounding error.)
 */
export function fillCost(amountUnits: bigint, price: number): bigint {
  if (amountUnits >= 0n && amountUnits <= MAX_EXACT && decimalForm(price)) {
    const amount = Number(amountUnits);
    let digits = formDigits;
    let decimals = formDecimals;
    let scaled = amount / POWERS[decimals]!;
    // Trailing zeros of the digits are dropped only when the amount is not a multiple of 10^d as it is.
    while (!Number.isInteger(scaled) && decimals > 0 && Number.isInteger(digits / 10)) {
      digits /= 10;
      decimals--;
      scaled = amount / POWERS[decimals]!;
    }
    if (Number.isInteger(scaled)) {
      const product = scaled * digits;
      // A rounded product below 2^53 means the exact one is below it too, hence exact.
      return product < EXACT_DOUBLE ? BigInt(product) : BigInt(scaled) * BigInt(digits);
    }
  }
  return multiplyUnits(amountUnits, toUnits(price));
}

/** 10^d / 2 in BigInt (0 for d = 0): the half a division by 10^d rounds with. */
const BIG_HALF_POWERS = BIG_POWERS.map((power) => power / 2n);

/** The last fee rate seen (an account charges one or two rates on every fill), in units and as digits × 10^-decimals. */
let lastRate = Number.NaN;
let lastRateUnits = 0n;
let rateHasForm = false;
let rateDigits = 0;
let rateBigDigits = 0n;
let rateDecimals = 0;

/**
 * cost × rate in ledger units: multiplyUnits(cost, toUnits(rate)), rounded half away from zero. With the
 * rate as digits × 10^-d (0.001 = 1 × 10^-3), that is cost × digits / 10^d rounded half up for a cost ≥ 0:
 * in integer doubles while cost × digits stays below 2^53, else in BigInt with small operands.
 */
export function feeOf(cost: bigint, feeRate: number): bigint {
  if (feeRate !== lastRate) {
    lastRateUnits = toUnits(feeRate);
    rateHasForm = decimalForm(feeRate);
    rateDigits = rateHasForm ? formDigits : 0;
    rateBigDigits = BigInt(rateDigits);
    rateDecimals = rateHasForm ? formDecimals : 0;
    lastRate = feeRate;
  }
  if (!rateHasForm || cost < 0n) return multiplyUnits(cost, lastRateUnits);
  if (cost <= MAX_EXACT) {
    const product = Number(cost) * rateDigits;
    if (product < EXACT_DOUBLE) {
      const power = POWERS[rateDecimals]!;
      const rest = product % power;
      const whole = (product - rest) / power;
      return BigInt(rest * 2 >= power ? whole + 1 : whole);
    }
  }
  return (cost * rateBigDigits + BIG_HALF_POWERS[rateDecimals]!) / BIG_POWERS[rateDecimals]!;
}
