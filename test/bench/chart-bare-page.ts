/// <reference lib="dom" />
/**
 * The chart benchmark's baseline, run in Chromium beside the app: a bare lightweight-charts page with
 * the same series as the app's chart with EMA 20, Bollinger 20/2 and RSI 14 on (candles, volume, the
 * EMA, three bands, an RSI pane), fed from the same `npm run serve` over its WebSocket: `market.history`
 * once, then every live 1m update of the symbol as `series.update()` on each series, indicators by
 * the same streaming calculators (core/indicators). No React, no window, no legend: the floor.
 * Bundled by esbuild when the benchmark runs (see chart-bare.ts); the query string carries
 * `token`, `symbol` and `limit`.
 */
import { CandlestickSeries, createChart, HistogramSeries, LineSeries, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts';
import { CLOSE_SERIES } from '../../core/indicators/close-series.js';

interface Bar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}
interface Frame {
  type?: string;
  id?: number;
  name?: string;
  result?: { candles: { time: number[]; open: number[]; high: number[]; low: number[]; close: number[]; volume: number[] } };
  payload?: { updates?: { symbol: string; timeframe: string; candle: Bar }[] };
}
type Line = 'ema' | 'upper' | 'middle' | 'lower' | 'rsi';

const query = new URLSearchParams(location.search);
const symbol = query.get('symbol') ?? 'BTC/USDT';
const limit = Number(query.get('limit') ?? 5000);
/** Read by the benchmark: `drawn` two frames after the history was set, `drawnAt` the frame that painted it (ms from the navigation's start). */
const status = { drawn: false, drawnAt: 0, bars: 0 };
(window as unknown as { __bare: typeof status }).__bare = status;

const chart = createChart(document.getElementById('chart')!, { autoSize: true, layout: { background: { color: '#131722' }, textColor: '#d1d4dc' } });
const candles = chart.addSeries(CandlestickSeries, { upColor: '#26a69a', downColor: '#ef5350', wickUpColor: '#26a69a', wickDownColor: '#ef5350', borderVisible: false });
const volume = chart.addSeries(HistogramSeries, { priceScaleId: 'volume', priceFormat: { type: 'volume' }, lastValueVisible: false, priceLineVisible: false });
chart.priceScale('volume').applyOptions({ scaleMargins: { top: 0.82, bottom: 0 } });
const line = (color: string, pane = 0) => chart.addSeries(LineSeries, { color, lineWidth: 1, priceLineVisible: false, lastValueVisible: pane > 0, crosshairMarkerVisible: false }, pane);
const lines: Record<Line, ISeriesApi<'Line'>> = { ema: line('#f0b90b'), upper: line('#4fc3f7'), middle: line('#4fc3f780'), lower: line('#4fc3f7'), rsi: line('#ce93d8', 1) };
const ema = CLOSE_SERIES.ema(20);
const bands = CLOSE_SERIES.bollinger(20, 2);
const rsi = CLOSE_SERIES.rsi(14);
let last: Bar | null = null;

const seconds = (bar: Bar) => (bar.time / 1000) as UTCTimestamp;
const volumePoint = (bar: Bar) => ({ time: seconds(bar), value: bar.volume, color: bar.close >= bar.open ? '#26a69a66' : '#ef535066' });
function indicatorValues(close: number, replace: boolean): Record<Line, number | null> {
  const band = bands.update(close, replace);
  return { ema: ema.update(close, replace).ema, upper: band.upper, middle: band.middle, lower: band.lower, rsi: rsi.update(close, replace).rsi };
}

function draw(history: Bar[]): void {
  const points: Record<Line, { time: UTCTimestamp; value: number }[]> = { ema: [], upper: [], middle: [], lower: [], rsi: [] };
  for (const bar of history) {
    const values = indicatorValues(bar.close, false);
    for (const key of Object.keys(points) as Line[]) if (values[key] !== null) points[key].push({ time: seconds(bar), value: values[key] });
  }
  candles.setData(history.map((bar) => ({ time: seconds(bar), open: bar.open, high: bar.high, low: bar.low, close: bar.close })));
  volume.setData(history.map(volumePoint));
  for (const key of Object.keys(points) as Line[]) lines[key].setData(points[key]);
  last = history.at(-1) ?? null;
  status.bars = history.length;
  // drawnAt: the frame that paints the history (lightweight-charts draws in its own callback of it, which came first).
  requestAnimationFrame(() => {
    status.drawnAt = performance.now();
    requestAnimationFrame(() => (status.drawn = true));
  });
}

function apply(bar: Bar): void {
  if (last && bar.time < last.time) return;
  const replace = last !== null && bar.time === last.time;
  if (!replace) status.bars++;
  last = bar;
  candles.update({ time: seconds(bar), open: bar.open, high: bar.high, low: bar.low, close: bar.close });
  volume.update(volumePoint(bar));
  const values = indicatorValues(bar.close, replace);
  for (const key of Object.keys(lines) as Line[]) {
    const value = values[key];
    if (value !== null) lines[key].update({ time: seconds(bar), value });
  }
}

const socket = new WebSocket(`ws://${location.host}/api?token=${encodeURIComponent(query.get('token') ?? '')}`);
socket.onopen = () => socket.send(JSON.stringify({ type: 'request', id: 1, name: 'market.history', args: { symbol, timeframe: '1m', limit } }));
socket.onmessage = (event: MessageEvent<string>) => {
  const parsed = JSON.parse(event.data) as Frame | Frame[];
  for (const frame of Array.isArray(parsed) ? parsed : [parsed]) {
    if (frame.type === 'response' && frame.id === 1 && frame.result) {
      const c = frame.result.candles;
      draw(c.time.map((time, i) => ({ time, open: c.open[i]!, high: c.high[i]!, low: c.low[i]!, close: c.close[i]!, volume: c.volume[i]! })));
    } else if (frame.type === 'event' && frame.name === 'market.candles' && last !== null) {
      for (const update of frame.payload?.updates ?? []) if (update.symbol === symbol && update.timeframe === '1m') apply(update.candle);
    }
  }
};
