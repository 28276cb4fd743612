import { BollingerBands } from 'trading-signals';
import { describe, expect, it } from 'vitest';
import { RunningBollinger, type BandsResult } from '../../core/indicators/index.js';
import { agreement, talibCases, TOLERANCE } from './talib-reference.js';

const BANDS = [
  ['upper', 'outRealUpperBand'],
  ['middle', 'outRealMiddleBand'],
  ['lower', 'outRealLowerBand'],
] as const;

/**
 * The project's O(1) Bollinger Bands (the chart's) against TA-Lib's BBANDS(20,2,2,0) and against
 * trading-signals' BollingerBands, which it replaces there, over every TA-Lib file in the shared data:
 * within 1e-9 (relative) from TA-Lib's first value on, and nothing before it.
 */
describe.each(talibCases().map((c) => [c.name, c] as const))('RunningBollinger on %s', (_name, talibCase) => {
  it('BBANDS(20, 2) agrees with TA-Lib and with trading-signals', () => {
    const running = new RunningBollinger(20, 2);
    const library = new BollingerBands(20, 2);
    const ours = talibCase.candles.map((c) => running.add(c.close));
    const theirs = talibCase.candles.map((c) => library.add(c.close));
    for (const [key, output] of BANDS) {
      const result = agreement(
        ours.map((bands: BandsResult | null) => bands?.[key] ?? null),
        talibCase.output('BBANDS(20,2,2,0)', output),
      );
      expect(result.problems, key).toEqual([]);
      expect(result.worst, key).toBeLessThanOrEqual(TOLERANCE);
      ours.forEach((bands, i) => {
        const other = theirs[i];
        if (bands === null || other === null || other === undefined) expect(bands === null, `${key} #${i}`).toBe(other === null || other === undefined);
        else expect(Math.abs(bands[key] - other[key]) / Math.abs(other[key]), `${key} #${i}`).toBeLessThanOrEqual(TOLERANCE);
      });
    }
  });
});
