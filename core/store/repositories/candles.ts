import type { CandleStore, SeriesKey } from '../../market/candle-store.js';
import { timeframeMs, type Candle, type CandleColumns } from '../../market/candle.js';
import type { SqliteDatabase } from '../db.js';
import { StoreError } from '../errors.js';

/** Rows per multi-row INSERT: one statement step writes many rows, which is what makes bulk ingest fast. */
const ROWS_PER_STATEMENT = 128;
const VALUES_PER_ROW = 6;
/** Bars per `.all()` call of a range read (test/bench/store.bench.ts: bigger slices spend more in GC, smaller more in calls). */
const RANGE_SLICE_BARS = 4096;

type RawRow = [number, number, number, number, number, number];

/**
 * Candles in the encrypted store, implementing the market layer's `CandleStore` port. Upserts run in
 * one transaction; reads fill preallocated typed arrays straight from `.raw()` rows.
 */
export class CandleRepository implements CandleStore {
  private readonly upsertBatch;
  private readonly upsertOne;
  private readonly rangeRows;
  private readonly latestRows;
  private readonly firstTime;
  private readonly lastTime;
  private readonly countRows;

  constructor(private readonly db: SqliteDatabase) {
    this.upsertBatch = db.prepare(upsertSql(ROWS_PER_STATEMENT));
    this.upsertOne = db.prepare(upsertSql(1));
    const series = 'exchange = ? AND symbol = ? AND timeframe = ?';
    this.rangeRows = db
      .prepare<unknown[], RawRow>(`SELECT time, open, high, low, close, volume FROM candles WHERE ${series} AND time >= ? AND time < ? ORDER BY time`)
      .raw(true);
    this.latestRows = db
      .prepare<unknown[], RawRow>(`SELECT time, open, high, low, close, volume FROM candles WHERE ${series} ORDER BY time DESC LIMIT ?`)
      .raw(true);
    this.firstTime = db.prepare<unknown[], number>(`SELECT time FROM candles WHERE ${series} ORDER BY time ASC LIMIT 1`).pluck(true);
    this.lastTime = db.prepare<unknown[], number>(`SELECT time FROM candles WHERE ${series} ORDER BY time DESC LIMIT 1`).pluck(true);
    this.countRows = db.prepare<unknown[], number>(`SELECT count(*) FROM candles WHERE ${series}`).pluck(true);
  }

  upsert(key: SeriesKey, candles: readonly Candle[]): number {
    const step = timeframeMs(key.timeframe);
    for (const candle of candles) assertStorable(candle, step, key);
    const series = { exchange: key.exchange, symbol: key.symbol, timeframe: key.timeframe };
    const write = this.db.transaction(() => {
      const values: number[] = [];
      let index = 0;
      for (; index + ROWS_PER_STATEMENT <= candles.length; index += ROWS_PER_STATEMENT) {
        values.length = 0;
        for (let row = index; row < index + ROWS_PER_STATEMENT; row++) pushValues(values, candles[row]!);
        this.upsertBatch.run(...values, series);
      }
      for (; index < candles.length; index++) {
        const c = candles[index]!;
        this.upsertOne.run(c.time, c.open, c.high, c.low, c.close, c.volume, series);
      }
    });
    // Candles can be fetched again from the venue, so their commits skip the per-commit fsync that
    // orders need (the next FULL commit or checkpoint makes them durable, in order). Only when this is
    // its own transaction: inside a caller's transaction the caller's durability applies.
    if (this.db.inTransaction) {
      write();
    } else {
      this.db.pragma('synchronous=NORMAL');
      try {
        write.immediate();
      } finally {
        this.db.pragma('synchronous=FULL');
      }
    }
    return candles.length;
  }

