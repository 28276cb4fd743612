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

/** Keeps a keyed table from shrinking (see SteadyMap); never handed out. */
const KEEP = Symbol('keeps the table at its size');

/**
 * A Map of string keys that never shrinks. V8 shrinks a Map's table — a runtime call and a new table —
 * whenever a delete leaves it less than half full, so a table that holds one order at a time (an order
 * placed, then filled and forgotten) reallocated on every order. One hidden entry keeps it from that.
 */
export class SteadyMap<V> {
  private readonly map = new Map<string | typeof KEEP, V | typeof KEEP>([[KEEP, KEEP]]);

  get size(): number {
    return this.map.size - 1;
  }

  get(key: string): V | undefined {
    return this.map.get(key) as V | undefined;
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  set(key: string, value: V): this {
    this.map.set(key, value);
    return this;
  }

  delete(key: string): boolean {
    return this.map.delete(key);
  }

  /** The values, in insertion order (a copy). */
  values(): V[] {
    const values: V[] = [];
    for (const value of this.map.values()) if (value !== KEEP) values.push(value);
    return values;
  }
}

/** A Set of strings that never shrinks (see SteadyMap). */
export class SteadySet implements Iterable<string> {
  private readonly set = new Set<string | typeof KEEP>([KEEP]);

  get size(): number {
    return this.set.size - 1;
  }

  has(key: string): boolean {
    return this.set.has(key);
  }

  add(key: string): this {
    this.set.add(key);
    return this;
  }

  delete(key: string): boolean {
    return this.set.delete(key);
  }

  *[Symbol.iterator](): Iterator<string> {
    for (const key of this.set) if (key !== KEEP) yield key;
  }
}
