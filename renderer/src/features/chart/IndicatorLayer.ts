import { HistogramSeries, LineSeries, LineStyle, MismatchDirection, type IChartApi, type ISeriesApi, type MouseEventParams, type UTCTimestamp } from 'lightweight-charts';
import type { Candle } from '../../../../core/market/candle';
import type { IndicatorId } from '../../stores/preferences';
import { INDICATOR_SPECS, type IndicatorCalculator, type IndicatorLine } from './indicators';

interface Plot {
  line: IndicatorLine;
  series: ISeriesApi<'Line'> | ISeriesApi<'Histogram'>;
}

export interface IndicatorReading {
  id: IndicatorId;
  values: { label: string; color: string; value: number }[];
}

interface ActiveIndicator {
  id: IndicatorId;
  calculator: IndicatorCalculator;
  plots: Plot[];
}

const UP = '#26a69a';
const DOWN = '#ef5350';

/**
 * Draws the chosen indicators on a chart: overlays on the price pane, oscillators in panes of their
 * own (lightweight-charts v5 panes). Values stream: each bar update revises only the last point.
 */
export class IndicatorLayer {
  private active: ActiveIndicator[] = [];
  private lastTime: number | null = null;

  constructor(private readonly chart: IChartApi) {}

  /** Rebuilds every plot from the full history (on symbol/timeframe/indicator change). */
  setIndicators(ids: readonly IndicatorId[], bars: readonly Candle[]): void {
    this.dispose();
    let nextPane = 1;
    for (const id of ids) {
      const spec = INDICATOR_SPECS[id];
      const pane = spec.pane === 'price' ? 0 : nextPane++;
      const plots = spec.lines.map((line): Plot => {
        const range = spec.range;
        const common = {
          priceLineVisible: false,
          lastValueVisible: spec.pane !== 'price',
          title: spec.pane === 'price' ? '' : line.label,
          ...(range ? { autoscaleInfoProvider: () => ({ priceRange: { minValue: range[0], maxValue: range[1] } }) } : {}),
        };
        const series =
          line.kind === 'histogram'
            ? this.chart.addSeries(HistogramSeries, { ...common, color: line.color }, pane)
            : this.chart.addSeries(LineSeries, { ...common, color: line.color, lineWidth: 1, crosshairMarkerVisible: false }, pane);
        return { line, series };
      });
      for (const guide of spec.guides ?? []) {
        plots[0]?.series.createPriceLine({ price: guide, color: '#787b8680', lineWidth: 1, lineStyle: LineStyle.Dashed, axisLabelVisible: false, title: '' });
      }
      const calculator = spec.create();
      const columns = new Map<string, { time: UTCTimestamp; value: number; color?: string }[]>(spec.lines.map((l) => [l.key, []]));
      for (const bar of bars) {
        const values = calculator.update(bar.close, false);
        for (const line of spec.lines) {
          const value = values[line.key];
          if (value !== null && value !== undefined) columns.get(line.key)!.push(this.point(line, bar.time, value));
        }
      }
      for (const plot of plots) plot.series.setData(columns.get(plot.line.key) ?? []);
      this.active.push({ id, calculator, plots });
      if (pane > 0) this.chart.panes()[pane]?.setStretchFactor(0.35);
    }
    this.lastTime = bars.at(-1)?.time ?? null;
  }

  /** Applies the newest bar: a new time appends, the same time revises the forming bar. */
  update(bar: Candle): void {
    if (this.lastTime !== null && bar.time < this.lastTime) return;
    const replace = bar.time === this.lastTime;
    this.lastTime = bar.time;
    for (const indicator of this.active) {
      const values = indicator.calculator.update(bar.close, replace);
      for (const plot of indicator.plots) {
        const value = values[plot.line.key];
        if (value !== null && value !== undefined) plot.series.update(this.point(plot.line, bar.time, value));
      }
    }
  }

  /** Values for the legend: from the crosshair's series data, or each plot's last point. */
  legend(seriesData?: MouseEventParams['seriesData']): IndicatorReading[] {
    return this.active.map((indicator) => ({
      id: indicator.id,
      values: indicator.plots.flatMap((plot) => {
        const point = (seriesData ? seriesData.get(plot.series) : plot.series.dataByIndex(Number.MAX_SAFE_INTEGER, MismatchDirection.NearestLeft)) as { value?: number } | null | undefined;
        return point?.value === undefined ? [] : [{ label: plot.line.label, color: plot.line.color, value: point.value }];
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

  private point(line: IndicatorLine, time: number, value: number) {
    const t = (time / 1000) as UTCTimestamp;
    return line.kind === 'histogram' ? { time: t, value, color: value >= 0 ? `${UP}a0` : `${DOWN}a0` } : { time: t, value };
  }
}
