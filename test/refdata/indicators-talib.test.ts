import { SMA as LibrarySMA } from 'trading-signals';
import { describe, expect, it } from 'vitest';
import { ADX, ATR, CLOSE_SERIES, DEMA, DonchianChannels, EMA, ROC, RSI, SMA, TEMA, type CloseSeriesKind } from '../../core/indicators/index.js';
import type { Candle } from '../../core/market/candle.js';
import { VolumeAverage } from '../../core/strategies/support/volume-average.js';
import { agreement, talibCases, TOLERANCE, type TalibCase } from './talib-reference.js';

/**
 * Every indicator Halyard draws or trades on, over every TA-Lib output file in ../shared/data, held to
 * TA-Lib within 1e-9 (relative) from TA-Lib's first output on — and showing nothing before it, as TA-Lib
 * shows nothing. Periods are the ones the TA-Lib files hold (the chart's EMA 20 and SMA 50 are the same
 * classes as EMA 12/26 and SMA 10/30 here). The only indicator with no TA-Lib counterpart is the swing
 * pivot (trading-signals' SwingHigh/SwingLow, Fibonacci's swings): TA-Lib has no fractal function.
 */
type Series = (number | null | undefined)[];

interface Row {
  /** What Halyard computes, and who uses it. */
  readonly label: string;
  /** TA-Lib's function name and output in the files, e.g. `MACD(12,26,9)` / `outMACDSignal`. */
  readonly talib: readonly [string, string];
  /** A series computed from TA-Lib's own outputs, where the strategy derives one (default: the output itself). */
  readonly reference?: (c: TalibCase) => { values: (number | null)[]; begIndex: number };
  readonly compute: (candles: readonly Candle[]) => Series;
}

/** The chart's calculator as it runs live: each bar arrives at its open and is revised to its close. */
function chartLive<K extends string>(create: () => { update(close: number, replace: boolean): Readonly<Record<K, number | null>> }, key: K) {
  return (candles: readonly Candle[]): Series => {
    const calculator = create();
    return candles.map((c) => {
      calculator.update(c.open, false);
      return calculator.update(c.close, true)[key];
    });
  };
}

const chartKinds = new Set<CloseSeriesKind>();
function chart<K extends string>(kind: CloseSeriesKind, label: string, create: () => { update(close: number, replace: boolean): Readonly<Record<K, number | null>> }, outputs: [K, string][], talib: string): Row[] {
  chartKinds.add(kind);
  return outputs.map(([key, output]) => ({ label: `chart ${label} ${key}`, talib: [talib, output], compute: chartLive(create, key) }));
}

/** An indicator fed one input per bar, as the strategies feed it. */
function each<In, Out>(create: () => { add(input: In): Out | null }, input: (c: Candle) => In, pick: (out: Out) => number | null = (out) => out as number) {
  return (candles: readonly Candle[]): Series => {
    const indicator = create();
    return candles.map((c) => {
      const out = indicator.add(input(c));
      return out === null ? null : pick(out);
    });
  };
}

/** Each value over the mean of its last `n` values (TA-Lib's own outputs), from `begIndex` on. */
function ratioToAverage(values: readonly (number | null)[], n: number, begIndex: number) {
  const out = values.map((value, i) => {
    if (i < begIndex || value === null) return null;
    const window = values.slice(i - n + 1, i + 1) as number[];
    return value / (window.reduce((a, b) => a + b, 0) / n);
  });
  return { values: out, begIndex };
}

