import { createSeriesMarkers, LineStyle, type IPriceLine, type ISeriesApi, type ISeriesMarkersPluginApi, type SeriesMarker, type Time, type UTCTimestamp } from 'lightweight-charts';
import { LEVEL_COLORS, type FillMarker, type PriceLevel } from './levels';

const STYLES = { solid: LineStyle.Solid, dashed: LineStyle.Dashed, dotted: LineStyle.Dotted } as const;

/**
 * Fill markers and order/position price lines on the candle series. The markers plugin is attached only
 * once there is a marker to show: attached, it turns every `series.update()` into a full invalidation of
 * the chart (its data-changed listener asks for a full update; lightweight-charts 5.2 keeps that listener
 * even after `detach()`), and a full invalidation re-measures the panes and paints the chart a second
 * time in the frame after each live tick.
 */
export class TradeOverlay {
  private markers: ISeriesMarkersPluginApi<Time> | null = null;
  private lines: IPriceLine[] = [];

  constructor(private readonly series: ISeriesApi<'Candlestick'>) {}

  setMarkers(fills: readonly FillMarker[]): void {
    if (fills.length === 0 && this.markers === null) return;
    this.markers ??= createSeriesMarkers(this.series, []);
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
    this.markers?.detach();
    this.markers = null;
    this.lines = [];
  }
}