  range(key: SeriesKey, from: number, to: number): CandleColumns {
    const first = this.firstTime.get(key.exchange, key.symbol, key.timeframe);
    const last = this.lastTime.get(key.exchange, key.symbol, key.timeframe);
    if (first === undefined || last === undefined || to <= from) return allocate(0);
    const lo = Math.max(from, first);
    const hi = Math.min(to - 1, last);
    if (hi < lo) return allocate(0);
    // Bars are aligned to the timeframe (checked on write), so this bounds the row count exactly.
    const step = timeframeMs(key.timeframe);
    let columns = allocate(Math.floor((hi - lo) / step) + 1);
    // The hot loop of every chart load and backtest. Rows come a time slice at a time through `.all()`:
    // one native call per few thousand rows instead of one iterator step per row (the slice keeps the
    // transient row arrays small enough to die young); the arrays are locals, the writes inline.
    let { time, open, high, low, close, volume } = columns;
    const sliceMs = RANGE_SLICE_BARS * step;
    let n = 0;
    for (let start = lo; start <= hi; start += sliceMs) {
      const rows = this.rangeRows.all(key.exchange, key.symbol, key.timeframe, start, Math.min(start + sliceMs, hi + 1));
      if (n + rows.length > time.length) {
        // Only rows written off the timeframe's grid (before writes were checked) can exceed the bound.
        columns = grow(columns, n, n + rows.length);
        ({ time, open, high, low, close, volume } = columns);
      }
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        time[n] = row[0];
        open[n] = row[1];
        high[n] = row[2];
        low[n] = row[3];
        close[n] = row[4];
        volume[n] = row[5];
        n++;
      }
    }
    return trim(columns, 0, n);
  }

  latest(key: SeriesKey, limit: number): CandleColumns {
    const first = this.firstTime.get(key.exchange, key.symbol, key.timeframe);
    const last = this.lastTime.get(key.exchange, key.symbol, key.timeframe);
    if (first === undefined || last === undefined || limit <= 0) return allocate(0);
    const capacity = Math.min(limit, Math.floor((last - first) / timeframeMs(key.timeframe)) + 1);
    const columns = allocate(capacity);
    // Newest first from the index, written back to front so the result is ascending.
    let position = capacity;
    for (const row of this.latestRows.iterate(key.exchange, key.symbol, key.timeframe, capacity)) setRow(columns, --position, row);
    return trim(columns, position, capacity);
  }

  bounds(key: SeriesKey): { first: number; last: number; count: number } | null {
    const first = this.firstTime.get(key.exchange, key.symbol, key.timeframe);
    const last = this.lastTime.get(key.exchange, key.symbol, key.timeframe);
    if (first === undefined || last === undefined) return null;
    return { first, last, count: this.countRows.get(key.exchange, key.symbol, key.timeframe) ?? 0 };
  }
}

/** `@exchange, @symbol, @timeframe` name the series once per statement; each row binds only its six numbers. */
function upsertSql(rows: number): string {
  const row = `(@exchange, @symbol, @timeframe, ${Array.from({ length: VALUES_PER_ROW }, () => '?').join(', ')})`;
  const tuples = Array.from({ length: rows }, () => row);
  return (
    `INSERT INTO candles (exchange, symbol, timeframe, time, open, high, low, close, volume) VALUES ${tuples.join(', ')} ` +
    `ON CONFLICT (exchange, symbol, timeframe, time) DO UPDATE SET ` +
    `open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close, volume = excluded.volume`
  );
}

function pushValues(values: number[], c: Candle): void {
  values.push(c.time, c.open, c.high, c.low, c.close, c.volume);
}

function assertStorable(c: Candle, step: number, key: SeriesKey): void {
  if (!Number.isSafeInteger(c.time) || c.time % step !== 0) {
    throw new StoreError('invalid', `candle time ${c.time} is not the open time of a ${key.timeframe} bar (${key.symbol})`);
  }
  if (![c.open, c.high, c.low, c.close, c.volume].every(Number.isFinite)) {
    throw new StoreError('invalid', `candle at ${new Date(c.time).toISOString()} has a value that is not a finite number (${key.symbol})`);
  }
}

interface MutableColumns {
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

function allocate(n: number): MutableColumns {
  return {
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
}

function setRow(columns: MutableColumns, i: number, row: RawRow): void {
  columns.time[i] = row[0];
  columns.open[i] = row[1];
  columns.high[i] = row[2];
  columns.low[i] = row[3];
  columns.close[i] = row[4];
  columns.volume[i] = row[5];
}

function grow(columns: MutableColumns, used: number, needed: number): MutableColumns {
  const bigger = allocate(Math.max(16, used * 2, needed));
  for (const name of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) bigger[name].set(columns[name]);
  return bigger;
}

/** Returns the [start, end) part; the arrays themselves when it is all of them. */
function trim(columns: MutableColumns, start: number, end: number): CandleColumns {
  if (start === 0 && end === columns.time.length) return columns;
  return {
    time: columns.time.slice(start, end),
    open: columns.open.slice(start, end),
    high: columns.high.slice(start, end),
    low: columns.low.slice(start, end),
    close: columns.close.slice(start, end),
    volume: columns.volume.slice(start, end),
  };
}
