import { describe, expect, it } from 'vitest';
import { chartCommands } from '../../../core/api/contract/chart.js';
import { fibonacciPrices } from '../../../core/market/chart-drawings.js';

describe('chart drawings', () => {
  it('puts a Fibonacci retracement’s levels between its anchors: 0 % at the second point, 100 % at the first', () => {
    const levels = fibonacciPrices({ time: 0, price: 100 }, { time: 60_000, price: 200 });
    expect(levels.map((l) => [l.level, Number(l.price.toFixed(8))])).toEqual([
      [0, 200],
      [0.236, 176.4],
      [0.382, 161.8],
      [0.5, 150],
      [0.618, 138.2],
      [0.786, 121.4],
      [1, 100],
    ]);
  });

  it('asks each kind for its number of points, naming the field', () => {
    const add = chartCommands['chart.drawings.add'].request;
    expect(add.safeParse({ symbol: 'BTC/USDT', kind: 'horizontal', points: [{ time: 0, price: 1 }] }).success).toBe(true);
    const trend = add.safeParse({ symbol: 'BTC/USDT', kind: 'trend', points: [{ time: 0, price: 1 }] });
    expect(trend.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([['points', 'a trend drawing has 2 points']]);
    const price = add.safeParse({ symbol: 'BTC/USDT', kind: 'horizontal', points: [{ time: 0, price: 0 }] });
    expect(price.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([['points.0.price', 'must be above 0']]);
    const kind = add.safeParse({ symbol: 'BTC/USDT', kind: 'circle', points: [{ time: 0, price: 1 }] });
    expect(kind.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([['kind', 'choose horizontal, trend or fibonacci']]);
  });
});
