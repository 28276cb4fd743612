import { describe, expect, it } from 'vitest';
import { candlesToColumns, type Candle } from '../../core/market/candle.js';
import { checkBar, checkCandle, detectSpikes, firstInvalidBar, validateCandles } from '../../core/market/validation.js';

const T0 = Date.parse('2024-03-01T00:00:00Z');
const M = 60_000;
const c = (i: number, o: number, h: number, l: number, cl: number, v = 1): Candle => ({ time: T0 + i * M, open: o, high: h, low: l, close: cl, volume: v });

describe('candle validation before storing', () => {
  it('accepts a consistent, aligned bar', () => {
    expect(checkCandle(c(0, 100, 105, 95, 102), '1m')).toBeNull();
  });

  it.each([
    ['low above open', c(0, 100, 105, 101, 102), 'ohlc', 'low 101 is above open 100'],
    ['low above close', c(0, 100, 105, 99, 98), 'ohlc', 'low 99 is above close 98'],
    ['high below close', c(0, 100, 101, 95, 102), 'ohlc', 'high 101 is below close 102'],
    ['high below open', c(0, 103, 102, 95, 100), 'ohlc', 'high 102 is below open 103'],
    ['low above high', c(0, 100, 90, 110, 100), 'ohlc', 'low 110 is above high 90'],
    ['negative volume', c(0, 100, 105, 95, 102, -3), 'volume', 'volume -3 is negative'],
    ['zero price', c(0, 0, 105, 0, 102), 'price', 'prices must be positive numbers (open 0, high 105, low 0, close 102)'],
  ])('rejects %s', (_name, candle, rule, detail) => {
    expect(checkCandle(candle, '1m')).toEqual({ time: candle.time, rule, detail });
  });

  it('rejects a bar that is not on the timeframe grid', () => {
    const candle = { ...c(0, 100, 105, 95, 102), time: T0 + 30_000 };
    expect(checkCandle(candle, '1m')).toMatchObject({ rule: 'alignment', detail: 'time 2024-03-01T00:00:30.000Z is not on the 1m grid' });
    expect(checkCandle(c(1, 100, 105, 95, 102), '5m')).toMatchObject({ rule: 'alignment' });
    expect(checkCandle(c(5, 100, 105, 95, 102), '5m')).toBeNull();
  });

  it('reports every rejected bar with its input position, and a second bar for the same time', () => {
    const input = [c(0, 100, 105, 95, 102), c(1, 100, 99, 95, 102), c(2, 100, 105, 95, 102), c(2, 101, 105, 95, 102), c(0, 100, 105, 95, 102)];
    const result = validateCandles(input, '1m');
    expect(result.accepted.map((x) => x.time)).toEqual([T0, T0 + 2 * M]);
    expect(result.rejected.map((r) => [r.index, r.rule])).toEqual([
      [1, 'ohlc'],
      [3, 'duplicate'],
      [4, 'duplicate'],
    ]);
    expect(result.rejected[1]!.detail).toMatch(/^a different bar/);
    expect(result.rejected[2]!.detail).toMatch(/^the same bar/);
  });

  it('flags a one-bar spike of more than 50 % against both neighbours, and keeps it', () => {
    const bars = [c(0, 100, 101, 99, 100), c(1, 100, 160, 99, 100), c(2, 100, 101, 99, 100)];
    const result = validateCandles(bars, '1m');
    expect(result.accepted).toHaveLength(3);
    expect(result.flagged).toEqual([expect.objectContaining({ time: T0 + M })]);
    expect(result.flagged[0]!.move).toBeCloseTo(0.6, 10);
    // A downward wick too.
    expect(detectSpikes([c(0, 100, 101, 99, 100), c(1, 100, 100, 40, 100), c(2, 100, 101, 99, 100)])).toHaveLength(1);
  });

  it('does not flag a genuine level change (the next bar stays there) nor a large but sub-50 % move', () => {
    expect(detectSpikes([c(0, 100, 101, 99, 100), c(1, 100, 160, 100, 160), c(2, 160, 162, 158, 161)])).toEqual([]);
    expect(detectSpikes([c(0, 100, 101, 99, 100), c(1, 100, 145, 99, 100), c(2, 100, 101, 99, 100)])).toEqual([]);
  });

  it('uses stored neighbours at the edges of a batch', () => {
    const spike = c(5, 100, 170, 99, 100);
    expect(detectSpikes([spike])).toEqual([]);
    expect(detectSpikes([spike], { before: c(4, 100, 101, 99, 100), after: c(6, 100, 101, 99, 100) })).toHaveLength(1);
  });

  it('firstInvalidBar (the CSV loader\'s in-place check) finds exactly the bars checkBar finds something wrong with', () => {
    const odd = [100, 0, -0, -1, Number.NaN, Number.POSITIVE_INFINITY, 99.5, 106, 94];
    const bars: Candle[] = [];
    for (const o of odd) for (const h of [105, ...odd]) for (const l of [95, o, h]) bars.push(c(bars.length, o, h, l, 102, o === 100 ? -0 : o === 99.5 ? Number.NaN : 1));
    bars.push({ ...c(1, 100, 105, 95, 102), time: T0 + 30_000 }, c(2, 100, 105, 95, 102, Number.POSITIVE_INFINITY), c(3, 100, 105, 95, 102, 0));
    const columns = candlesToColumns(bars);
    const bad = bars.map((bar) => checkBar(bar.time, bar.open, bar.high, bar.low, bar.close, bar.volume, '1m') !== null);
    // From every bar on, the first bad one at or after it (-1: none left).
    let next = -1;
    for (let i = bars.length - 1; i >= 0; i--) {
      if (bad[i]) next = i;
      expect(firstInvalidBar(columns, i, M), `from bar ${i}: ${JSON.stringify(bars[i])}`).toBe(next);
    }
    expect(firstInvalidBar(columns, bars.length, M)).toBe(-1);
    const valid = bad.filter((b) => !b).length;
    expect(valid).toBeGreaterThan(5);
    expect(valid).toBeLessThan(bars.length - 5);
  });
});
