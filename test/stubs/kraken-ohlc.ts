import type { Candle } from '../../core/market/candle.js';
import type { KrakenPair } from './kraken-fixtures.js';
import { invalidArguments } from './kraken-rules.js';

/**
 * Kraken's public OHLC endpoint, `GET /0/public/OHLC` (docs.kraken.com/api/docs/rest-api/get-ohlc-data):
 * `pair` (required), `interval` in minutes — one of 1, 5, 15, 30, 60, 240, 1440, 10080, 21600, default 1 —
 * and `since` (unix seconds). The answer keys the rows by the pair's name, each row
 * `[time (s), "open", "high", "low", "close", "vwap", "volume", count]` with prices at the pair's
 * decimals, at most the 720 most recent rows, plus `last` (the id to poll from next).
 */
const INTERVALS = [1, 5, 15, 30, 60, 240, 1440, 10080, 21600];
const MAX_ROWS = 720;

export class KrakenOhlc {
  private readonly minutes = new Map<string, Candle[]>();

  /** The pair's 1m bars (other intervals are rolled up from them). */
  set(pairId: string, candles: readonly Candle[]): void {
    this.minutes.set(pairId, [...candles].sort((a, b) => a.time - b.time));
  }

  body(pair: KrakenPair, params: Readonly<Record<string, string>>): Record<string, unknown> {
    const interval = params['interval'] === undefined ? 1 : Number(params['interval']);
    if (!INTERVALS.includes(interval)) throw invalidArguments('interval');
    const since = params['since'] === undefined ? -Infinity : Number(params['since']);
    if (!Number.isFinite(since) && params['since'] !== undefined) throw invalidArguments('since');
    const bars = rollUp(this.minutes.get(pair.id) ?? [], interval * 60_000).filter((bar) => bar.time / 1000 > since).slice(-MAX_ROWS);
    const price = (value: number) => value.toFixed(pair.pairDecimals);
    const rows = bars.map((bar) => [bar.time / 1000, price(bar.open), price(bar.high), price(bar.low), price(bar.close), price((bar.high + bar.low + bar.close) / 3), bar.volume.toFixed(8), 1]);
    return { [pair.id]: rows, last: bars.length > 0 ? bars[bars.length - 1]!.time / 1000 : Math.max(0, since) };
  }
}

function rollUp(minutes: readonly Candle[], spanMs: number): Candle[] {
  if (spanMs === 60_000) return [...minutes];
  const out: Candle[] = [];
  for (const bar of minutes) {
    const start = Math.floor(bar.time / spanMs) * spanMs;
    const last = out[out.length - 1];
    if (last && last.time === start) out[out.length - 1] = { ...last, high: Math.max(last.high, bar.high), low: Math.min(last.low, bar.low), close: bar.close, volume: last.volume + bar.volume };
    else out.push({ ...bar, time: start });
  }
  return out;
}
