import { describe, expect, it } from 'vitest';
import { CLOSE_SERIES, type CloseSeriesCalculator } from '../../../core/indicators/index.js';

/**
 * A new history's first paint computes the chart's indicators over its 600-bar window and 1,000 bars
 * before it only (renderer/src/features/chart/ChartWindow.ts, FIRST_PAINT_WARMUP); the values over the
 * whole history follow after that paint, and the window is drawn again only if one of its values differs.
 * With the chart's indicators at their default parameters, none does: what the trader sees first is what
 * stays.
 */
const DEFAULTS: Record<string, () => CloseSeriesCalculator> = {
  'EMA 20': () => CLOSE_SERIES.ema(20),
  'SMA 20': () => CLOSE_SERIES.sma(20),
  'Bollinger 20, 2': () => CLOSE_SERIES.bollinger(20, 2),
  'RSI 14': () => CLOSE_SERIES.rsi(14),
  'MACD 12, 26, 9': () => CLOSE_SERIES.macd(12, 26, 9),
};
const BARS = 5_000;
const WINDOW = 600;
const WARMUP = 1_000;

/** A BTC-like 1m random walk (seeded: the same closes every run). */
function closes(): number[] {
  let seed = 7;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  let price = 64_000;
  return Array.from({ length: BARS }, () => (price = Math.round(price * (1 + (random() - 0.5) * 0.004) * 100) / 100));
}

function valuesFrom(create: () => CloseSeriesCalculator, series: number[], first: number): Record<string, number | null>[] {
  const calculator = create();
  return series.slice(first).map((close) => ({ ...calculator.update(close, false) }));
}

describe('the chart\'s first paint with indicators warmed up over 1,000 bars', () => {
  it.each(Object.keys(DEFAULTS))('%s: the window\'s values equal those over the whole history to the last bit', (name) => {
    const series = closes();
    const start = BARS - WINDOW;
    const full = valuesFrom(DEFAULTS[name]!, series, 0).slice(start);
    const quick = valuesFrom(DEFAULTS[name]!, series, start - WARMUP).slice(WARMUP);
    expect(quick).toHaveLength(WINDOW);
    quick.forEach((reading, i) => {
      for (const key of Object.keys(reading)) expect(Object.is(reading[key], full[i]![key]), `${key} at window bar ${i}: ${reading[key]} vs ${full[i]![key]}`).toBe(true);
    });
  });
});
