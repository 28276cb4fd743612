import type { Fill } from '../exchange/port.js';

/**
 * Positions rebuilt from fills alone (pattern: positions are never only in memory). Average-cost
 * method per symbol: buys raise the quantity and the cost, sells lower the quantity at the average
 * entry. Quantities are summed in integer units of 1e-10 so thousands of fills do not drift.
 */

export interface RebuiltPosition {
  readonly symbol: string;
  readonly quantity: number;
  readonly averageEntry: number;
}

const UNITS = 1e10;

export function rebuildPositions(fills: readonly Pick<Fill, 'symbol' | 'side' | 'amount' | 'price' | 'time' | 'id'>[]): RebuiltPosition[] {
  const books = new Map<string, { units: number; cost: number }>();
  const ordered = [...fills].sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const fill of ordered) {
    const book = books.get(fill.symbol) ?? { units: 0, cost: 0 };
    const units = Math.round(fill.amount * UNITS);
    if (fill.side === 'buy') {
      book.cost += fill.amount * fill.price;
      book.units += units;
    } else if (book.units > 0) {
      const sold = Math.min(units, book.units);
      book.cost -= (book.cost / book.units) * sold;
      book.units -= sold;
      if (book.units === 0) book.cost = 0;
    }
    books.set(fill.symbol, book);
  }
  const positions: RebuiltPosition[] = [];
  for (const [symbol, book] of books) {
    if (book.units <= 0) continue;
    const quantity = book.units / UNITS;
    positions.push({ symbol, quantity, averageEntry: book.cost / quantity });
  }
  return positions.sort((a, b) => (a.symbol < b.symbol ? -1 : 1));
}

export function baseOf(symbol: string): string {
  return symbol.split('/')[0] ?? symbol;
}
