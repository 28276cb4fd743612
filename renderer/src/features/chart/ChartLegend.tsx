import type { Candle } from '../../../../core/market/candle';
import { direction, formatAmount, formatPrice } from '../../app/format';
import { exchangeName } from '../../app/venue';
import { useHostStore } from '../../stores/host';
import { usePreferencesStore } from '../../stores/preferences';
import { indicatorLabel, useChartSettingsStore } from './chart-settings';
import type { IndicatorReading } from './IndicatorLayer';

export interface LegendValues {
  bar: Candle | null;
  indicators: IndicatorReading[];
}

/** OHLCV of the hovered (or last) bar and the indicator values, drawn over the chart's top-left. */
export function ChartLegend({ symbol, values, decimals }: { symbol: string; values: LegendValues; decimals: number }) {
  const timeframe = usePreferencesStore((s) => s.timeframe);
  const active = usePreferencesStore((s) => s.indicators);
  const toggle = usePreferencesStore((s) => s.toggleIndicator);
  const settings = useChartSettingsStore((s) => s.indicators);
  // The chart's exchange, named in its header ("BTC/USDT · Kraken · 1m"); none for the simulated or a replayed market.
  const exchange = useHostStore((s) => s.status?.dataSource.exchange ?? null);
  const { bar } = values;
  const change = bar ? ((bar.close - bar.open) / bar.open) * 100 : 0;
  const tone = direction(bar ? bar.close - bar.open : 0);
  return (
    <div className="chart-legend" data-testid="chart-legend">
      <div className="legend-row">
        <strong>{symbol}</strong>
        {exchange ? <span data-testid="chart-venue">· {exchangeName(exchange)}</span> : null}
        <span className="muted">· {timeframe}</span>
        {/* The bar's time is on the canvas axis; screen readers (and tests) read it here. */}
        {bar ? (
          <time className="visually-hidden" dateTime={new Date(bar.time).toISOString()}>
            {new Date(bar.time).toISOString().slice(0, 16).replace('T', ' ')} UTC
          </time>
        ) : null}
        {bar ? (
          <span className={`legend-ohlc ${tone}`}>
            <span>O <b>{formatPrice(bar.open, decimals)}</b></span>
            <span>H <b>{formatPrice(bar.high, decimals)}</b></span>
            <span>L <b>{formatPrice(bar.low, decimals)}</b></span>
            <span>C <b>{formatPrice(bar.close, decimals)}</b></span>
            <span>
              {change >= 0 ? '+' : ''}
              {change.toFixed(2)}%
            </span>
            <span className="muted">Vol <b>{formatAmount(Math.round(bar.volume * 100) / 100)}</b></span>
          </span>
        ) : null}
      </div>
      {active.map((id) => (
        <div key={id} className="legend-row legend-indicator" data-indicator={id}>
          <span>{indicatorLabel(id, settings[id])}</span>
          {values.indicators
            .find((reading) => reading.id === id)
            ?.values.map((value) => (
              <b key={value.label} style={{ color: value.color }} title={value.label}>
                {formatPrice(value.value, id === 'rsi' ? 2 : decimals)}
              </b>
            ))}
          <button type="button" className="icon" aria-label={`Remove ${indicatorLabel(id, settings[id])}`} onClick={() => toggle(id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
