import type { KrakenPair } from './kraken-fixtures.js';
import { invalidArguments } from './kraken-rules.js';
import type { MinuteBars } from './venue-candles.js';

/**
 * GET /0/public/OHLC (https://docs.kraken.com/api/docs/rest-api/get-ohlc-data): `pair` (required),
 * `interval` in minutes — one of 1, 5, 15, 30, 60, 240, 1440, 10080, 21600, default 1 — `since`
 * (UNIX seconds: entries after it) and `asset_class`. The result holds the pair's entries
 * `[time, open, high, low, close, vwap, volume, count]` (time in seconds, decimals as strings) and
 * `last`, the time of the newest committed entry, to pass as `since` when polling. "The last entry
 * in the OHLC array is for the current, not-yet-committed timeframe, and will always be present,
 * regardless of the value of since"; "Returns up to 720 of the most recent entries". An unknown pair
 * is EQuery:Unknown asset pair (from the pair lookup), any other interval EGeneral:Invalid arguments.
 */
export const KRAKEN_OHLC_PARAMS = ['pair', 'interval', 'since', 'asset_class'];
const INTERVALS = [1, 5, 15, 30, 60, 240, 1440, 10080, 21600];
const MAX_ENTRIES = 720;

export function ohlcResult(params: Readonly<Record<string, string>>, pairOf: (id: string) => KrakenPair, bars: MinuteBars): Record<string, unknown> {
  if (!params['pair']) throw invalidArguments('pair');
  const pair = pairOf(params['pair']);
  const interval = params['interval'] === undefined ? 1 : Number(params['interval']);
  if (!/^\d+$/.test(params['interval'] ?? '1') || !INTERVALS.includes(interval)) throw invalidArguments('interval');
  if (params['since'] !== undefined && !/^\d+$/.test(params['since'])) throw invalidArguments('since');
  if (params['asset_class'] !== undefined && params['asset_class'] !== 'tokenized_asset') throw invalidArguments('asset_class');
  const all = bars.of(pair.id, interval).slice(-MAX_ENTRIES);
  const current = all.at(-1);
  const since = params['since'] !== undefined ? Number(params['since']) * 1000 : -Infinity;
  const committed = all.slice(0, -1).filter((c) => c.time > since);
  const price = (value: number) => value.toFixed(pair.pairDecimals);
  const rows = [...committed, ...(current ? [current] : [])].map((c) => [c.time / 1000, price(c.open), price(c.high), price(c.low), price(c.close), price((c.high + c.low + c.close) / 3), c.volume.toFixed(8), 3]);
  const newestCommitted = all.at(-2);
  return { [pair.id]: rows, last: newestCommitted ? newestCommitted.time / 1000 : 0 };
}

/**
 * GET /0/public/Depth (https://docs.kraken.com/api/docs/rest-api/get-order-book): `pair` (required),
 * `count` 1–500 (default 100), `asset_class`. The result holds the pair's `asks` and `bids`, each
 * `[price, volume, timestamp]`. The stub's own book: levels one tick apart around the last price.
 */
export const KRAKEN_DEPTH_PARAMS = ['pair', 'count', 'asset_class'];

export function depthResult(params: Readonly<Record<string, string>>, pairOf: (id: string) => KrakenPair, last: (pair: KrakenPair) => number, now: number): Record<string, unknown> {
  if (!params['pair']) throw invalidArguments('pair');
  const pair = pairOf(params['pair']);
  const count = params['count'] === undefined ? 100 : Number(params['count']);
  if (!/^\d+$/.test(params['count'] ?? '100') || count < 1 || count > 500) throw invalidArguments('count');
  const levels = Math.min(count, STUB_LEVELS);
  const tick = Number(pair.tickSize);
  const level = (offset: number) => [(last(pair) + offset * tick).toFixed(pair.pairDecimals), '5.00000000', Math.floor(now / 1000)];
  return { [pair.id]: { asks: Array.from({ length: levels }, (_, i) => level(i + 1)), bids: Array.from({ length: levels }, (_, i) => level(-(i + 1))) } };
}

/** Levels on each side of the stub's book. */
const STUB_LEVELS = 5;
