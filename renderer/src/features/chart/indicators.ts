import { CLOSE_SERIES, type CloseSeriesCalculator } from '../../../../core/indicators/index';
import type { IndicatorId } from '../../stores/preferences';

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
}

// The math is core/indicators' (the module the strategies use, held to TA-Lib's output by the
// reference-data suite); this file only maps it to plots. Periods match INDICATOR_LABELS.
export const INDICATOR_SPECS: Record<IndicatorId, IndicatorSpec> = {
  ema: {
    id: 'ema',
    pane: 'price',
    lines: [{ key: 'ema', label: 'EMA 20', color: '#f0b90b', kind: 'line' }],
    create: () => CLOSE_SERIES.ema(20),
  },
  sma: {
    id: 'sma',
    pane: 'price',
    lines: [{ key: 'sma', label: 'SMA 50', color: '#b388ff', kind: 'line' }],
    create: () => CLOSE_SERIES.sma(50),
  },
  bollinger: {
    id: 'bollinger',
    pane: 'price',
    lines: [
      { key: 'upper', label: 'BB upper', color: '#4fc3f7', kind: 'line' },
      { key: 'middle', label: 'BB basis', color: '#4fc3f780', kind: 'line' },
      { key: 'lower', label: 'BB lower', color: '#4fc3f7', kind: 'line' },
    ],
    create: () => CLOSE_SERIES.bollinger(20, 2),
  },
  rsi: {
    id: 'rsi',
    pane: 'oscillator',
    lines: [{ key: 'rsi', label: 'RSI 14', color: '#ce93d8', kind: 'line' }],
    guides: [30, 70],
    range: [0, 100],
    create: () => CLOSE_SERIES.rsi(14),
  },
  macd: {
    id: 'macd',
    pane: 'oscillator',
    lines: [
      { key: 'histogram', label: 'Histogram', color: '#26a69a', kind: 'histogram' },
      { key: 'macd', label: 'MACD', color: '#2962ff', kind: 'line' },
      { key: 'signal', label: 'Signal', color: '#ff6d00', kind: 'line' },
    ],
    guides: [0],
    create: () => CLOSE_SERIES.macd(12, 26, 9),
  },
};
