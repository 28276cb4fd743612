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
const POWERS = Array.from({ length: LEDGER_DECIMALS + 2 }, (_, i) => 10 ** i);
/** Below this, a sum or product of exact integers is an exact double: one BigInt() instead of BigInt arithmetic. */
const EXACT_DOUBLE = 2 ** 53;

/**
 * A number split into ledger units by splitUnits, left in three fields (nothing allocated): its magnitude as
 * `whole` currency units (an integer double, up to 1e20) and `fraction` 10⁻¹² units (an integer double below
 * 10¹²), and its sign. Both toUnits (bigint) and Units.setNumber (paper-units.ts) read it, so they round alike.
 */
export const split = { negative: false, whole: 0, fraction: 0 };

/**
 * Splits `value` into the three fields above: its shortest decimal form, rounded half away from zero at the
 * 12th decimal. Returns false for the rare number whose shortest text has an exponent (1.5e-7): only BigInt
 * arithmetic (exponentUnits) places that one.
 */
export function splitUnits(value: number): boolean {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite amount: ${value}`);
  if (Math.abs(value) >= 1e20) throw new RangeError(`amount too large for the paper ledger: ${value}`);
  const magnitude = Math.abs(value);
  split.negative = value < 0;
  if (Number.isInteger(value)) {
    split.whole = magnitude;
    split.fraction = 0;
    return true;
  }
  // Fast path: as many decimals d (≤ 12) as keep magnitude × 10^d below 2^52, where doubles are
  // finer than 10^-d. Guess the digits from the binary value and keep the guess only if it converts
  // back to exactly this number: it then IS the number's shortest decimal form (the text path's).
  let decimals = LEDGER_DECIMALS;
  while (decimals > 0 && magnitude * POWERS[decimals]! >= 2 ** 52) decimals--;
  const guess = Math.round(magnitude * POWERS[decimals]!);
  if (guess < 2 ** 52 && guess / POWERS[decimals]! === magnitude) {
    // guess / 10^d rounded down is exact for integers below 2^53 (see the note on Units in paper-units.ts).
    const whole = Math.floor(guess / POWERS[decimals]!);
    split.whole = whole;
    split.fraction = (guess - whole * POWERS[decimals]!) * POWERS[LEDGER_DECIMALS - decimals]!;
    return true;
  }
  return finerSplit(magnitude, decimals) || textSplit(magnitude);
}

/**
 * The quick guess again, closer (the guess's product may miss by one) and with more decimals than doubles resolve
 * at this magnitude (a slipped price, 64032.120059999994): for d = `from`…13, the d-decimal number nearest the
 * magnitude from its exact fraction, kept if it converts back to exactly this number. At `from` it is the only
 * such number, so any shorter form is it; past `from`, none with fewer decimals fit and of several d-decimal
 * forms the shortest text is the nearest (one of 13 decimals is rounded at the 12th). False, for the text path to
 * decide, where a step is in doubt (the fraction × 10^d near a half, the conversion back not provably nearest) or
 * nothing up to 13 decimals fits.
 */
function finerSplit(magnitude: number, from: number): boolean {
  const whole = Math.trunc(magnitude);
  const fraction = magnitude - whole; // exact: the low bits of the number
  for (let decimals = from; decimals <= LEDGER_DECIMALS + 1; decimals++) {
    const power = POWERS[decimals]!;
    const scaled = fraction * power; // off by at most 2^-10 (below 10^13), so a wrong round is near a half
    const digits = Math.round(scaled);
    if (Math.abs(scaled - digits) > 0.49 || digits >= power) return false;
    const part = digits / power;
    const quick = whole + part;
    // As in partsToNumber: a miss clearly under half an ulp proves `quick` the number nearest whole + digits/10^d.
    if (!(Math.abs(whole - quick + part) < halfUlp(quick) - 2 ** -50)) return false;
    if (quick === magnitude) {
      split.whole = whole;
      if (decimals <= LEDGER_DECIMALS) split.fraction = digits * POWERS[LEDGER_DECIMALS - decimals]!;
      else {
        // A 13th decimal (7535.4262100000005): rounded half up at the 12th, as the text path does.
        const kept = Math.floor(digits / 10);
        split.fraction = kept + (digits - kept * 10 >= 5 ? 1 : 0);
        if (split.fraction === 1e12) {
          split.whole += 1;
          split.fraction = 0;
        }
      }
      return true;
    }
  }
  return false;
}

/** A number as ledger units: its shortest decimal form, rounded half away from zero at the 12th decimal. */
export function toUnits(value: number): bigint {
  if (!splitUnits(value)) return exponentUnits(value, String(Math.abs(value)));
  const scaled = split.whole * 1e12 + split.fraction;
  // A rounded sum below 2^53 means the exact one is below it too, hence exact.
  if (scaled < EXACT_DOUBLE) return BigInt(split.negative ? -scaled : scaled);
  const units = BigInt(split.whole) * SCALE + BigInt(split.fraction);
  return split.negative ? -units : units;
}

/**
 * splitUnits from the number's shortest decimal text (what String gives), for numbers the quick guess could
 * not place: read without splitting or BigInt text. The integer part is Math.trunc of the number (a shortest
 * form never crosses an integer the number does not reach), the decimals are at most 12 (rounded half up on
 * the magnitude at the 13th digit), so both parts are exact doubles (the number is below 2^52 here: larger
 * doubles are integers).
 */
function textSplit(magnitude: number): boolean {
  const text = String(magnitude);
  const point = text.indexOf('.');
  if (point < 0 || text.indexOf('e') >= 0) return false;
  const decimals = text.length - point - 1;
  let fraction = Number(text.slice(point + 1, point + 1 + Math.min(decimals, LEDGER_DECIMALS)));
  if (decimals > LEDGER_DECIMALS) fraction += text.charCodeAt(point + 1 + LEDGER_DECIMALS) >= 53 ? 1 : 0; // '5'
  else fraction *= POWERS[LEDGER_DECIMALS - decimals]!;
  split.whole = Math.trunc(magnitude);
  split.fraction = fraction;
  if (fraction === 1e12) {
    split.whole += 1;
    split.fraction = 0;
  }
  return true;
}

/** toUnits of a shortest text with an exponent ("1.5e-7"): digits × 10^shift in BigInt. */
export function exponentUnits(value: number, text: string): bigint {
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
  if (whole <= MAX_EXACT) return partsToNumber(negative, Number(whole), Number(fraction));
  if (fraction === 0n) return negative ? -Number(whole) : Number(whole);
  const quick = Number(whole) + Number(fraction) / 1e12;
  if (toUnits(quick) === magnitude) return negative ? -quick : quick;
  const value = Number(`${whole}.${fraction.toString().padStart(LEDGER_DECIMALS, '0')}`);
  return negative ? -value : value;
}

/**
 * fromUnits of a magnitude given as `whole` currency units (≤ 2^53 − 1) and `fraction` 10⁻¹² units (< 10¹²),
 * both integer doubles: the nearest number, negated when `negative`.
 */
export function partsToNumber(negative: boolean, whole: number, fraction: number): number {
  if (whole < 9008) {
    const scaled = whole * 1e12 + fraction;
    // Below 2^53 both the integer and the division by 10^12 are exact/correctly rounded.
    if (scaled <= Number.MAX_SAFE_INTEGER) return (negative ? -scaled : scaled) / 1e12;
  }
  if (fraction === 0) return negative ? -whole : whole;
  // Two roundings may miss the nearest double. With the whole part exact, measure the miss in
  // doubles: (whole − quick) is exact (Sterbenz: both ≥ 1, within a factor 2), the fraction's quotient
  // is off by < 2⁻⁵⁴, so a miss clearly under half an ulp of `quick` proves it the nearest double — the
  // value both slower paths below return (the text path rounds correctly; the check round-trips).
  const part = fraction / 1e12;
  const quick = whole + part;
  if (Math.abs(whole - quick + part) < halfUlp(quick) - 2 ** -50) return negative ? -quick : quick;
  if (splitUnits(quick) && split.whole === whole && split.fraction === fraction) return negative ? -quick : quick;
  const value = Number(`${whole}.${String(fraction).padStart(LEDGER_DECIMALS, '0')}`);
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
