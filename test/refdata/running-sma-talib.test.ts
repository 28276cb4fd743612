import { SMA as LibrarySMA } from 'trading-signals';
import { describe, expect, it } from 'vitest';
import { RunningSMA } from '../../core/indicators/index.js';
import { agreement, talibCases, TOLERANCE } from './talib-reference.js';

/**
 * The project's O(1) SMA (the backtest hot path of sma-cross) against TA-Lib's SMA and against
 * trading-signals' SMA, which it replaces there, over every TA-Lib file in the shared data: within
 * 1e-9 (relative) from TA-Lib's first value on, and nothing before it.
 */
describe.each(talibCases().map((c) => [c.name, c] as const))('RunningSMA on %s', (_name, talibCase) => {
  it.each([10, 30])('SMA(%i) agrees with TA-Lib and with trading-signals', (period) => {
    const running = new RunningSMA(period);
    const library = new LibrarySMA(period);
    const ours = talibCase.candles.map((c) => running.add(c.close));
    const result = agreement(ours, talibCase.output(`SMA(${period})`, 'outReal'));
    expect(result.problems).toEqual([]);
    expect(result.worst).toBeLessThanOrEqual(TOLERANCE);
    const theirs = talibCase.candles.map((c) => library.add(c.close));
    ours.forEach((value, i) => {
      if (value === null || theirs[i] === null) expect(value, `#${i}`).toBe(theirs[i]);
      else expect(Math.abs(value - theirs[i]!) / Math.abs(theirs[i]!), `#${i}`).toBeLessThanOrEqual(TOLERANCE);
    });
  });
});
