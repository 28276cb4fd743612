import { describe, expect, it } from 'vitest';
import { paperMarketRules } from '../../../core/accounts/paper-markets.js';
import type { Candle, MarketSymbol, Timeframe } from '../../../core/market/candle.js';
import type { LiveCandleSource, MarketInfo } from '../../../core/market/candle-source.js';
import { ExchangeFeed } from '../../../core/market/exchange-feed.js';
import { rollupCandles } from '../../../core/market/rollup.js';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from '../../../core/market/simulator.js';
import { ReadinessScanner } from '../../../core/scanner/readiness-scanner.js';
import { StrategyRegistry } from '../../../core/strategies/registry.js';

const NOW = Date.UTC(2025, 5, 20, 12, 0);
const DAYS = 20;

/** A venue's REST market data: the newest `limit` bars (at most 1000 a request, as Binance), the forming one last. */
class Venue implements LiveCandleSource {
  readonly exchange = 'binance';
  readonly label = 'Binance';
  readonly supportsWebsocket = false;
  readonly maxCandlesPerRequest = 1_000;
  readonly minutes = simulateCandles(DEFAULT_SIMULATED_SYMBOLS[0]!, 3, NOW - DAYS * 86_400_000, DAYS * 1_440 + 1);
  async markets(): Promise<readonly MarketInfo[]> {
    return [{ symbol: 'BTC/USDT', priceStep: 0.01 }];
  }
  async fetchCandles(_symbol: MarketSymbol, timeframe: Timeframe, _since: number | undefined, limit: number): Promise<Candle[]> {
    return rollupCandles(this.minutes, timeframe).candles.slice(-Math.min(limit, this.maxCandlesPerRequest));
  }
  watchCandles(): Promise<Candle[]> {
    return Promise.reject(new Error('no websocket'));
  }
  async close(): Promise<void> {}
}

/**
 * The Scanner warms its engines up as a running configuration does (core/runner/warm-up.ts): on a venue
 * whose feed holds 1,000 1m bars, ema-trend's default EMA 333 on 1h is worked out from the venue's 1h bars,
 * so the row lists the parts of its score rather than nothing.
 */
describe('the readiness scanner on a venue feed', () => {
  it('scores ema-trend (defaults: EMA 333 on 1h) from the venue’s own 1h bars', async () => {
    const feed = new ExchangeFeed({ source: new Venue(), symbols: ['BTC/USDT'], historyMinutes: 1_000, now: () => NOW });
    await feed.start();
    try {
      const scan = new ReadinessScanner({
        strategies: () => StrategyRegistry.builtins().registered().filter((entry) => entry.definition.name === 'ema-trend'),
        symbols: () => ['BTC/USDT'],
        feed: () => feed,
        rules: (symbol) => paperMarketRules(symbol, 0.01, 64_000),
        onCandle: () => () => undefined,
      });
      const [row] = await scan.rows();
      expect(row).toMatchObject({ strategy: 'ema-trend', symbol: 'BTC/USDT', problem: null });
      expect(Object.keys(row!.components)).toEqual(['mid EMA above slow', 'slow EMA above base', 'close above slow EMA', 'close above mid EMA', 'momentum']);
      scan.invalidate();
    } finally {
      await feed.stop();
    }
  });
});
