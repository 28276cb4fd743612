import sumPrecise from 'core-js-pure/stable/math/sum-precise.js';

/** Non-overlapping partial sums of the values so far (Shewchuk); a few dozen at most for finite doubles. */
const partials = new Float64Array(128);
/** Beyond this a partial could overflow to Infinity: such sums go to core-js, which handles it. */
const LARGE = 2 ** 1000;

/**
 * The exact sum of the values, correctly rounded to the nearest double — the same number as
 * `Math.sumPrecise` (core-js-pure's, which sma-cross used) and Python's `math.fsum`, computed the way
 * CPython's fsum does (Shewchuk's non-overlapping partials, then one correction for a halfway case).
 * Local because core-js' version walks its input through the iterator protocol and costs ~6–10 µs for
 * 60 values, which sma-cross paid at every near-tie of its averages; this reads a typed array in place,
 * several times faster (test/bench/README.md, "The engine, fourth pass"). Non-finite or huge inputs, where partials could
 * overflow, are handed to core-js.
 */
export function exactSum(values: Float64Array): number {
  let count = 0;
  for (let k = 0; k < values.length; k++) {
    let x = values[k]!;
    if (!(Math.abs(x) < LARGE)) return sumPrecise(values);
    let kept = 0;
    for (let j = 0; j < count; j++) {
      let y = partials[j]!;
      if (Math.abs(x) < Math.abs(y)) {
        const swap = x;
        x = y;
        y = swap;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[kept++] = lo;
      x = hi;
    }
    if (kept === partials.length) return sumPrecise(values);
    partials[kept] = x;
    count = kept + 1;
  }
  if (count === 0) return sumPrecise(values); // an empty sum is −0 there
  // Add the partials from the largest down until the result stops being exact.
  let n = count - 1;
  let hi = partials[n]!;
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = partials[--n]!;
    hi = x + y;
    lo = y - (hi - x);
    if (lo !== 0) break;
  }
  // A halfway case rounded to even may have to go the other way when the partials below push past it.
  if (n > 0 && ((lo < 0 && partials[n - 1]! < 0) || (lo > 0 && partials[n - 1]! > 0))) {
    const y = lo * 2;
    const x = hi + y;
    if (y === x - hi) hi = x;
  }
  return hi;
}
