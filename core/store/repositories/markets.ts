import type { MarketRules } from '../../exchange/port.js';
import type { MarketSymbol } from '../../market/candle.js';
import type { SqliteDatabase } from '../db.js';

/** Cache of each venue's market rules, so the terminal starts without a network round trip. */
export class MarketRepository {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number,
  ) {}

  /** Replaces the venue's cached markets in one transaction (markets the venue dropped disappear). */
  replaceAll(exchange: string, markets: Iterable<MarketRules>): void {
    const remove = this.db.prepare('DELETE FROM markets WHERE exchange = ?');
    const insert = this.db.prepare('INSERT INTO markets (exchange, symbol, rules, updated_at) VALUES (?, ?, ?, ?)');
    const at = this.now();
    this.db.transaction(() => {
      remove.run(exchange);
      for (const rules of markets) insert.run(exchange, rules.symbol, JSON.stringify(rules), at);
    })();
  }

  list(exchange: string): { readonly rules: MarketRules[]; readonly updatedAt: number | null } {
    const rows = this.db.prepare<[string], { rules: string; updated_at: number }>('SELECT rules, updated_at FROM markets WHERE exchange = ? ORDER BY symbol').all(exchange);
    return { rules: rows.map((row) => JSON.parse(row.rules) as MarketRules), updatedAt: rows.length ? rows.reduce((oldest, row) => Math.min(oldest, row.updated_at), Infinity) : null };
  }

  get(exchange: string, symbol: MarketSymbol): MarketRules | null {
    const row = this.db.prepare<[string, string], { rules: string }>('SELECT rules FROM markets WHERE exchange = ? AND symbol = ?').get(exchange, symbol);
    return row ? (JSON.parse(row.rules) as MarketRules) : null;
  }
}