const ROWS: Row[] = [
  ...chart('ema', 'EMA', () => CLOSE_SERIES.ema(12), [['ema', 'outReal']], 'EMA(12)'),
  ...chart('ema', 'EMA', () => CLOSE_SERIES.ema(26), [['ema', 'outReal']], 'EMA(26)'),
  ...chart('sma', 'SMA', () => CLOSE_SERIES.sma(10), [['sma', 'outReal']], 'SMA(10)'),
  ...chart('sma', 'SMA', () => CLOSE_SERIES.sma(30), [['sma', 'outReal']], 'SMA(30)'),
  ...chart('bollinger', 'Bollinger', () => CLOSE_SERIES.bollinger(20, 2), [['upper', 'outRealUpperBand'], ['middle', 'outRealMiddleBand'], ['lower', 'outRealLowerBand']], 'BBANDS(20,2,2,0)'),
  ...chart('rsi', 'RSI', () => CLOSE_SERIES.rsi(14), [['rsi', 'outReal']], 'RSI(14)'),
  ...chart('macd', 'MACD', () => CLOSE_SERIES.macd(12, 26, 9), [['macd', 'outMACD'], ['signal', 'outMACDSignal'], ['histogram', 'outMACDHist']], 'MACD(12,26,9)'),

  { label: 'EMA(12) — ema-trend, fibonacci', talib: ['EMA(12)', 'outReal'], compute: each(() => new EMA(12), (c) => c.close) },
  { label: 'EMA(26) — ema-trend, fibonacci', talib: ['EMA(26)', 'outReal'], compute: each(() => new EMA(26), (c) => c.close) },
  { label: 'SMA(10) — sma-cross, volume average, fibonacci', talib: ['SMA(10)', 'outReal'], compute: each(() => new SMA(10), (c) => c.close) },
  { label: 'SMA(30) — sma-cross', talib: ['SMA(30)', 'outReal'], compute: each(() => new SMA(30), (c) => c.close) },
  { label: 'RSI(14) — breakout, fibonacci', talib: ['RSI(14)', 'outReal'], compute: each(() => new RSI(14), (c) => c.close) },
  { label: 'ATR(14) — fibonacci', talib: ['ATR(14)', 'outReal'], compute: each(() => new ATR(14), (c) => c) },
  {
    label: 'Donchian(20) upper over closes — dca-grid, breakout, channel',
    talib: ['MAX(20)', 'outReal'],
    compute: each(() => new DonchianChannels(20), (c) => ({ high: c.close, low: c.close }), (out) => out.upper),
  },
  {
    label: 'Donchian(20) lower over closes — channel',
    talib: ['MIN(20)', 'outReal'],
    compute: each(() => new DonchianChannels(20), (c) => ({ high: c.close, low: c.close }), (out) => out.lower),
  },
  { label: 'Donchian(14) middle over highs and lows', talib: ['MIDPRICE(14)', 'outReal'], compute: each(() => new DonchianChannels(14), (c) => c, (out) => out.middle) },
  {
    // The strategies' relative volume: a bar's value over the SMA of the bars before it (fed closes here).
    label: 'volume average ratio (close / prior SMA(10)) — breakout, dca-grid, fibonacci',
    talib: ['SMA(10)', 'outReal'],
    reference: (c) => {
      const sma = c.output('SMA(10)', 'outReal');
      return { values: sma.values.map((_, i) => (i > sma.begIndex ? c.candles[i]!.close / sma.values[i - 1]! : null)), begIndex: sma.begIndex + 1 };
    },
    compute: (candles) => {
      const average = new VolumeAverage(10);
      return candles.map((c) => {
        const ratio = average.push(c.close);
        return Number.isNaN(ratio) ? null : ratio;
      });
    },
  },
  {
    // Fibonacci's volatility input: ATR(14) over the SMA(50) of ATR(14).
    label: 'ATR(14) / SMA(50) of ATR — fibonacci',
    talib: ['ATR(14)', 'outReal'],
    reference: (c) => {
      const atr = c.output('ATR(14)', 'outReal');
      return ratioToAverage(atr.values, 50, atr.begIndex + 49);
    },
    compute: (candles) => {
      const atr = new ATR(14);
      const average = new SMA(50);
      return candles.map((c) => {
        const value = atr.add(c);
        const mean = value === null ? null : average.add(value);
        return value === null || mean === null ? null : value / mean;
      });
    },
  },

  { label: 'DEMA(10)', talib: ['DEMA(10)', 'outReal'], compute: each(() => new DEMA(10), (c) => c.close) },
  { label: 'TEMA(10)', talib: ['TEMA(10)', 'outReal'], compute: each(() => new TEMA(10), (c) => c.close) },
  { label: 'ADX(14)', talib: ['ADX(14)', 'outReal'], compute: each(() => new ADX(14), (c) => c, (out) => out.adx) },
  { label: '+DI(14)', talib: ['PLUS_DI(14)', 'outReal'], compute: each(() => new ADX(14), (c) => c, (out) => out.plusDI) },
  { label: '−DI(14)', talib: ['MINUS_DI(14)', 'outReal'], compute: each(() => new ADX(14), (c) => c, (out) => out.minusDI) },
  { label: 'ROC(10) in percent', talib: ['ROC(10)', 'outReal'], compute: each(() => new ROC(10), (c) => c.close) },
];

describe('Halyard indicators agree with TA-Lib', () => {
  it('covers every indicator the chart offers, and sma-cross (which imports trading-signals directly) uses the same SMA', () => {
    expect([...chartKinds].sort()).toEqual(Object.keys(CLOSE_SERIES).sort());
    expect(SMA).toBe(LibrarySMA);
  });

  describe.each(talibCases().map((c) => [c.name, c] as const))('%s', (_name, talibCase) => {
    it.each(ROWS.map((row) => [`${row.label} vs TA-Lib ${row.talib.join(' ')}`, row] as const))('%s', (_label, row) => {
      const reference = row.reference ? row.reference(talibCase) : talibCase.output(...row.talib);
      const result = agreement(row.compute(talibCase.candles), reference);
      expect(result.problems, `${talibCase.engine}, ${talibCase.name}`).toEqual([]);
      expect(result.worst).toBeLessThanOrEqual(TOLERANCE);
    });
  });
});
