import { HistogramSeries, LineSeries, LineStyle, type IChartApi, type ISeriesApi, type MouseEventParams, type UTCTimestamp } from 'lightweight-charts';
import type { Candle } from '../../../../core/market/candle';
import type { IndicatorId } from '../../stores/preferences';
import type { IndicatorSettingsMap } from './chart-settings';
import { indicatorSpec, type IndicatorCalculator, type IndicatorLine, type IndicatorSpec } from './indicators';
import { marketPriceFormat } from './price-format';

interface Plot {
  line: IndicatorLine;
  series: ISeriesApi<'Line'> | ISeriesApi<'Histogram'>;
  /** One value per bar of the full history (NaN while the indicator warms up): cheap to hold for 200k bars. */
  values: number[];
}

export interface IndicatorReading {
  id: IndicatorId;
  /** "EMA 50": the indicator with its parameters. */
  label: string;
  values: { label: string; color: string; value: number }[];
}

interface ActiveIndicator {
  id: IndicatorId;
  spec: IndicatorSpec;
  calculator: IndicatorCalculator;
  plots: Plot[];
}

const UP = '#26a69a';
const DOWN = '#ef5350';

/**
 * Draws the chosen indicators on a chart: overlays on the price pane, oscillators in panes of their
 * own (lightweight-charts v5 panes). Values are computed over the full history the chart holds and
 * stream (each bar update revises only the last value); the series get only the bars of the chart's
 * window (see ChartWindow), so a live update costs the same however much history is held.
 */
export class IndicatorLayer {
  private active: ActiveIndicator[] = [];
  /** The trader's parameters (period, source, colour); null: the classic defaults. */
  private settings: IndicatorSettingsMap | null = null;
  /** The values before the last recompute's warm-up are not computed yet (see `settle`). */
  private unsettled = false;
  /** The market's price decimals: what a value in price units (an overlay, MACD) is shown with on its scale. */
  private priceDecimals = 2;

  constructor(private readonly chart: IChartApi) {}

  /** The parameters the next setIndicators draws with. */
  configure(settings: IndicatorSettingsMap): void {
    this.settings = settings;
  }

  /**
   * The market's price decimals. A value in price units gets them on its pane's scale and tag: a DOGE
   * MACD of 0.0004 read "0.00" at the default two. A bounded oscillator (RSI) keeps its own.
   */
  setPriceDecimals(decimals: number): void {
    this.priceDecimals = decimals;
    for (const indicator of this.active) if (!indicator.spec.range) for (const plot of indicator.plots) plot.series.applyOptions({ priceFormat: this.priceFormat() });
  }

  /** Replaces the plots: new series, values over `bars`, drawn for the window [from, to). */
  setIndicators(ids: readonly IndicatorId[], bars: readonly Candle[], from: number, to: number): void {
    this.dispose();
    let nextPane = 1;
    for (const id of ids) {
      const spec = indicatorSpec(id, this.settings?.[id]);
      const pane = spec.pane === 'price' ? 0 : nextPane++;
      const plots = spec.lines.map((line): Plot => {
        const range = spec.range;
        const common = {
          priceLineVisible: false,
          lastValueVisible: spec.pane !== 'price',
          title: spec.pane === 'price' ? '' : line.label,
          ...(range ? { autoscaleInfoProvider: () => ({ priceRange: { minValue: range[0], maxValue: range[1] } }) } : { priceFormat: this.priceFormat() }),
        };
        const series =
          line.kind === 'histogram'
            ? this.chart.addSeries(HistogramSeries, { ...common, color: line.color }, pane)
            : this.chart.addSeries(LineSeries, { ...common, color: line.color, lineWidth: 1, crosshairMarkerVisible: false }, pane);
        // A bounded oscillator's scale is its range (RSI 0–100): the scale's default margins (20 % above, 10 % below) would run it to ~120.
        if (range) series.priceScale().applyOptions({ scaleMargins: { top: 0.05, bottom: 0.05 } });
        return { line, series, values: [] };
      });
      for (const guide of spec.guides ?? []) {
        plots[0]?.series.createPriceLine({ price: guide, color: '#787b8680', lineWidth: 1, lineStyle: LineStyle.Dashed, axisLabelVisible: false, title: '' });
      }
      this.active.push({ id, spec, calculator: spec.create(), plots });
      // Indicator panes keep at least 60 px beside the price pane at 1280×720 (issue 15, item 8).
      if (pane > 0) this.chart.panes()[pane]?.setStretchFactor(0.6);
    }
    this.recompute(bars, from, to);
  }

