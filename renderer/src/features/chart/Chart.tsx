import { useEffect, useMemo, useRef, useState } from 'react';
import {
  CandlestickSeries,
  createChart,
  CrosshairMode,
  HistogramSeries,
  type CandlestickData,
  type HistogramData,
  type IChartApi,
  type ISeriesApi,
  type UTCTimestamp,
} from 'lightweight-charts';
import { isCommandName } from '../../../../core/api/contract/index';
import type { StrategyLevelView } from '../../../../core/api/contract/live-strategies';
import type { Candle } from '../../../../core/market/candle';
import { api } from '../../api/client';
import { formatPrice } from '../../app/format';
import { useHostStore } from '../../stores/host';
import { useMarketStore, usePriceDecimals } from '../../stores/market';
import { usePreferencesStore } from '../../stores/preferences';
import { useStrategiesStore } from '../../stores/strategies';
import { useTradingStore } from '../../stores/trading';
import { useUiStore } from '../../stores/ui';
import { ChartLegend, type LegendValues } from './ChartLegend';
import { ChartToolbar } from './ChartToolbar';
import { IndicatorLayer } from './IndicatorLayer';
import { fillMarkers, strategyLevels, tradeLevels, type PriceLevel } from './levels';
import { chartThemeOptions } from './theme';
import { TradeOverlay } from './TradeOverlay';
import { useCandleStream, type CandleSink } from './useCandleStream';

const UP = '#26a69a';
const DOWN = '#ef5350';
/** Beyond this many bars the oldest are dropped (in one go), so an all-day session never slows down. */
const MAX_BARS = 200_000;
const TRIM_TO = 150_000;
const NO_LEVELS: StrategyLevelView[] = [];

const toBar = (c: Candle): CandlestickData<UTCTimestamp> => ({ time: (c.time / 1000) as UTCTimestamp, open: c.open, high: c.high, low: c.low, close: c.close });
const toVolume = (c: Candle): HistogramData<UTCTimestamp> => ({ time: (c.time / 1000) as UTCTimestamp, value: c.volume, color: c.close >= c.open ? `${UP}66` : `${DOWN}66` });

interface ChartParts {
  chart: IChartApi;
  candles: ISeriesApi<'Candlestick'>;
  volume: ISeriesApi<'Histogram'>;
  indicators: IndicatorLayer;
  overlay: TradeOverlay;
}

