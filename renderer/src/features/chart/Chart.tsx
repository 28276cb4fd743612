import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { CandlestickSeries, createChart, CrosshairMode, HistogramSeries, type CandlestickData, type HistogramData, type IChartApi, type ISeriesApi, type LogicalRange, type UTCTimestamp } from 'lightweight-charts';
import { isCommandName } from '../../../../core/api/contract/index';
import type { StrategyLevelView } from '../../../../core/api/contract/live-strategies';
import { api } from '../../api/client';
import { chartShown } from '../../app/chart-first';
import { formatPrice } from '../../app/format';
import { useHostStore } from '../../stores/host';
import { useMarketStore, usePriceDecimals } from '../../stores/market';
import { usePreferencesStore } from '../../stores/preferences';
import { useStrategiesStore } from '../../stores/strategies';
import { useTradingStore } from '../../stores/trading';
import { useUiStore } from '../../stores/ui';
import { ChartLegend } from './ChartLegend';
import { ChartToolbar } from './ChartToolbar';
import { ChartWindow } from './ChartWindow';
import { OrderLineHandles } from './OrderLineDrag';
import { LegendFeed } from './legend-feed';
import { fillMarkers, strategyLevels, tradeLevels, type PriceLevel } from './levels';
import { useChartSettingsStore } from './chart-settings';
import { chartThemeOptions } from './theme';
import { TradeOverlay } from './TradeOverlay';
import { useCandleStream, useMarketSourceGeneration, type CandleSink } from './useCandleStream';
import { useChartTools } from './useChartTools';
import { marketPriceFormat } from './price-format';

const UP = '#26a69a';
const DOWN = '#ef5350';
const NO_LEVELS: StrategyLevelView[] = [];

interface ChartParts {
  chart: IChartApi;
  candles: ISeriesApi<'Candlestick'>;
  data: ChartWindow;
  overlay: TradeOverlay;
}

