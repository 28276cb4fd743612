import type { BybitInstrument } from './bybit-fixtures.js';
import { paramsError } from './bybit-rules.js';
import type { MinuteBars } from './venue-candles.js';

/**
 * GET /v5/market/kline (https://bybit-exchange.github.io/docs/v5/market/kline): `category` (spot,
 * linear, inverse; "When category is not passed, use linear by default"), `symbol` and `interval`
 * (1, 3, 5, 15, 30, 60, 120, 240, 360, 720, D, W, M) required, `start` / `end` in ms, `limit`
 * [1, 1000] default 200. The result is `{symbol, category, list}` with entries
 * `[startTime, openPrice, highPrice, lowPrice, closePrice, volume, turnover]` as strings, "sort in
 * reverse by startTime". Refusals are 10001 (params) like every v5 request; this venue lists linear
 * instruments only, so another category finds no such symbol.
 */
const MINUTES: Readonly<Record<string, number>> = { '1': 1, '3': 3, '5': 5, '15': 15, '30': 30, '60': 60, '120': 120, '240': 240, '360': 360, '720': 720, D: 1440, W: 10080 };
const INTERVALS = [...Object.keys(MINUTES), 'M'];

export function klineResult(params: Readonly<Record<string, unknown>>, instrumentOf: (symbol: unknown) => BybitInstrument, bars: MinuteBars, now: number): Record<string, unknown> {
  const category = params['category'] ?? 'linear';
  if (!['spot', 'linear', 'inverse'].includes(String(category))) throw paramsError(`category '${String(category)}' invalid`);
  if (category !== 'linear') throw paramsError(`symbol '${String(params['symbol'])}' is not listed in category ${String(category)}`);
  const instrument = instrumentOf(params['symbol']);
  const interval = String(params['interval']);
  if (!INTERVALS.includes(interval)) throw paramsError(`interval '${interval}' invalid: one of ${INTERVALS.join(', ')}`);
  const whole = (name: string, fallback: number) => {
    const value = params[name];
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(String(value))) throw paramsError(`'${name}' must be a whole number`);
    return Number(value);
  };
  const limit = whole('limit', 200);
  if (limit < 1 || limit > 1000) throw paramsError(`limit ${limit} is not within [1, 1000]`);
  const start = whole('start', 0);
  const end = whole('end', now);
  if (start > end) throw paramsError('start must not be after end');
  const candles = interval === 'M' ? monthly(bars.of(instrument.symbol, 1)) : bars.of(instrument.symbol, MINUTES[interval]!);
  const picked = candles.filter((c) => c.time >= start && c.time <= end).slice(-limit);
  const scale = Number(instrument.priceScale);
  const price = (value: number) => value.toFixed(scale);
  const list = picked.reverse().map((c) => [String(c.time), price(c.open), price(c.high), price(c.low), price(c.close), String(c.volume), (c.volume * c.close).toFixed(4)]);
  return { symbol: instrument.symbol, category: 'linear', list };
}

/** Calendar-month bars (UTC) from minutes. */
function monthly(minutes: ReturnType<MinuteBars['of']>): ReturnType<MinuteBars['of']> {
  const months = new Map<number, (typeof minutes)[number]>();
  for (const m of minutes) {
    const date = new Date(m.time);
    const time = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
    const b = months.get(time);
    months.set(time, b ? { time, open: b.open, high: Math.max(b.high, m.high), low: Math.min(b.low, m.low), close: m.close, volume: b.volume + m.volume } : { ...m, time });
  }
  return [...months.values()];
}

/**
 * GET /v5/market/orderbook (https://bybit-exchange.github.io/docs/v5/market/orderbook): `category`
 * and `symbol` required, `limit` for linear [1, 500] (default 25). The result is `{s, b, a, ts, u,
 * seq, cts}` with `[price, size]` strings, bids best first. The stub's own book: levels one tick apart
 * around the last price.
 */
export function orderbookResult(params: Readonly<Record<string, unknown>>, instrumentOf: (symbol: unknown) => BybitInstrument, last: number, now: number): Record<string, unknown> {
  if (params['category'] !== 'linear') throw paramsError(`category '${String(params['category'])}': this venue lists linear instruments only`);
  const instrument = instrumentOf(params['symbol']);
  const limit = params['limit'] === undefined ? 25 : Number(params['limit']);
  if (!/^\d+$/.test(String(params['limit'] ?? '25')) || limit < 1 || limit > 500) throw paramsError(`limit ${String(params['limit'])} is not within [1, 500]`);
  const levels = Math.min(limit, 5);
  const tick = Number(instrument.tickSize);
  const scale = Number(instrument.priceScale);
  const level = (offset: number) => [(last + offset * tick).toFixed(scale), '5'];
  return { s: instrument.symbol, b: Array.from({ length: levels }, (_, i) => level(-(i + 1))), a: Array.from({ length: levels }, (_, i) => level(i + 1)), ts: now, u: 1, seq: 1, cts: now };
}
