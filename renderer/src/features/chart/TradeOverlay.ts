import { createSeriesMarkers, LineStyle, type IPriceLine, type ISeriesApi, type ISeriesMarkersPluginApi, type SeriesMarker, type Time, type UTCTimestamp } from 'lightweight-charts';
import { LEVEL_COLORS, type FillMarker, type PriceLevel } from './levels';

const STYLES = { solid: LineStyle.Solid, dashed: LineStyle.Dashed, dotted: LineStyle.Dotted } as const;

/** Fill markers and order/position price lines on the candle series. */
export class TradeOverlay {
  private readonly markers: ISeriesMarkersPluginApi<Time>;
  private lines: IPriceLine[] = [];

  constructor(private readonly series: ISeriesApi<'Candlestick'>) {
    this.markers = createSeriesMarkers(series, []);
  }

  setMarkers(fills: readonly FillMarker[]): void {
    this.markers.setMarkers(
      fills.map(
        (fill): SeriesMarker<Time> => ({
          time: (fill.time / 1000) as UTCTimestamp,
          position: fill.side === 'buy' ? 'belowBar' : 'aboveBar',
          shape: fill.manual ? (fill.side === 'buy' ? 'arrowUp' : 'arrowDown') : 'circle',
          color: fill.side === 'buy' ? LEVEL_COLORS.buy : LEVEL_COLORS.sell,
          text: fill.text,
          size: fill.manual ? 1.2 : 0.8,
        }),
      ),
    );
  }

  setLevels(levels: readonly PriceLevel[]): void {
    for (const line of this.lines) this.series.removePriceLine(line);
    this.lines = levels.map((level) =>
      this.series.createPriceLine({ price: level.price, color: level.color, lineWidth: 1, lineStyle: STYLES[level.style], axisLabelVisible: true, title: level.title }),
    );
  }

  dispose(): void {
    this.markers.detach();
    this.lines = [];
  }
}
