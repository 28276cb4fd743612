import type { OHLCV } from 'ccxt';
import type { Candle, MarketSymbol, Timeframe } from '../market/candle.js';
import type { LiveCandleSource, MarketInfo } from '../market/candle-source.js';
import { CcxtExchange } from './ccxt-exchange.js';
import { mapCcxtError } from './error-map.js';

/**
 * A venue's candles through ccxt: REST fetchOHLCV (retried like every read) and, where ccxt.pro
 * supports it, watchOHLCV. Public data needs no credentials. Shares the account's ccxt client,
 * so market data and trading spend the same request budget.
 */
export class CcxtCandleSource implements LiveCandleSource {
  readonly exchange: string;
  readonly label: string;
  readonly supportsWebsocket: boolean;
  readonly maxCandlesPerRequest: number;

  constructor(private readonly venue: CcxtExchange) {
    this.exchange = venue.id;
    this.label = venue.client.name ?? venue.id;
    this.supportsWebsocket = venue.capabilities.websocket;
    const features = venue.client.features as { spot?: { fetchOHLCV?: { limit?: number } } } | undefined;
    this.maxCandlesPerRequest = features?.spot?.fetchOHLCV?.limit ?? 500;
  }

  async markets(): Promise<readonly MarketInfo[]> {
    const rules = await this.venue.loadMarkets();
    return [...rules.values()].map((rule) => ({ symbol: rule.symbol, priceStep: rule.priceStep }));
  }

  async fetchCandles(symbol: MarketSymbol, timeframe: Timeframe, since: number | undefined, limit: number): Promise<Candle[]> {
    const rows = await this.venue.read(() => this.venue.client.fetchOHLCV(symbol, timeframe, since, limit));
    return toCandles(rows);
  }

  async watchCandles(symbol: MarketSymbol, timeframe: Timeframe): Promise<Candle[]> {
    // Not retried: a failing stream is the caller's cue to fall back to polling.
    const rows = await this.venue.client.watchOHLCV(symbol, timeframe).catch((error: unknown) => Promise.reject(mapCcxtError(error, 'read')));
    return toCandles(rows);
  }

  close(): Promise<void> {
    return this.venue.close();
  }
}

function toCandles(rows: readonly OHLCV[]): Candle[] {
  const candles: Candle[] = [];
  for (const row of rows) {
    const [time, open, high, low, close, volume] = row;
    if ([time, open, high, low, close].some((v) => typeof v !== 'number' || !Number.isFinite(v))) continue;
    candles.push({ time: time!, open: open!, high: high!, low: low!, close: close!, volume: typeof volume === 'number' && Number.isFinite(volume) ? volume : 0 });
  }
  return candles;
}
