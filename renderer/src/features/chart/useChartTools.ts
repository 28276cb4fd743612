import { useEffect, useState, type RefObject } from 'react';
import { PriceScaleMode, type IChartApi, type ISeriesApi } from 'lightweight-charts';
import { isCommandName } from '../../../../core/api/contract/index';
import { timeframeMs, type Timeframe } from '../../../../core/market/candle';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { useHostStore } from '../../stores/host';
import { useChartSettingsStore } from './chart-settings';
import { useChartToolsStore } from './chart-tools-store';
import { DrawingLayer, type DrawnLine } from './DrawingLayer';

interface ChartHandles {
  chart: IChartApi;
  candles: ISeriesApi<'Candlestick'>;
}

/** Reloads the symbol's drawings from the core. */
export async function reloadDrawings(symbol: string): Promise<void> {
  useChartToolsStore.getState().setDrawings(await api.call('chart.drawings.list', { symbol }));
}

export async function reloadAlerts(): Promise<void> {
  useChartToolsStore.getState().setAlerts(await api.call('alerts.prices.list', {}));
}

/** The price and bar time at (x, y) in the chart's pane (the newest bar's time right of the last bar). */
function pointAt(x: number, y: number, handles: ChartHandles): { time: number; price: number } | null {
  const price = handles.candles.coordinateToPrice(y);
  const time = handles.chart.timeScale().coordinateToTime(x) ?? handles.candles.data().at(-1)?.time;
  if (price === null || price <= 0 || typeof time !== 'number') return null;
  return { time: time * 1000, price };
}

/** A press that moves further than this is a pan of the chart, not a click that places a point. */
const CLICK_SLOP_PX = 5;

/**
 * The chart's tools on a drawn chart: log scale, the trader's drawings (placed by clicks with a tool
 * chosen in the toolbar), price alerts (a right-click opens the alert form at that price) and the
 * lines of both. Returns what is drawn, in words, for the list beside the canvas.
 */
export function useChartTools(handles: RefObject<ChartHandles | null>, container: RefObject<HTMLElement | null>, symbol: string, timeframe: Timeframe, decimals: number, report: (problem: string) => void): DrawnLine[] {
  const connected = useHostStore((s) => s.connected);
  const logScale = useChartSettingsStore((s) => s.logScale);
  const drawings = useChartToolsStore((s) => s.drawings);
  const alerts = useChartToolsStore((s) => s.alerts);
  const [layer, setLayer] = useState<DrawingLayer | null>(null);
  const [drawn, setDrawn] = useState<DrawnLine[]>([]);

  useEffect(() => {
    const parts = handles.current;
    if (!parts) return;
    const created = new DrawingLayer(parts.chart, parts.candles);
    setLayer(created);
    return () => created.dispose();
  }, [handles]);

  useEffect(() => {
    const scale = handles.current?.chart.priceScale('right');
    if (!scale) return;
    scale.applyOptions({ mode: logScale ? PriceScaleMode.Logarithmic : PriceScaleMode.Normal });
    // The scale's mode as the chart took it, readable beside the canvas (tests, assistive tools).
    if (container.current) container.current.dataset.priceScale = scale.options().mode === PriceScaleMode.Logarithmic ? 'logarithmic' : 'normal';
  }, [handles, container, logScale]);

  useEffect(() => {
    if (!connected || !isCommandName('chart.drawings.list')) return;
    useChartToolsStore.getState().setDrawings([]);
    useChartToolsStore.getState().setTool(null);
    reloadDrawings(symbol).catch((reason: unknown) => report(`Drawings could not be loaded: ${describeError(reason)}`));
  }, [symbol, connected, report]);

  useEffect(() => {
    if (!connected) return;
    reloadAlerts().catch((reason: unknown) => report(`Price alerts could not be loaded: ${describeError(reason)}`));
    return api.on('alerts.priceFired', () => void reloadAlerts().catch(() => undefined));
  }, [connected, report]);

  useEffect(() => {
    if (!layer) return;
    setDrawn(layer.draw(drawings, alerts.filter((alert) => alert.symbol === symbol), timeframeMs(timeframe), decimals));
  }, [layer, drawings, alerts, symbol, timeframe, decimals]);

  // A click with a drawing tool chosen places its points; the second click of a two-point drawing saves it.
  // DOM clicks, not the chart's: lightweight-charts swallows a second click within 500 ms as a double-click.
  useEffect(() => {
    const element = container.current;
    const parts = handles.current;
    if (!element || !parts) return;
    let pressedAt: { x: number; y: number } | null = null;
    const onPress = (event: PointerEvent) => {
      pressedAt = { x: event.clientX, y: event.clientY };
    };
    const onClick = (event: MouseEvent) => {
      const { tool, anchor, setAnchor, setTool } = useChartToolsStore.getState();
      if (!tool || !pressedAt || Math.abs(event.clientX - pressedAt.x) + Math.abs(event.clientY - pressedAt.y) > CLICK_SLOP_PX) return;
      const box = element.getBoundingClientRect();
      const point = pointAt(event.clientX - box.left, event.clientY - box.top, parts);
      if (!point) return;
      if (tool !== 'horizontal' && !anchor) {
        setAnchor(point);
        return;
      }
      const points = tool === 'horizontal' ? [point] : [anchor!, point];
      setTool(null);
      api
        .call('chart.drawings.add', { symbol, kind: tool, points })
        .then(() => reloadDrawings(symbol))
        .catch((reason: unknown) => report(`The drawing could not be saved: ${describeError(reason)}`));
    };
    element.addEventListener('pointerdown', onPress);
    element.addEventListener('click', onClick);
    return () => {
      element.removeEventListener('pointerdown', onPress);
      element.removeEventListener('click', onClick);
    };
  }, [handles, container, symbol, report]);

  // Right-click on the chart: a price alert at that price.
  useEffect(() => {
    const element = container.current;
    const parts = handles.current;
    if (!element || !parts) return;
    const onContextMenu = (event: MouseEvent) => {
      const price = parts.candles.coordinateToPrice(event.clientY - element.getBoundingClientRect().top);
      if (price === null || price <= 0) return;
      event.preventDefault();
      useChartToolsStore.getState().openAlertForm(price);
    };
    element.addEventListener('contextmenu', onContextMenu);
    return () => element.removeEventListener('contextmenu', onContextMenu);
  }, [handles, container]);

  return drawn;
}