  /**
   * Computes every value again over the full history (new history or older bars added), then draws the
   * window. `warmup`: only the window and that many bars before it, for a first paint sooner (the
   * values are still unknown before that); `settle` then computes the rest.
   */
  recompute(bars: readonly Candle[], from: number, to: number, warmup = Infinity): void {
    const first = Math.max(0, from - warmup);
    this.unsettled = first > 0;
    for (const indicator of this.active) {
      const computed = compute(indicator, bars, first);
      indicator.calculator = computed.calculator;
      indicator.plots.forEach((plot, index) => (plot.values = computed.values[index]!));
    }
    this.show(bars, from, to);
  }

  /**
   * The values over the full history after a `recompute` with a warm-up: the window is drawn again
   * only if a value in it differs (the indicators here forget their start within a few hundred bars,
   * so after the warm-up they agree to the last bit and nothing is redrawn). True if it was redrawn.
   */
  settle(bars: readonly Candle[], from: number, to: number): boolean {
    if (!this.unsettled) return false;
    this.unsettled = false;
    let changed = false;
    for (const indicator of this.active) {
      const computed = compute(indicator, bars, 0);
      indicator.calculator = computed.calculator;
      indicator.plots.forEach((plot, index) => {
        const values = computed.values[index]!;
        for (let i = from; i < to && !changed; i++) changed = !Object.is(values[i], plot.values[i]);
        plot.values = values;
      });
    }
    if (changed) this.show(bars, from, to);
    return changed;
  }

  /** Gives the series the bars [from, to) of the full history. */
  show(bars: readonly Candle[], from: number, to: number): void {
    for (const indicator of this.active) {
      for (const plot of indicator.plots) {
        const points = [];
        for (let i = from; i < to; i++) {
          const value = plot.values[i]!;
          if (!Number.isNaN(value)) points.push(this.point(plot.line, bars[i]!.time, value));
        }
        plot.series.setData(points);
      }
    }
  }

  /** The newest bar (`replace`: it revises the last one); `draw` when the window shows the live edge. */
  append(bar: Candle, replace: boolean, draw: boolean): void {
    for (const indicator of this.active) {
      const values = indicator.calculator.update(indicator.spec.input(bar), replace);
      for (const plot of indicator.plots) {
        const value = values[plot.line.key] ?? Number.NaN;
        if (replace && plot.values.length > 0) plot.values[plot.values.length - 1] = value;
        else plot.values.push(value);
        if (draw && !Number.isNaN(value)) plot.series.update(this.point(plot.line, bar.time, value));
      }
    }
  }

  /** Forgets the values of the `count` oldest bars (the chart dropped them). */
  dropOldest(count: number): void {
    for (const indicator of this.active) for (const plot of indicator.plots) plot.values.splice(0, count);
  }

  /** Values for the legend: from the crosshair's series data, or the latest value of each plot. */
  legend(seriesData?: MouseEventParams['seriesData']): IndicatorReading[] {
    return this.active.map((indicator) => ({
      id: indicator.id,
      label: indicator.spec.label,
      values: indicator.plots.flatMap((plot) => {
        const value = seriesData ? (seriesData.get(plot.series) as { value?: number } | undefined)?.value : lastValue(plot.values);
        return value === undefined ? [] : [{ label: plot.line.label, color: plot.line.color, value }];
      }),
    }));
  }

  dispose(): void {
    for (const indicator of this.active) for (const plot of indicator.plots) this.chart.removeSeries(plot.series);
    this.active = [];
    // Oscillator panes left empty are removed, so the price pane gets its height back.
    for (let index = this.chart.panes().length - 1; index > 0; index--) {
      if (this.chart.panes()[index]?.getSeries().length === 0) this.chart.removePane(index);
    }
  }

  private priceFormat() {
    return marketPriceFormat(this.priceDecimals);
  }

  private point(line: IndicatorLine, time: number, value: number) {
    const t = (time / 1000) as UTCTimestamp;
    return line.kind === 'histogram' ? { time: t, value, color: value >= 0 ? `${UP}a0` : `${DOWN}a0` } : { time: t, value };
  }
}

/** `indicator`'s values over bars[first…] (NaN before `first`) and the calculator that made them. */
function compute(indicator: ActiveIndicator, bars: readonly Candle[], first: number): { calculator: IndicatorCalculator; values: number[][] } {
  const calculator = indicator.spec.create();
  const keys = indicator.plots.map((plot) => plot.line.key);
  const values = keys.map(() => new Array<number>(bars.length).fill(Number.NaN, 0, first));
  for (let i = first; i < bars.length; i++) {
    const reading = calculator.update(indicator.spec.input(bars[i]!), false);
    for (let k = 0; k < keys.length; k++) values[k]![i] = reading[keys[k]!] ?? Number.NaN;
  }
  return { calculator, values };
}

function lastValue(values: readonly number[]): number | undefined {
  const value = values.at(-1);
  return value === undefined || Number.isNaN(value) ? undefined : value;
}
