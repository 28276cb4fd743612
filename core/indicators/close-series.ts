import { RSI, SMA } from 'trading-signals';
import { EMA } from './ema.js';
import { MACD } from './macd.js';
import { RunningBollinger } from './running-bollinger.js';

/**
 * A streaming calculator over closes with named outputs (what a chart plots): `update(close, replace)`
 * where replace=true revises the newest close (the forming bar). An output is null while it warms up.
 */
export interface CloseSeriesCalculator<K extends string = string> {
  update(close: number, replace: boolean): Readonly<Record<K, number | null>>;
}

const finite = (value: number | null | undefined): number | null => (value === null || value === undefined || !Number.isFinite(value) ? null : value);

/** The close-based indicators the chart offers, by kind, with their parameters. */
export const CLOSE_SERIES = {
  ema(period: number): CloseSeriesCalculator<'ema'> {
    const ema = new EMA(period);
    return { update: (close, replace) => ({ ema: finite(ema.update(close, replace)) }) };
  },
  sma(period: number): CloseSeriesCalculator<'sma'> {
    const sma = new SMA(period);
    return { update: (close, replace) => ({ sma: finite(sma.update(close, replace)) }) };
  },
  bollinger(period: number, deviations: number): CloseSeriesCalculator<'upper' | 'middle' | 'lower'> {
    // O(1) per update: the chart computes it over every bar it holds when the history arrives.
    const bands = new RunningBollinger(period, deviations);
    return {
      update: (close, replace) => {
        const result = bands.update(close, replace);
        return { upper: finite(result?.upper), middle: finite(result?.middle), lower: finite(result?.lower) };
      },
    };
  },
  rsi(period: number): CloseSeriesCalculator<'rsi'> {
    const rsi = new RSI(period);
    return { update: (close, replace) => ({ rsi: finite(rsi.update(close, replace)) }) };
  },
  macd(fast: number, slow: number, signal: number): CloseSeriesCalculator<'macd' | 'signal' | 'histogram'> {
    const macd = new MACD(fast, slow, signal);
    return {
      update: (close, replace) => {
        const result = macd.update(close, replace);
        return { macd: finite(result?.macd), signal: finite(result?.signal), histogram: finite(result?.histogram) };
      },
    };
  },
} as const;

export type CloseSeriesKind = keyof typeof CLOSE_SERIES;
