import { useEffect } from 'react';
import { timeframeMs, type Candle, type Timeframe } from '../../../../core/market/candle';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';

export interface CandleSink {
  /** The full history for a (symbol, timeframe): replaces whatever was drawn. */
  reset(bars: Candle[]): void;
  /** The newest bar: same time revises the forming bar, a later time appends. */
  apply(bar: Candle): void;
  error(message: string | null): void;
}

const HISTORY_BARS = 5_000;

function columnsToCandles(candles: { time: number[]; open: number[]; high: number[]; low: number[]; close: number[]; volume: number[] }): Candle[] {
  const bars: Candle[] = new Array(candles.time.length);
  for (let i = 0; i < candles.time.length; i++) {
    bars[i] = { time: candles.time[i]!, open: candles.open[i]!, high: candles.high[i]!, low: candles.low[i]!, close: candles.close[i]!, volume: candles.volume[i]! };
  }
  return bars;
}

/**
 * History from the core, then live bars. Live updates arrive as 1m bars; on higher timeframes the
 * forming bar is re-read from the core (which rolls up exactly as the store does), at most one
 * request in flight so a fast market never queues requests.
 */
export function useCandleStream(symbol: string, timeframe: Timeframe, sink: CandleSink): void {
  useEffect(() => {
    let cancelled = false;
    let loaded = false;
    const pending: Candle[] = [];
    const minute = timeframeMs(timeframe) === 60_000;
    let inFlight = false;
    let dirty = false;

    const refreshForming = async () => {
      if (inFlight) {
        dirty = true;
        return;
      }
      inFlight = true;
      try {
        do {
          dirty = false;
          const { candles } = await api.call('market.history', { symbol, timeframe, limit: 2 });
          if (cancelled) return;
          for (const bar of columnsToCandles(candles)) sink.apply(bar);
        } while (dirty && !cancelled);
      } catch (reason) {
        if (!cancelled) sink.error(describeError(reason));
      } finally {
        inFlight = false;
      }
    };

    const unsubscribe = api.on('market.candles', ({ updates }) => {
      let touched = false;
      for (const update of updates) {
        if (update.symbol !== symbol || update.timeframe !== '1m') continue;
        touched = true;
        if (!loaded) pending.push(update.candle);
        else if (minute) sink.apply(update.candle);
      }
      if (touched && loaded && !minute) void refreshForming();
    });

    sink.error(null);
    api
      .call('market.history', { symbol, timeframe, limit: HISTORY_BARS })
      .then(({ candles }) => {
        if (cancelled) return;
        sink.reset(columnsToCandles(candles));
        loaded = true;
        if (minute) for (const bar of pending.splice(0)) sink.apply(bar);
        else void refreshForming();
      })
      .catch((reason: unknown) => {
        if (!cancelled) sink.error(`Could not load ${symbol} ${timeframe}: ${describeError(reason)}`);
      });
    return () => {
      cancelled = true;
      unsubscribe();
    };
    // The sink is a stable object owned by the chart; only symbol and timeframe restart the stream.
  }, [symbol, timeframe, sink]);
}
