import { SteadySet } from '../exchange/paper-lists.js';

/**
 * The client ids of a symbol's working entry orders. Their count is kept in a field of its own: it is
 * read on every bar (the strategy's `openEntryOrders`), and a Set's size is a chain of dependent loads.
 */
export class EntryOrders implements Iterable<string> {
  /** Steady: one order at a time must not reallocate the table (see SteadyMap). */
  private readonly ids = new SteadySet();
  private count = 0;

  get size(): number {
    return this.count;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string): this {
    const before = this.ids.size;
    this.ids.add(id);
    if (this.ids.size !== before) this.count++;
    return this;
  }

  delete(id: string): boolean {
    if (!this.ids.delete(id)) return false;
    this.count--;
    return true;
  }

  [Symbol.iterator](): Iterator<string> {
    return this.ids[Symbol.iterator]();
  }
}
