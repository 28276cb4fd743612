import { CLOSE_SERIES, type CloseSeriesCalculator } from '../../../../core/indicators/index';
import type { Candle } from '../../../../core/market/candle';
import type { IndicatorId } from '../../stores/preferences';
import { defaultSettings, indicatorLabel, numberOf, sourceValue, type IndicatorSettings } from './chart-settings';

/** One plotted line (or histogram) of an indicator. */
export interface IndicatorLine {
  key: string;
  label: string;
  color: string;
  kind: 'line' | 'histogram';
}

/** A streaming calculator: `update(close, replace)` where replace=true revises the forming bar. */
export type IndicatorCalculator = CloseSeriesCalculator;

export interface IndicatorSpec {
  id: IndicatorId;
  /** `price` overlays the candles; anything else gets its own pane below. */
  pane: 'price' | 'oscillator';
  lines: IndicatorLine[];
  /** Horizontal guides in the indicator's pane (RSI 30/70, MACD zero). */
  guides?: number[];
  /** A fixed scale for bounded oscillators (RSI is always 0–100). */
  range?: [number, number];
  create(): IndicatorCalculator;
  /** The bar's value the calculator takes (its close, or the source the trader chose). */
  input(bar: Candle): number;
  /** "EMA 20": as the legend and the indicator menu name it. */
  label: string;
}

// The math is core/indicators' (the module the strategies use, held to TA-Lib's output by the
// reference-data suite); this file only maps it to plots, with the trader's parameters (chart-settings.ts).
type SpecTemplate = Omit<IndicatorSpec, 'input' | 'label'>;

/** The plots of `id` with `settings` (period, source, colour); the defaults are the classic parameters. */
export function indicatorSpec(id: IndicatorId, settings: IndicatorSettings = defaultSettings(id)): IndicatorSpec {
  const n = (key: string) => numberOf(id, settings, key);
  const label = indicatorLabel(id, settings);
  const color = settings.color;
  const templates: Record<IndicatorId, () => SpecTemplate> = {
    ema: () => ({ id, pane: 'price', lines: [{ key: 'ema', label, color, kind: 'line' }], create: () => CLOSE_SERIES.ema(n('period')) }),
    sma: () => ({ id, pane: 'price', lines: [{ key: 'sma', label, color, kind: 'line' }], create: () => CLOSE_SERIES.sma(n('period')) }),
    bollinger: () => ({
      id,
      pane: 'price',
      lines: [
        { key: 'upper', label: 'BB upper', color, kind: 'line' },
        { key: 'middle', label: 'BB basis', color: `${color}80`, kind: 'line' },
        { key: 'lower', label: 'BB lower', color, kind: 'line' },
      ],
      create: () => CLOSE_SERIES.bollinger(n('period'), n('deviations')),
    }),
    rsi: () => ({ id, pane: 'oscillator', lines: [{ key: 'rsi', label, color, kind: 'line' }], guides: [30, 70], range: [0, 100], create: () => CLOSE_SERIES.rsi(n('period')) }),
    macd: () => ({
      id,
      pane: 'oscillator',
      lines: [
        { key: 'histogram', label: 'Histogram', color: '#26a69a', kind: 'histogram' },
        { key: 'macd', label: 'MACD', color, kind: 'line' },
        { key: 'signal', label: 'Signal', color: '#ff6d00', kind: 'line' },
      ],
      guides: [0],
      create: () => CLOSE_SERIES.macd(n('fast'), n('slow'), n('signal')),
    }),
  };
  const source = settings.source;
  return { ...templates[id](), label, input: (bar) => sourceValue(bar, source) };
}
