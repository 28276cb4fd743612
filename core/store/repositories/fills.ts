import type { Fill } from '../../exchange/port.js';
import type { MarketSymbol } from '../../market/candle.js';
import type { SqliteDatabase } from '../db.js';

import type { FillRecord } from '../../orders/order-record.js';
export type { FillRecord } from '../../orders/order-record.js';

/** A row of the fills table, as other repositories' queries that select `fills.*` read it too. */
export interface FillRow {
  venue: string;
  fill_id: string;
  client_order_id: string;
  exchange_order_id: string | null;
  symbol: string;
  side: Fill['side'];
  price: number;
  amount: number;
  fee: number;
  fee_currency: string;
  fee_in_quote: number | null;
  liquidity: Fill['liquidity'];
  time: number;
}

/** Fills as the venue reported them. Recording the same fill twice is harmless (reconnects replay them). */
export class FillRepository {
  constructor(private readonly db: SqliteDatabase) {}

  /** True when the fill is new, false when it was already recorded. */
  record(venue: string, fill: Fill): boolean {
    const result = this.db
      .prepare(
        `INSERT INTO fills (venue, fill_id, client_order_id, exchange_order_id, symbol, side, price, amount, fee, fee_currency, fee_in_quote, liquidity, time)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (venue, fill_id) DO NOTHING`,
      )
      .run(venue, fill.id, fill.clientOrderId, fill.exchangeOrderId, fill.symbol, fill.side, fill.price, fill.amount, fill.fee, fill.feeCurrency, fill.feeInQuote ?? null, fill.liquidity, fill.time);
    if (result.changes === 0 && fill.feeInQuote != null) {
      // A third-currency fee whose venue price was found only on a later fetch: keep the value.
      this.db.prepare('UPDATE fills SET fee_in_quote = ? WHERE venue = ? AND fill_id = ? AND fee_in_quote IS NULL').run(fill.feeInQuote, venue, fill.id);
    }
    return result.changes > 0;
  }

  /** The time of the newest fill on any venue, or null when there is none. */
  latestTime(): number | null {
    return this.db.prepare<[], { latest: number | null }>('SELECT MAX(time) AS latest FROM fills').get()?.latest ?? null;
  }

  forOrder(clientOrderId: string): FillRecord[] {
    return this.db.prepare<[string], FillRow>('SELECT * FROM fills WHERE client_order_id = ? ORDER BY time, fill_id').all(clientOrderId).map(fillFromRow);
  }

  /** Fills with from ≤ time < to, oldest first, optionally for one symbol. */
  between(from: number, to: number, symbol?: MarketSymbol): FillRecord[] {
    return this.db
      .prepare<[{ from: number; to: number; symbol: string | null }], FillRow>(
        'SELECT * FROM fills WHERE time >= @from AND time < @to AND (@symbol IS NULL OR symbol = @symbol) ORDER BY time, fill_id',
      )
      .all({ from, to, symbol: symbol ?? null })
      .map(fillFromRow);
  }
}

export function fillFromRow(row: FillRow): FillRecord {
  return {
    venue: row.venue,
    id: row.fill_id,
    clientOrderId: row.client_order_id,
    exchangeOrderId: row.exchange_order_id,
    symbol: row.symbol,
    side: row.side,
    price: row.price,
    amount: row.amount,
    fee: row.fee,
    feeCurrency: row.fee_currency,
    ...(row.fee_in_quote === null ? {} : { feeInQuote: row.fee_in_quote }),
    liquidity: row.liquidity,
    time: row.time,
  };
}
