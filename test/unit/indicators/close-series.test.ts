import { describe, expect, it } from 'vitest';
import { CLOSE_SERIES, type CloseSeriesCalculator } from '../../../core/indicators/index.js';

/** What the chart creates for each of its indicators (small periods, so a short series warms them up). */
const CALCULATORS: Record<string, () => CloseSeriesCalculator> = {
  ema: () => CLOSE_SERIES.ema(3),
  sma: () => CLOSE_SERIES.sma(3),
  bollinger: () => CLOSE_SERIES.bollinger(3, 2),
  rsi: () => CLOSE_SERIES.rsi(3),
  macd: () => CLOSE_SERIES.macd(2, 4, 3),
};

/** A wavy series with no ties, 40 closes. */
const CLOSES = Array.from({ length: 40 }, (_, i) => 100 + 10 * Math.sin(i / 3) + i / 7);

describe('the chart indicators (core/indicators CLOSE_SERIES)', () => {
  it.each(Object.keys(CALCULATORS))('%s: a forming bar revised many times ends exactly where its final close alone would', (kind) => {
    const live = CALCULATORS[kind]!();
    const closed = CALCULATORS[kind]!();
    for (const close of CLOSES) {
      // The forming bar opens at the previous close, wanders, and closes: three revisions per bar.
      live.update(close - 3, false);
      live.update(close + 5, true);
      const revised = live.update(close, true);
      expect(revised).toEqual(closed.update(close, false));
    }
  });

  it('shows nothing while an indicator warms up, then a value on every bar', () => {
    const ema = CLOSE_SERIES.ema(3);
    // Seed (1+2+3)/3 = 2, then halfway to each close.
    expect([1, 2, 3, 5].map((close) => ema.update(close, false))).toEqual([{ ema: null }, { ema: null }, { ema: 2 }, { ema: 3.5 }]);
    const macd = CLOSE_SERIES.macd(2, 4, 3);
    const lines = CLOSES.map((close) => macd.update(close, false));
    // MACD(2, 4, 3): all three lines from close 4 + 3 − 1 = 6 on, as TA-Lib.
    expect(lines.slice(0, 5).every((line) => line.macd === null && line.signal === null && line.histogram === null)).toBe(true);
    expect(lines.slice(5).every((line) => line.macd !== null && line.signal !== null && line.histogram !== null)).toBe(true);
  });

  it('uses the population standard deviation for Bollinger Bands', () => {
    // 1, 2, 3: mean 2, population variance 2/3 → bands 2 ± 2·√(2/3).
    const bands = CLOSE_SERIES.bollinger(3, 2);
    [1, 2].forEach((close) => bands.update(close, false));
    expect(bands.update(3, false)).toEqual({ upper: 2 + 2 * Math.sqrt(2 / 3), middle: 2, lower: 2 - 2 * Math.sqrt(2 / 3) });
  });
});
