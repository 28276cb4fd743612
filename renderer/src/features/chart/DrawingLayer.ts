import { LineSeries, LineStyle, type IChartApi, type IPriceLine, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts';
import type { PriceAlertView } from '../../../../core/api/contract/alerts';
import { fibonacciPrices, type DrawingView } from '../../../../core/api/contract/chart';
import { formatPrice } from '../../app/format';

const DRAWING_COLOR = '#42a5f5';
const FIB_COLOR = '#ffb74d';
const ALERT_COLOR = '#ff9800';
const ALERT_WORDS: Record<PriceAlertView['direction'], string> = { above: '≥', below: '≤', crossing: '⇅' };

/** One thing drawn, in words (for the accessible list beside the canvas). */
export interface DrawnLine {
  readonly key: string;
  readonly text: string;
}

/** "Trend line 100.00 → 110.00", as lists and delete buttons name a drawing. */
export function drawingName(drawing: DrawingView, decimals: number): string {
  const [first, second] = drawing.points;
  if (drawing.kind === 'horizontal' || !second) return `Horizontal line at ${formatPrice(first!.price, decimals)}`;
  const span = `${formatPrice(first!.price, decimals)} → ${formatPrice(second.price, decimals)}`;
  return drawing.kind === 'trend' ? `Trend line ${span}` : `Fibonacci ${span}`;
}

/** "above 105.00, once": how lists and delete buttons name an alert. */
export function alertName(alert: PriceAlertView, decimals: number): string {
  return `${alert.direction} ${formatPrice(alert.price, decimals)}, ${alert.repeat === 'once' ? 'once' : 'every time'}`;
}

/**
 * The trader's drawings and price alerts on the candle series: horizontal lines, Fibonacci levels and
 * alerts as price lines; trend lines as two-point line series that never stretch the price scale.
 * Anchors are bar times; on another timeframe they snap to the bar that holds them.
 */
export class DrawingLayer {
  private lines: IPriceLine[] = [];
  private trends: ISeriesApi<'Line'>[] = [];

  constructor(
    private readonly chart: IChartApi,
    private readonly candles: ISeriesApi<'Candlestick'>,
  ) {}

  draw(drawings: readonly DrawingView[], alerts: readonly PriceAlertView[], barMs: number, decimals: number): DrawnLine[] {
    this.clear();
    const drawn: DrawnLine[] = [];
    const priceLine = (price: number, title: string, color: string, style: LineStyle) =>
      this.lines.push(this.candles.createPriceLine({ price, color, lineWidth: 1, lineStyle: style, axisLabelVisible: true, title }));
    for (const drawing of drawings) {
      const [first, second] = drawing.points;
      if (!first) continue;
      drawn.push({ key: `drawing:${drawing.id}`, text: drawingName(drawing, decimals) });
      if (drawing.kind === 'horizontal' || !second) {
        priceLine(first.price, '', DRAWING_COLOR, LineStyle.Solid);
      } else if (drawing.kind === 'fibonacci') {
        for (const { level, price } of fibonacciPrices(first, second)) priceLine(price, `Fib ${(level * 100).toFixed(1)}%`, FIB_COLOR, level === 0 || level === 1 ? LineStyle.Solid : LineStyle.Dashed);
      } else {
        this.trend(first, second, barMs);
      }
    }
    for (const alert of alerts) {
      if (!alert.active) continue;
      priceLine(alert.price, `Alert ${ALERT_WORDS[alert.direction]}`, ALERT_COLOR, LineStyle.SparseDotted);
      drawn.push({ key: `alert:${alert.id}`, text: `Price alert ${alertName(alert, decimals)}` });
    }
    return drawn;
  }

  /** Forgets the lines: the chart that held them is being removed with them. */
  dispose(): void {
    this.lines = [];
    this.trends = [];
  }

  private trend(first: { time: number; price: number }, second: { time: number; price: number }, barMs: number): void {
    const snap = (time: number) => (Math.floor(time / barMs) * barMs) / 1000;
    const points = [first, second].map((p) => ({ time: snap(p.time) as UTCTimestamp, value: p.price })).sort((a, b) => a.time - b.time);
    // Both ends in one bar: a vertical segment cannot be a series; it shows as its two ends' level.
    const data = points[0]!.time === points[1]!.time ? [points[1]!] : points;
    const series = this.chart.addSeries(LineSeries, {
      color: DRAWING_COLOR,
      lineWidth: 2,
      lastValueVisible: false,
      priceLineVisible: false,
      crosshairMarkerVisible: false,
      // A line the trader drew never changes how the candles are scaled.
      autoscaleInfoProvider: () => null,
    });
    series.setData(data);
    this.trends.push(series);
  }

  private clear(): void {
    for (const line of this.lines) this.candles.removePriceLine(line);
    for (const series of this.trends) this.chart.removeSeries(series);
    this.lines = [];
    this.trends = [];
  }
}
