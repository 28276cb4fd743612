const PLACEHOLDER = Object.freeze({});

/**
 * An empty array already holding objects as far as V8 is concerned. A fresh `[]` starts as an array of
 * small integers and changes kind on its first object; code optimized (in an earlier run) for arrays
 * of objects deoptimizes when it meets such a fresh array — whole hot functions that inlined the push
 * fall back to slower tiers for thousands of orders. Lists a hot path fills with objects start here.
 */
export function objectList<T extends object>(): T[] {
  const list = [PLACEHOLDER] as unknown as T[];
  list.pop();
  return list;
}
