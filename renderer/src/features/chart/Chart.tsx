import { useEffect, useRef, useState } from 'react';
import {
  CandlestickSeries,
  ColorType,
  createChart,
  HistogramSeries,
  type CandlestickData,
  type HistogramData,
  type IChartApi,
  type ISeriesApi,
  type UTCTimestamp,
} from 'lightweight-charts';
import type { Candle } from '../../../../core/market/candle';
import { timeframeMs } from '../../../../core/market/candle';
import { api } from '../../api/client';
import { useMarketStore } from '../../stores/market';

const UP = '#26a69a';
const DOWN = '#ef5350';

function toBar(candle: Candle): CandlestickData<UTCTimestamp> {
  return { time: (candle.time / 1000) as UTCTimestamp, open: candle.open, high: candle.high, low: candle.low, close: candle.close };
}

function toVolume(candle: Candle): HistogramData<UTCTimestamp> {
  return { time: (candle.time / 1000) as UTCTimestamp, value: candle.volume, color: candle.close >= candle.open ? `${UP}80` : `${DOWN}80` };
}

/** Candles + volume for the selected symbol: history from the core, then live updates. */
export function Chart() {
  const container = useRef<HTMLDivElement>(null);
  const chartRef = useRef<IChartApi | null>(null);
  const candlesRef = useRef<ISeriesApi<'Candlestick'> | null>(null);
  const volumeRef = useRef<ISeriesApi<'Histogram'> | null>(null);
  const symbol = useMarketStore((s) => s.selectedSymbol);
  const timeframe = useMarketStore((s) => s.timeframe);
  const decimals = useMarketStore((s) => s.rows.find((row) => row.symbol === s.selectedSymbol)?.priceDecimals ?? 2);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!container.current) return;
    const chart = createChart(container.current, {
      autoSize: true,
      layout: { background: { type: ColorType.Solid, color: 'transparent' }, textColor: '#c9d1d9', attributionLogo: false },
      grid: { vertLines: { color: '#21262d' }, horzLines: { color: '#21262d' } },
      timeScale: { timeVisible: true, secondsVisible: false, borderColor: '#30363d' },
      rightPriceScale: { borderColor: '#30363d' },
      crosshair: { mode: 0 },
    });
    candlesRef.current = chart.addSeries(CandlestickSeries, { upColor: UP, downColor: DOWN, wickUpColor: UP, wickDownColor: DOWN, borderVisible: false });
    volumeRef.current = chart.addSeries(HistogramSeries, { priceScaleId: 'volume', priceFormat: { type: 'volume' }, lastValueVisible: false });
    chart.priceScale('volume').applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
    chartRef.current = chart;
    return () => {
      chart.remove();
      chartRef.current = null;
      candlesRef.current = null;
      volumeRef.current = null;
    };
  }, []);

  useEffect(() => {
    candlesRef.current?.applyOptions({ priceFormat: { type: 'price', precision: decimals, minMove: 10 ** -decimals } });
  }, [decimals]);

  useEffect(() => {
    let cancelled = false;
    // Live updates arrive as 1m bars; on higher timeframes the forming bar is re-read from the core,
    // which rolls up exactly as the store does (volume sums need every minute).
    const step = timeframeMs(timeframe);
    let lastBar: Candle | null = null;
    const pending: Candle[] = [];
    let loaded = false;

    const applyMinute = (minute: Candle) => {
      if (lastBar && minute.time < lastBar.time) return;
      candlesRef.current?.update(toBar(minute));
      volumeRef.current?.update(toVolume(minute));
      lastBar = minute;
    };

    const unsubscribe = api.on('market.candles', ({ updates }) => {
      for (const update of updates) {
        if (update.symbol !== symbol || update.timeframe !== '1m') continue;
        if (!loaded) pending.push(update.candle);
        else if (step === 60_000) applyMinute(update.candle);
      }
      if (loaded && step > 60_000 && updates.some((u) => u.symbol === symbol)) void refreshLast();
    });

    const refreshLast = async () => {
      const { candles } = await api.call('market.history', { symbol, timeframe, limit: 2 });
      if (cancelled) return;
      for (let i = 0; i < candles.time.length; i++) {
        const bar: Candle = { time: candles.time[i]!, open: candles.open[i]!, high: candles.high[i]!, low: candles.low[i]!, close: candles.close[i]!, volume: candles.volume[i]! };
        if (lastBar && bar.time < lastBar.time) continue;
        candlesRef.current?.update(toBar(bar));
        volumeRef.current?.update(toVolume(bar));
        lastBar = bar;
      }
    };

    setError(null);
    api
      .call('market.history', { symbol, timeframe, limit: 2_000 })
      .then(({ candles }) => {
        if (cancelled) return;
        const bars: Candle[] = [];
        for (let i = 0; i < candles.time.length; i++) {
          bars.push({ time: candles.time[i]!, open: candles.open[i]!, high: candles.high[i]!, low: candles.low[i]!, close: candles.close[i]!, volume: candles.volume[i]! });
        }
        candlesRef.current?.setData(bars.map(toBar));
        volumeRef.current?.setData(bars.map(toVolume));
        lastBar = bars.at(-1) ?? null;
        loaded = true;
        if (step === 60_000) for (const minute of pending.splice(0)) applyMinute(minute);
        chartRef.current?.timeScale().scrollToRealTime();
      })
      .catch((reason: unknown) => {
        if (!cancelled) setError(reason instanceof Error ? reason.message : String(reason));
      });
    return () => {
      cancelled = true;
      unsubscribe();
    };
  }, [symbol, timeframe]);

  return (
    <section className="chart-panel" aria-label={`${symbol} chart`}>
      <header className="panel-header">
        <h2>{symbol}</h2>
        <span className="muted">{timeframe}</span>
      </header>
      {error ? <p role="alert" className="error">Could not load {symbol}: {error}</p> : null}
      <div className="chart-canvas" ref={container} data-testid="chart" />
    </section>
  );
}
