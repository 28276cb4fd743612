import { BollingerBands, EMA, MACD, RSI, SMA } from 'trading-signals';
import type { IndicatorId } from '../../stores/preferences';

/** One plotted line (or histogram) of an indicator. */
export interface IndicatorLine {
  key: string;
  label: string;
  color: string;
  kind: 'line' | 'histogram';
}

/** A streaming calculator: `update(close, replace)` where replace=true revises the forming bar. */
export interface IndicatorCalculator {
  update(close: number, replace: boolean): Record<string, number | null>;
}

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

const num = (value: number | null | undefined): number | null => (value === null || value === undefined || !Number.isFinite(value) ? null : value);

// All the math is trading-signals' (the same library the strategies use); this file only maps it to plots.
export const INDICATOR_SPECS: Record<IndicatorId, IndicatorSpec> = {
  ema: {
    id: 'ema',
    pane: 'price',
    lines: [{ key: 'ema', label: 'EMA 20', color: '#f0b90b', kind: 'line' }],
    create() {
      const ema = new EMA(20);
      return {
        update: (close, replace) => {
          const value = ema.update(close, replace);
          return { ema: ema.isStable ? num(value) : null };
        },
      };
    },
  },
  sma: {
    id: 'sma',
    pane: 'price',
    lines: [{ key: 'sma', label: 'SMA 50', color: '#b388ff', kind: 'line' }],
    create() {
      const sma = new SMA(50);
      return { update: (close, replace) => ({ sma: num(sma.update(close, replace)) }) };
    },
  },
  bollinger: {
    id: 'bollinger',
    pane: 'price',
    lines: [
      { key: 'upper', label: 'BB upper', color: '#4fc3f7', kind: 'line' },
      { key: 'middle', label: 'BB basis', color: '#4fc3f780', kind: 'line' },
      { key: 'lower', label: 'BB lower', color: '#4fc3f7', kind: 'line' },
    ],
    create() {
      const bands = new BollingerBands(20, 2);
      return {
        update: (close, replace) => {
          const result = bands.update(close, replace);
          return { upper: num(result?.upper), middle: num(result?.middle), lower: num(result?.lower) };
        },
      };
    },
  },
  rsi: {
    id: 'rsi',
    pane: 'oscillator',
    lines: [{ key: 'rsi', label: 'RSI 14', color: '#ce93d8', kind: 'line' }],
    guides: [30, 70],
    range: [0, 100],
    create() {
      const rsi = new RSI(14);
      return { update: (close, replace) => ({ rsi: num(rsi.update(close, replace)) }) };
    },
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
    create() {
      const macd = new MACD(new EMA(12), new EMA(26), new EMA(9));
      return {
        update: (close, replace) => {
          const result = macd.update(close, replace);
          return { macd: num(result?.macd), signal: num(result?.signal), histogram: num(result?.histogram) };
        },
      };
    },
  },
};
