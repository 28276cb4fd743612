import { columnsToCandles, type Candle } from './candle.js';
import { parseCandleColumns } from './csv-columns.js';
import type { RejectedRow } from './csv-row.js';

export { parseTimestamp, type RejectedRow } from './csv-row.js';

export interface ParsedCandleCsv {
  readonly candles: Candle[];
  /** 1-based file line of each entry of `candles` (same index). */
  readonly lines: number[];
  readonly rejected: RejectedRow[];
}

/**
 * Reads a candle CSV: a header row, then timestamp, open, high, low, close, volume (extra columns
 * ignored; Binance kline exports work as they are). Rows that break a rule are returned in
 * `rejected` with their line number, never silently dropped or silently used. The parsing itself is
 * column-wise (core/market/csv-columns.ts); this gives each row as a Candle.
 */
export function parseCandleCsv(text: string): ParsedCandleCsv {
  const { columns, lines, rejected } = parseCandleColumns(text);
  return { candles: columnsToCandles(columns), lines: Array.from(lines), rejected };
}

