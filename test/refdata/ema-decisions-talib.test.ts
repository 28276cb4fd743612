import { describe, expect, it } from 'vitest';
import { EMA, MACD } from '../../core/indicators/index.js';
import { marketTrendOf } from '../../core/strategies/fibonacci.js';
import { talibCases } from './talib-reference.js';

/**
 * Decisions taken on EMA-family indicators are reproducible against a TA-Lib-based reference: the
 * same rules run once on Halyard's indicators (core/indicators, what the strategies use) and once on
 * TA-Lib's own outputs, over every TA-Lib file in ../shared/data, and must decide identically on
 * every bar. (On trading-signals' first-price-seeded MACD, the first MACD crossover decisions of the
 * freqtrade series come on other bars: 43 and 56 instead of 35 and 36.)
 */
interface Decision {
  readonly bar: number;
  readonly action: 'enter' | 'exit';
}

/**
 * A long-only crossover, with sma-cross's rule: a cross compares the current fast − slow difference with
 * the last non-zero one; the first bar with both values only seeds the comparison.
 */
function crossoverDecisions(fast: readonly (number | null)[], slow: readonly (number | null)[]): Decision[] {
  const decisions: Decision[] = [];
  let last = Number.NaN;
  let holding = false;
  fast.forEach((f, bar) => {
    const s = slow[bar];
    if (f === null || s === null || s === undefined) return;
    const difference = f - s;
    const before = last;
    if (difference !== 0 || Number.isNaN(before)) last = difference;
    if (Number.isNaN(before)) return;
    if (!holding && before < 0 && difference > 0) {
      holding = true;
      decisions.push({ bar, action: 'enter' });
    } else if (holding && before > 0 && difference < 0) {
      holding = false;
      decisions.push({ bar, action: 'exit' });
    }
  });
  return decisions;
}

function series<T>(values: readonly number[], create: () => { add(value: number): T | null }, pick: (out: T) => number): (number | null)[] {
  const indicator = create();
  return values.map((value) => {
    const out = indicator.add(value);
    return out === null ? null : pick(out);
  });
}

const self = (value: number) => value;

describe.each(talibCases().map((c) => [c.name, c] as const))('decisions on %s', (_name, talib) => {
  const closes = talib.candles.map((c) => c.close);

  it('an EMA(12) × EMA(26) crossover enters and exits on the same bars as on TA-Lib’s EMAs', () => {
    const ours = crossoverDecisions(series(closes, () => new EMA(12), self), series(closes, () => new EMA(26), self));
    const reference = crossoverDecisions(talib.output('EMA(12)', 'outReal').values, talib.output('EMA(26)', 'outReal').values);
    expect(reference.length).toBeGreaterThan(4);
    expect(ours).toEqual(reference);
  });

  it('a MACD(12, 26, 9) × signal crossover decides on the same bars as on TA-Lib’s MACD', () => {
    const macd = series(closes, () => new MACD(12, 26, 9), (m) => m.macd);
    const signal = series(closes, () => new MACD(12, 26, 9), (m) => m.signal);
    const reference = crossoverDecisions(talib.output('MACD(12,26,9)', 'outMACD').values, talib.output('MACD(12,26,9)', 'outMACDSignal').values);
    expect(reference.length).toBeGreaterThan(4);
    expect(crossoverDecisions(macd, signal)).toEqual(reference);
  });

  it('fibonacci’s market condition (close vs EMA 12 vs EMA 26) reads the same on every bar as on TA-Lib’s EMAs', () => {
    const fast = series(closes, () => new EMA(12), self);
    const slow = series(closes, () => new EMA(26), self);
    const talibFast = talib.output('EMA(12)', 'outReal').values;
    const talibSlow = talib.output('EMA(26)', 'outReal').values;
    const read = (f: readonly (number | null)[], s: readonly (number | null)[]) =>
      closes.map((close, bar) => (f[bar] == null || s[bar] == null ? 'unknown' : marketTrendOf(close, f[bar]!, s[bar]!)));
    const reference = read(talibFast, talibSlow);
    expect(new Set(reference)).toEqual(new Set(['unknown', 'up', 'down', 'mixed']));
    expect(read(fast, slow)).toEqual(reference);
  });
});
