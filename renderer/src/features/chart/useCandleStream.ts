import { useEffect, useRef, useState } from 'react';
import { timeframeMs, type Candle, type Timeframe } from '../../../../core/market/candle';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { useHostStore } from '../../stores/host';
import { firstHistory, HISTORY_BARS } from './first-history';

export interface CandleSink {
  /** The full history for a (symbol, timeframe): replaces whatever was drawn. */
  reset(bars: Candle[]): void;
  /** The newest bar: same time revises the forming bar, a later time appends. */
  apply(bar: Candle): void;
  /** Older history, loaded when the trader scrolls back; every bar is older than the first shown. */
  prepend(bars: Candle[]): void;
  /** The bars currently shown (oldest first). */
  bars(): readonly Candle[];
  error(message: string | null): void;
}

/**
 * Counts the market sources the terminal has switched between: the chart reads its history afresh when
 * this changes. The first source the core reports is not a switch — the history asked for at start-up
 * (first-history.ts) already came from it; restarting then asked for the same 5,000 bars a second time.
 */
export function useMarketSourceGeneration(): number {
  const label = useHostStore((s) => s.status?.dataSource.label ?? null);
  const [seen, setSeen] = useState<{ label: string | null; generation: number }>({ label, generation: 0 });
  if (label !== null && label !== seen.label) {
    const next = { label, generation: seen.label === null ? seen.generation : seen.generation + 1 };
    setSeen(next);
    return next.generation;
  }
  return seen.generation;
}

/** Scrolling back loads up to this many bars in total (the core serves up to 500k). */
const MAX_HISTORY_BARS = 300_000;

function columnsToCandles(candles: { time: number[]; open: number[]; high: number[]; low: number[]; close: number[]; volume: number[] }): Candle[] {
  const bars: Candle[] = new Array(candles.time.length);
  for (let i = 0; i < candles.time.length; i++) {
    bars[i] = { time: candles.time[i]!, open: candles.open[i]!, high: candles.high[i]!, low: candles.low[i]!, close: candles.close[i]!, volume: candles.volume[i]! };
  }
  return bars;
}

/** `bar` applied to `bars` as the chart applies a live bar: the same time revises the last bar, a later one appends. */
function withLiveBar(bars: Candle[], bar: Candle): void {
  const last = bars.at(-1);
  if (last && bar.time < last.time) return;
  if (last && bar.time === last.time) bars[bars.length - 1] = bar;
  else bars.push(bar);
}

/**
 * History from the core, then live bars. Live updates arrive as 1m bars; on higher timeframes the
 * forming bar is re-read from the core (which rolls up exactly as the store does), at most one
 * request in flight so a fast market never queues requests.
 */
export function useCandleStream(symbol: string, timeframe: Timeframe, sink: CandleSink, source: number): { loadOlder(): void } {
  const older = useRef<() => void>(() => undefined);
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

    // Scroll-back: ask for a longer tail (the API has no "before"), keep only what is older.
    let requested = HISTORY_BARS;
    let exhausted = false;
    let loadingOlder = false;
    older.current = () => {
      if (!loaded || loadingOlder || exhausted || requested >= MAX_HISTORY_BARS) return;
      loadingOlder = true;
      requested = Math.min(MAX_HISTORY_BARS, requested * 4);
      api
        .call('market.history', { symbol, timeframe, limit: requested })
        .then(({ candles }) => {
          if (cancelled) return;
          const first = sink.bars()[0]?.time ?? Infinity;
          const all = columnsToCandles(candles);
          const extra = all.filter((bar) => bar.time < first);
          if (all.length < requested) exhausted = true;
          if (extra.length > 0) sink.prepend(extra);
          else exhausted = true;
        })
        .catch((reason: unknown) => !cancelled && sink.error(`Could not load older ${symbol} history: ${describeError(reason)}`))
        .finally(() => {
          loadingOlder = false;
        });
    };

    sink.error(null);
    firstHistory(symbol, timeframe)
      .then(({ history: { candles }, since }) => {
        if (cancelled) return;
        const bars = columnsToCandles(candles);
        exhausted = bars.length < HISTORY_BARS;
        // The live 1m bars that came while the history was on its way join it before it is drawn (one
        // `setData`, not one chart update each). `since` (a prefetched answer's) and `pending` overlap:
        // an older bar changes nothing, a repeated one revises the forming bar.
        if (minute) for (const bar of [...since, ...pending.splice(0)]) withLiveBar(bars, bar);
        sink.reset(bars);
        loaded = true;
        if (!minute) void refreshForming();
      })
      .catch((reason: unknown) => {
        if (!cancelled) sink.error(`Could not load ${symbol} ${timeframe}: ${describeError(reason)}`);
      });
    return () => {
      cancelled = true;
      unsubscribe();
      older.current = () => undefined;
    };
    // The sink is a stable object owned by the chart; symbol, timeframe and the market source (another
    // exchange has other candles) restart the stream.
  }, [symbol, timeframe, sink, source]);
  return { loadOlder: () => older.current() };
}