/** The centre of the workspace: candles + volume, indicators, fills and order/position lines. */
export function Chart() {
  const container = useRef<HTMLDivElement>(null);
  const parts = useRef<ChartParts | null>(null);
  const hovering = useRef(false);
  const symbol = useMarketStore((s) => s.selectedSymbol);
  const decimals = usePriceDecimals(symbol);
  const timeframe = usePreferencesStore((s) => s.timeframe);
  const indicatorIds = usePreferencesStore((s) => s.indicators);
  const indicatorSettings = useChartSettingsStore((s) => s.indicators);
  const theme = usePreferencesStore((s) => s.theme);
  const fills = useTradingStore((s) => s.fills);
  const orders = useTradingStore((s) => s.orders);
  const positions = useTradingStore((s) => s.positions);
  const selectedPositionId = useUiStore((s) => s.selectedPositionId);
  const planned = useStrategiesStore((s) => s.levels[symbol] ?? NO_LEVELS);
  const connected = useHostStore((s) => s.connected);
  const source = useMarketSourceGeneration();
  const [error, setError] = useState<string | null>(null);
  const [windowVersion, setWindowVersion] = useState(0);
  // The legend follows ticks and the crosshair through its own feed: a tick re-renders only the legend.
  const [legend] = useState(() => new LegendFeed());

  useEffect(() => {
    if (!container.current) return;
    const chart = createChart(container.current, {
      autoSize: true,
      ...chartThemeOptions(),
      timeScale: { ...chartThemeOptions().timeScale, timeVisible: true, secondsVisible: false, rightOffset: 6 },
      crosshair: { ...chartThemeOptions().crosshair, mode: CrosshairMode.Normal },
      handleScale: { axisDoubleClickReset: { time: false, price: true } },
    });
    const candles = chart.addSeries(CandlestickSeries, { upColor: UP, downColor: DOWN, wickUpColor: UP, wickDownColor: DOWN, borderVisible: false });
    const volume = chart.addSeries(HistogramSeries, { priceScaleId: 'volume', priceFormat: { type: 'volume' }, lastValueVisible: false, priceLineVisible: false });
    chart.priceScale('volume').applyOptions({ scaleMargins: { top: 0.82, bottom: 0 } });
    const data = new ChartWindow(
      chart,
      candles,
      volume,
      () => setWindowVersion((v) => v + 1),
      () => loadOlder.current(),
      () => legend.show(() => ({ bar: data.bars().at(-1) ?? null, indicators: data.indicators.legend() })),
    );
    const indicators = data.indicators;
    parts.current = { chart, candles, data, overlay: new TradeOverlay(candles) };
    // A double-click on the time axis goes back to the live edge (the series may hold an older window).
    const element = container.current;
    const onDoubleClick = (event: MouseEvent) => {
      if (event.clientY >= element.getBoundingClientRect().bottom - chart.timeScale().height()) data.showLatest();
    };
    element.addEventListener('dblclick', onDoubleClick);
    const onPress = () => data.setDragging(true);
    const onRelease = () => data.setDragging(false);
    element.addEventListener('pointerdown', onPress);
    window.addEventListener('pointerup', onRelease);
    chart.subscribeCrosshairMove((param) => {
      const point = param.time !== undefined ? (param.seriesData.get(candles) as CandlestickData<UTCTimestamp> | undefined) : undefined;
      hovering.current = point !== undefined;
      if (!point) {
        legend.show(() => ({ bar: data.bars().at(-1) ?? null, indicators: indicators.legend() }));
        return;
      }
      const volumePoint = param.seriesData.get(volume) as HistogramData | undefined;
      const bar = { time: (point.time as number) * 1000, open: point.open, high: point.high, low: point.low, close: point.close, volume: volumePoint?.value ?? 0 };
      const readings = indicators.legend(param.seriesData);
      legend.show(() => ({ bar, indicators: readings }));
    });
    return () => {
      element.removeEventListener('dblclick', onDoubleClick);
      element.removeEventListener('pointerdown', onPress);
      window.removeEventListener('pointerup', onRelease);
      parts.current?.overlay.dispose();
      data.dispose();
      legend.cancel();
      chart.remove();
      parts.current = null;
    };
  }, [legend]);

  // Drawings, price alerts and the log scale (useChartTools.ts): after the chart exists.
  const drawn = useChartTools(parts, container, symbol, timeframe, decimals, setError);

  // A chart that cannot show its history does not hold the rest of the workspace back.
  useEffect(() => {
    if (error) chartShown();
  }, [error]);

  useEffect(() => {
    parts.current?.chart.applyOptions(chartThemeOptions());
  }, [theme]);

  useEffect(() => {
    parts.current?.candles.applyOptions({ priceFormat: marketPriceFormat(decimals) });
    parts.current?.data.indicators.setPriceDecimals(decimals);
  }, [decimals]);

  const sink = useMemo<CandleSink>(
    () => ({
      reset(history) {
        const p = parts.current;
        if (!p) return;
        p.data.reset(history);
        legend.showNow(() => ({ bar: history.at(-1) ?? null, indicators: p.data.indicators.legend() }));
        // No bar to show (a market without history yet): nothing to wait for around the chart.
        if (history.length === 0) chartShown();
      },
      apply(bar) {
        const p = parts.current;
        if (!p || !p.data.apply(bar)) return;
        if (!hovering.current) legend.show(() => ({ bar: p.data.bars().at(-1) ?? bar, indicators: p.data.indicators.legend() }));
      },
      prepend(older) {
        parts.current?.data.prepend(older);
      },
      bars: () => parts.current?.data.bars() ?? [],
      error: setError,
    }),
    [legend],
  );
  const stream = useCandleStream(symbol, timeframe, sink, source);
  const loadOlder = useRef(stream.loadOlder);
  loadOlder.current = stream.loadOlder;

  // Scrolling near the oldest bar loads more history (TradingView-style infinite scroll-back).
  useEffect(() => {
    const p = parts.current;
    if (!p) return;
    const timeScale = p.chart.timeScale();
    // The chart's series hold a window of the history that follows the view; at the oldest bar, more loads.
    const onRange = (range: LogicalRange | null) => {
      if (range && p.data.onVisibleRange(range)) loadOlder.current();
    };
    timeScale.subscribeVisibleLogicalRangeChange(onRange);
    return () => timeScale.unsubscribeVisibleLogicalRangeChange(onRange);
  }, []);

  useEffect(() => {
    const p = parts.current;
    if (!p) return;
    p.data.indicators.configure(indicatorSettings);
    p.data.setIndicators(indicatorIds);
    legend.show(() => ({ bar: p.data.bars().at(-1) ?? null, indicators: p.data.indicators.legend() }));
  }, [indicatorIds, indicatorSettings, legend]);

  // Markers only on bars the series hold: lightweight-charts would pin the others to the window's edge.
  useEffect(() => {
    const p = parts.current;
    if (!p) return;
    const span = p.data.span();
    const shown = fillMarkers(symbol, fills, timeframe, span.first).filter((marker) => span.live || span.last === null || marker.time <= span.last);
    p.overlay.setMarkers(shown);
  }, [fills, symbol, timeframe, windowVersion]);

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

  const dragTarget = useCallback(() => (parts.current ? { chart: parts.current.chart, series: parts.current.candles } : null), []);
  const lines = useMemo<PriceLevel[]>(() => {
    const onSymbol = positions.filter((p) => p.symbol === symbol);
    const position = onSymbol.find((p) => p.id === selectedPositionId) ?? onSymbol[0];
    return [...tradeLevels(symbol, Object.values(orders), position, decimals), ...strategyLevels(planned)];
  }, [orders, positions, selectedPositionId, symbol, planned, decimals]);

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
        <LiveLegend feed={legend} symbol={symbol} decimals={decimals} />
        <OrderLineHandles target={dragTarget} orders={orders} symbol={symbol} decimals={decimals} />
        {/* The price lines are drawn on a canvas; this list tells screen readers (and tests) what they are. */}
        <ul className="visually-hidden" aria-label="Price lines">
          {lines.map((line, index) => (
            <li key={index}>
              {line.title} at {formatPrice(line.price, decimals)}
            </li>
          ))}
        </ul>
        <ul className="visually-hidden" aria-label="Drawings and alert lines">
          {drawn.map((line) => (
            <li key={line.key}>{line.text}</li>
          ))}
        </ul>
      </div>
    </section>
  );
}

/**
 * The legend, fed by its feed alone (at most once a frame), not with the chart component. Its first bar
 * means the chart has drawn its history: the rest of the workspace may mount (chart-first.ts).
 */
function LiveLegend({ feed, symbol, decimals }: { feed: LegendFeed; symbol: string; decimals: number }) {
  const drawn = useSyncExternalStore(feed.subscribe, () => feed.snapshot().bar !== null);
  useEffect(() => {
    if (drawn) chartShown();
  }, [drawn]);
  return <ChartLegend symbol={symbol} feed={feed} decimals={decimals} />;
}
