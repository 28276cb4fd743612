import { useLayoutEffect, useRef, useSyncExternalStore } from 'react';
import type { Candle } from '../../../../core/market/candle';
import { exchangeName } from '../../app/venue';
import { useHostStore } from '../../stores/host';
import { usePreferencesStore } from '../../stores/preferences';
import { indicatorLabel, useChartSettingsStore } from './chart-settings';
import type { IndicatorReading } from './IndicatorLayer';
import type { LegendFeed } from './legend-feed';
import { LegendPainter, legendShape } from './legend-painter';

export interface LegendValues {
  bar: Candle | null;
  indicators: IndicatorReading[];
}

/**
 * OHLCV of the hovered (or last) bar and the indicator values, drawn over the chart's top-left. React
 * renders the legend's elements when its shape changes (a bar shown or not, the indicators and their
 * lines, the market's decimals); each reading of the feed is written into them in place
 * (`LegendPainter`): a live tick re-renders nothing.
 */
export function ChartLegend({ symbol, feed, decimals }: { symbol: string; feed: LegendFeed; decimals: number }) {
  const timeframe = usePreferencesStore((s) => s.timeframe);
  const active = usePreferencesStore((s) => s.indicators);
  const toggle = usePreferencesStore((s) => s.toggleIndicator);
  const settings = useChartSettingsStore((s) => s.indicators);
  // The chart's exchange, named in its header ("BTC/USDT · Kraken · 1m"); none for the simulated or a replayed market.
  const exchange = useHostStore((s) => s.status?.dataSource.exchange ?? null);
  const shape = useSyncExternalStore(feed.subscribe, () => legendShape(feed.snapshot()));
  const values = feed.snapshot();
  const root = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const painter = new LegendPainter(root.current!, decimals);
    painter.paint(feed.snapshot());
    return feed.subscribe(() => painter.paint(feed.snapshot()));
  }, [feed, shape, decimals, active]);
  return (
    <div className="chart-legend" data-testid="chart-legend" ref={root}>
      <div className="legend-row">
        <strong>{symbol}</strong>
        {exchange ? <span data-testid="chart-venue">· {exchangeName(exchange)}</span> : null}
        <span className="muted">· {timeframe}</span>
        {/* The bar's time is on the canvas axis; screen readers (and tests) read it here. */}
        {values.bar ? <time className="visually-hidden" /> : null}
        {values.bar ? (
          <span className="legend-ohlc">
            <span>O <b data-part="price" /></span>
            <span>H <b data-part="price" /></span>
            <span>L <b data-part="price" /></span>
            <span>C <b data-part="price" /></span>
            <span data-part="change" />
            <span className="muted">Vol <b data-part="volume" /></span>
          </span>
        ) : null}
      </div>
      {active.map((id) => (
        <div key={id} className="legend-row legend-indicator" data-indicator={id}>
          <span>{indicatorLabel(id, settings[id])}</span>
          {values.indicators
            .find((reading) => reading.id === id)
            ?.values.map((value) => <b key={value.label} style={{ color: value.color }} title={value.label} />)}
          <button type="button" className="icon" aria-label={`Remove ${indicatorLabel(id, settings[id])}`} onClick={() => toggle(id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