/** The centre of the workspace: candles + volume, indicators, fills and order/position lines. */
export function Chart() {
  const container = useRef<HTMLDivElement>(null);
  const parts = useRef<ChartParts | null>(null);
  const bars = useRef<Candle[]>([]);
  const hovering = useRef(false);
  const symbol = useMarketStore((s) => s.selectedSymbol);
  const decimals = usePriceDecimals(symbol);
  const timeframe = usePreferencesStore((s) => s.timeframe);
  const indicatorIds = usePreferencesStore((s) => s.indicators);
  const theme = usePreferencesStore((s) => s.theme);
  const fills = useTradingStore((s) => s.fills);
  const orders = useTradingStore((s) => s.orders);
  const positions = useTradingStore((s) => s.positions);
  const selectedPositionId = useUiStore((s) => s.selectedPositionId);
  const planned = useStrategiesStore((s) => s.levels[symbol] ?? NO_LEVELS);
  const connected = useHostStore((s) => s.connected);
  const [error, setError] = useState<string | null>(null);
  const [dataVersion, setDataVersion] = useState(0);
  const [legend, setLegend] = useState<LegendValues>({ bar: null, indicators: [] });

  useEffect(() => {
    if (!container.current) return;
    const chart = createChart(container.current, {
      autoSize: true,
      ...chartThemeOptions(),
      timeScale: { ...chartThemeOptions().timeScale, timeVisible: true, secondsVisible: false, rightOffset: 6 },
      crosshair: { ...chartThemeOptions().crosshair, mode: CrosshairMode.Normal },
    });
    const candles = chart.addSeries(CandlestickSeries, { upColor: UP, downColor: DOWN, wickUpColor: UP, wickDownColor: DOWN, borderVisible: false });
    const volume = chart.addSeries(HistogramSeries, { priceScaleId: 'volume', priceFormat: { type: 'volume' }, lastValueVisible: false, priceLineVisible: false });
    chart.priceScale('volume').applyOptions({ scaleMargins: { top: 0.82, bottom: 0 } });
    const indicators = new IndicatorLayer(chart);
    parts.current = { chart, candles, volume, indicators, overlay: new TradeOverlay(candles) };
    chart.subscribeCrosshairMove((param) => {
      const point = param.time !== undefined ? (param.seriesData.get(candles) as CandlestickData<UTCTimestamp> | undefined) : undefined;
      hovering.current = point !== undefined;
      if (!point) {
        const last = bars.current.at(-1) ?? null;
        setLegend({ bar: last, indicators: indicators.legend() });
        return;
      }
      const volumePoint = param.seriesData.get(volume) as HistogramData | undefined;
      setLegend({
        bar: { time: (point.time as number) * 1000, open: point.open, high: point.high, low: point.low, close: point.close, volume: volumePoint?.value ?? 0 },
        indicators: indicators.legend(param.seriesData),
      });
    });
    return () => {
      parts.current?.overlay.dispose();
      chart.remove();
      parts.current = null;
    };
  }, []);

  useEffect(() => {
    parts.current?.chart.applyOptions(chartThemeOptions());
  }, [theme]);

  useEffect(() => {
    parts.current?.candles.applyOptions({ priceFormat: { type: 'price', precision: decimals, minMove: 10 ** -decimals } });
  }, [decimals]);

  const sink = useMemo<CandleSink>(
    () => ({
      reset(history) {
        bars.current = history;
        const p = parts.current;
        if (!p) return;
        p.candles.setData(history.map(toBar));
        p.volume.setData(history.map(toVolume));
        p.chart.timeScale().scrollToRealTime();
        setDataVersion((v) => v + 1);
        setLegend({ bar: history.at(-1) ?? null, indicators: [] });
      },
      apply(bar) {
        const p = parts.current;
        const last = bars.current.at(-1);
        if (!p || (last && bar.time < last.time)) return;
        if (last && last.time === bar.time) bars.current[bars.current.length - 1] = bar;
        else bars.current.push(bar);
        if (bars.current.length > MAX_BARS) {
          this.reset(bars.current.slice(-TRIM_TO));
          return;
        }
        p.candles.update(toBar(bar));
        p.volume.update(toVolume(bar));
        p.indicators.update(bar);
        if (!hovering.current) setLegend({ bar, indicators: p.indicators.legend() });
      },
      prepend(older) {
        const p = parts.current;
        if (!p) return;
        const range = p.chart.timeScale().getVisibleLogicalRange();
        bars.current = [...older, ...bars.current];
        p.candles.setData(bars.current.map(toBar));
        p.volume.setData(bars.current.map(toVolume));
        // Keep the same bars in view: their logical indexes moved right by the bars added before them.
        if (range) p.chart.timeScale().setVisibleLogicalRange({ from: range.from + older.length, to: range.to + older.length });
        setDataVersion((v) => v + 1);
      },
      bars: () => bars.current,
      error: setError,
    }),
    [],
  );
  const stream = useCandleStream(symbol, timeframe, sink);
  const loadOlder = useRef(stream.loadOlder);
  loadOlder.current = stream.loadOlder;

  // Scrolling near the oldest bar loads more history (TradingView-style infinite scroll-back).
  useEffect(() => {
    const timeScale = parts.current?.chart.timeScale();
    if (!timeScale) return;
    const onRange = (range: { from: number; to: number } | null) => {
      if (range && range.from < 50) loadOlder.current();
    };
    timeScale.subscribeVisibleLogicalRangeChange(onRange);
    return () => timeScale.unsubscribeVisibleLogicalRangeChange(onRange);
  }, []);

  useEffect(() => {
    const p = parts.current;
    if (!p) return;
    p.indicators.setIndicators(indicatorIds, bars.current);
    setLegend({ bar: bars.current.at(-1) ?? null, indicators: p.indicators.legend() });
  }, [indicatorIds, dataVersion]);

  useEffect(() => {
    parts.current?.overlay.setMarkers(fillMarkers(symbol, fills, timeframe, bars.current[0]?.time ?? null));
  }, [fills, symbol, timeframe, dataVersion]);

  // The strategies' planned levels of the shown symbol; later changes arrive as `strategies.levels` events.
  useEffect(() => {
    if (!connected || !isCommandName('strategies.levels')) return;
    let current = true;
    api
      .call('strategies.levels', { symbol })
      .then((levels) => current && useStrategiesStore.getState().setLevels(symbol, levels))
      .catch((reason: unknown) => current && setError(`Strategy levels could not be loaded: ${reason instanceof Error ? reason.message : String(reason)}`));
    return () => {
      current = false;
    };
  }, [symbol, connected]);

  const lines = useMemo<PriceLevel[]>(() => {
    const onSymbol = positions.filter((p) => p.symbol === symbol);
    const position = onSymbol.find((p) => p.id === selectedPositionId) ?? onSymbol[0];
    return [...tradeLevels(symbol, Object.values(orders), position), ...strategyLevels(planned)];
  }, [orders, positions, selectedPositionId, symbol, planned]);

  useEffect(() => {
    parts.current?.overlay.setLevels(lines);
  }, [lines]);

  return (
    <section className="chart-panel panel" aria-label={`${symbol} chart`}>
      <ChartToolbar />
      {error ? (
        <p role="alert" className="panel-error">
          {error}
        </p>
      ) : null}
      <div className="chart-area">
        <div className="chart-canvas" ref={container} data-testid="chart" />
        <ChartLegend symbol={symbol} values={legend} decimals={decimals} />
        {/* The price lines are drawn on a canvas; this list tells screen readers (and tests) what they are. */}
        <ul className="visually-hidden" aria-label="Price lines">
          {lines.map((line, index) => (
            <li key={index}>
              {line.title} at {formatPrice(line.price, decimals)}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
