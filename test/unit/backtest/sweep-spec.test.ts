import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { planSweep, SweepSpecError } from '../../../core/backtest/sweep/spec.js';
import { foldsOf, parseWalkForward } from '../../../core/backtest/sweep/walk-forward.js';
import { STRATEGY_API_VERSION, type StrategyDefinition } from '../../../core/strategies/contract.js';
import { smaCrossStrategy } from '../../../core/strategies/sma-cross.js';

const sma = smaCrossStrategy as StrategyDefinition;
const base = { fast: 20, slow: 60, stake: 1, timeframe: '1m' };

function error(run: () => unknown): SweepSpecError {
  try {
    run();
  } catch (caught) {
    if (caught instanceof SweepSpecError) return caught;
    throw caught;
  }
  throw new Error('no error');
}

describe('sweep plans', () => {
  it('expands ranges with both ends, the last parameter varying fastest, and skips what the strategy refuses', () => {
    const plan = planSweep(sma, { fast: [5, 15, 5], slow: [10, 20, 10] }, base);
    expect(plan.variants.map((v) => v.id)).toEqual(['fast=5 slow=10', 'fast=5 slow=20', 'fast=10 slow=20', 'fast=15 slow=20']);
    expect(plan).toMatchObject({ gridSize: 6, skipped: 2, skipReason: 'fast: fast must be shorter than slow' });
    expect(plan.variants[0]!.params).toEqual({ ...base, fast: 5, slow: 10 });
  });

  it('writes decimal steps without float noise and takes explicit lists', () => {
    const stakes = planSweep(sma, { stake: [0.1, 0.5, 0.1] }, base).variants.map((v) => v.values.stake);
    expect(stakes).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(planSweep(sma, { timeframe: { values: ['1m', '15m'] } }, base).variants.map((v) => v.id)).toEqual(['timeframe=1m', 'timeframe=15m']);
  });

  it('draws the same random combinations for the same seed, and different ones for another', () => {
    const draw = (seed: number) => planSweep(sma, { fast: [2, 50, 1], slow: [60, 200, 10] }, base, { random: 10, seed }).variants.map((v) => v.id);
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(new Set(draw(7)).size).toBe(10);
  });

  it('draws N variants the strategy accepts: a refused draw is replaced, and a seed still draws the same ones', () => {
    // Half of this grid has fast ≥ slow, which sma-cross refuses.
    const draw = (seed: number) => planSweep(sma, { fast: [5, 100, 5], slow: [20, 100, 10] }, base, { random: 30, seed });
    const plan = draw(3);
    expect(plan.variants).toHaveLength(30);
    expect(plan.skipped).toBeGreaterThan(0);
    expect(new Set(plan.variants.map((v) => v.id)).size).toBe(30);
    expect(plan.variants.map((v) => v.id)).toEqual(draw(3).variants.map((v) => v.id));
    // Fewer valid combinations than asked for: every valid one, once.
    expect(planSweep(sma, { fast: [10, 30, 10], slow: [20, 30, 10] }, base, { random: 5 }).variants.map((v) => v.id)).toEqual(['fast=10 slow=20', 'fast=10 slow=30', 'fast=20 slow=30']);
  });

  it('refuses a value listed twice (it would run one variant as two rows of one name)', () => {
    expect(error(() => planSweep(sma, { fast: { values: [10, 20, 10] } }, base))).toMatchObject({ field: 'fast', detail: '10 is listed twice' });
  });

  it('names the parameter and the value of every bad range', () => {
    expect(error(() => planSweep(sma, { fast: [5, 10, 0] }, base))).toMatchObject({ field: 'fast', detail: 'step must be positive, got 0' });
    expect(error(() => planSweep(sma, { fast: [10, 5, 1] }, base))).toMatchObject({ field: 'fast', detail: 'from 10 is above to 5' });
    expect(error(() => planSweep(sma, { fast: [1.5, 3, 1] }, base)).detail).toMatch(/^1\.5 is not a valid value \(.*int/);
    expect(error(() => planSweep(sma, { fast: { values: [] } }, base)).field).toBe('fast');
    expect(error(() => planSweep(sma, { speed: [1, 2, 1] }, base)).detail).toBe('not a parameter of sma-cross (its parameters: fast, slow, stake, timeframe)');
    expect(error(() => planSweep(sma, {}, base)).field).toBe('sweep');
    expect(error(() => planSweep(sma, { fast: [1, 999, 1], slow: [2, 1001, 1] }, base)).detail).toMatch(/^the grid has 999,000 combinations, more than 100,000/);
    expect(error(() => planSweep(sma, { fast: [5, 10, 5] }, base, { random: 0 })).field).toBe('random');
  });

  it('leaves the values to the whole schema when the parameters are not an object schema', () => {
    const loose: StrategyDefinition = { ...sma, params: z.any() as z.ZodType, apiVersion: STRATEGY_API_VERSION };
    expect(planSweep(loose, { anything: [1, 2, 1] }, {}).variants).toHaveLength(2);
  });
});

describe('walk-forward folds', () => {
  it('reads train=…,test=… in days or hours', () => {
    expect(parseWalkForward('train=90d,test=30d')).toEqual({ trainMs: 90 * 86_400_000, testMs: 30 * 86_400_000 });
    expect(parseWalkForward('test=12h, train=2d')).toEqual({ trainMs: 2 * 86_400_000, testMs: 12 * 3_600_000 });
    expect(() => parseWalkForward('train=90,test=30d')).toThrow(/must look like train=90d,test=30d/);
    expect(() => parseWalkForward('train=90d,test=30d,step=1d')).toThrow(/must look like/);
  });

  it('moves by one test span, so the test spans follow each other', () => {
    const day = 86_400_000;
    const folds = foldsOf({ trainMs: 3 * day, testMs: day }, 0, 6 * day);
    expect(folds).toEqual([
      { trainFrom: 0, trainTo: 3 * day, testTo: 4 * day },
      { trainFrom: day, trainTo: 4 * day, testTo: 5 * day },
      { trainFrom: 2 * day, trainTo: 5 * day, testTo: 6 * day },
    ]);
    expect(() => foldsOf({ trainMs: 3 * day, testMs: day }, 0, 3 * day)).toThrow(/does not fit/);
  });
});
