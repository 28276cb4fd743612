import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';

/** Timeframes Halyard understands, in ascending order. */
export const TIMEFRAMES = ['1m', '5m', '15m', '1h', '4h', '1d'] as const;
export const timeframeSchema = z.enum(TIMEFRAMES);
export type Timeframe = z.infer<typeof timeframeSchema>;

const MINUTE_MS = 60_000;
const TIMEFRAME_MS: Record<Timeframe, number> = {
  '1m': MINUTE_MS,
  '5m': 5 * MINUTE_MS,
  '15m': 15 * MINUTE_MS,
  '1h': 60 * MINUTE_MS,
  '4h': 240 * MINUTE_MS,
  '1d': 1440 * MINUTE_MS,
};

export function timeframeMs(timeframe: Timeframe): number {
  return TIMEFRAME_MS[timeframe];
}

/** Start of the bar (UTC) that contains `time` on the given timeframe. */
export function alignToTimeframe(time: number, timeframe: Timeframe): number {
  const step = TIMEFRAME_MS[timeframe];
  return time - (((time % step) + step) % step);
}

/** One OHLCV bar. `time` is the bar's open time in ms since the epoch (UTC). */
export const candleSchema = lazySchema(() =>
  z.object({
    time: z.number().int(),
    open: z.number().finite(),
    high: z.number().finite(),
    low: z.number().finite(),
    close: z.number().finite(),
    volume: z.number().finite(),
  }),
);
export type Candle = z.infer<ReturnType<typeof candleSchema>>;

/**
 * A candle object that is rewritten bar after bar (a backtest's current bar, a streaming strategy's
 * context candle). A class, not an object literal: every `{ time, open, high, low, close, volume }`
 * literal shares one hidden class with `candleSchema`'s shape (whose fields hold schemas), so its
 * number fields are generic and each write of a price allocates a heap number. A class's fields
 * stay plain doubles and are written in place: a reused bar allocates nothing.
 */
export class ReusableCandle implements Candle {
  time = Number.NaN;
  open = Number.NaN;
  high = Number.NaN;
  low = Number.NaN;
  close = Number.NaN;
  volume = Number.NaN;

  /** Copies `from` into this object; returns it. */
  copy(from: Candle): this {
    this.time = from.time;
    this.open = from.open;
    this.high = from.high;
    this.low = from.low;
    this.close = from.close;
    this.volume = from.volume;
    return this;
  }

  /** Writes bar `index` of `columns` into this object; returns it. */
  read(columns: CandleColumns, index: number): this {
    return this.readAt(columns.time, columns.open, columns.high, columns.low, columns.close, columns.volume, index);
  }

  /** Like `read`, from columns a caller holds in fields of its own (a bar loop saves a load per column per bar). */
  readAt(time: Float64Array, open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, volume: Float64Array, index: number): this {
    this.time = time[index]!;
    this.open = open[index]!;
    this.high = high[index]!;
    this.low = low[index]!;
    this.close = close[index]!;
    this.volume = volume[index]!;
    return this;
  }
}

/** Symbols are unified ccxt-style market ids: BASE/QUOTE. */
export const symbolSchema = z.string().regex(/^[A-Z0-9]{1,20}\/[A-Z0-9]{1,20}(:[A-Z0-9]{1,20})?$/, 'must look like BTC/USDT');
export type MarketSymbol = z.infer<typeof symbolSchema>;

/** A 1m (or rolled-up) bar as a feed reports it: forming, then once closed. */
export const candleUpdateSchema = lazySchema(() =>
  z.object({
    symbol: symbolSchema,
    timeframe: timeframeSchema,
    candle: candleSchema(),
    /** True once the bar is final; false while it is still forming. */
    closed: z.boolean(),
  }),
);
export type CandleUpdate = z.infer<ReturnType<typeof candleUpdateSchema>>;

/** Columnar candles: what the store returns for charts and backtests (fast to load, cheap to ship). */
export interface CandleColumns {
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

export function columnsLength(columns: CandleColumns): number {
  return columns.time.length;
}

export function candleAt(columns: CandleColumns, index: number): Candle {
  return {
    time: columns.time[index]!,
    open: columns.open[index]!,
    high: columns.high[index]!,
    low: columns.low[index]!,
    close: columns.close[index]!,
    volume: columns.volume[index]!,
  };
}

/** Columns back to one object per bar. */
export function columnsToCandles(columns: CandleColumns): Candle[] {
  const out: Candle[] = new Array(columns.time.length);
  for (let i = 0; i < out.length; i++) out[i] = candleAt(columns, i);
  return out;
}

export function candlesToColumns(candles: readonly Candle[]): CandleColumns {
  const n = candles.length;
  const columns = {
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  candles.forEach((c, i) => {
    columns.time[i] = c.time;
    columns.open[i] = c.open;
    columns.high[i] = c.high;
    columns.low[i] = c.low;
    columns.close[i] = c.close;
    columns.volume[i] = c.volume;
  });
  return columns;
}
