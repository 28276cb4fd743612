/** core-js-pure's Math.sumPrecise (the exact sum, correctly rounded — Python's math.fsum); it ships no types. */
declare module 'core-js-pure/stable/math/sum-precise.js' {
  const sumPrecise: (values: Iterable<number>) => number;
  export default sumPrecise;
}
