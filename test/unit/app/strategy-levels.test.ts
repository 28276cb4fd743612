import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { StrategyLevelBoard } from '../../../core/runner/strategy-levels.js';
import type { MarketSymbol } from '../../../core/market/candle.js';
import { STRATEGY_API_VERSION, type StrategyDefinition, type StrategyInstance } from '../../../core/strategies/contract.js';

type Lines = () => readonly { price: number; label: string }[];

/** A strategy whose instances draw whatever `lines[symbol]` returns at the time the chart asks. */
function planner(name: string, lines: Record<string, Lines | undefined>): StrategyDefinition<Record<string, never>> {
  return {
    apiVersion: STRATEGY_API_VERSION,
    name,
    description: 'test planner',
    params: z.object({}).strict(),
    timeframes: ['1m'],
    warmupBars: 1,
    create: (_params, symbol: MarketSymbol): StrategyInstance => {
      const draw = lines[symbol];
      return { onCandle: () => [], readiness: () => 0, ...(draw ? { levels: draw } : {}) };
    },
  };
}

describe('strategy levels for the chart', () => {
  it('lists the live instances’ levels on the asked symbol, per configuration, highest price first', () => {
    const board = new StrategyLevelBoard();
    const grid = board.track('grid-eth', planner('dca-grid', { 'ETH/USDT': () => [{ price: 1980, label: 'grid 2' }, { price: 2000, label: 'grid 1' }], 'BTC/USDT': () => [{ price: 60_000, label: 'grid 1' }] }));
    const fib = board.track('fib', planner('fibonacci', { 'ETH/USDT': () => [{ price: 1900, label: 'fib 0.618' }] }));
    grid.create({}, 'ETH/USDT');
    grid.create({}, 'BTC/USDT');
    fib.create({}, 'ETH/USDT');
    board.goLive('grid-eth');
    board.goLive('fib');
    expect(board.levels('ETH/USDT')).toEqual([
      { config: 'grid-eth', strategy: 'dca-grid', price: 2000, label: 'grid 1' },
      { config: 'grid-eth', strategy: 'dca-grid', price: 1980, label: 'grid 2' },
      { config: 'fib', strategy: 'fibonacci', price: 1900, label: 'fib 0.618' },
    ]);
    expect(board.levels('BTC/USDT')).toEqual([{ config: 'grid-eth', strategy: 'dca-grid', price: 60_000, label: 'grid 1' }]);
    expect(board.levels('SOL/USDT')).toEqual([]);
  });

  it('draws nothing while a configuration warms up on history, or after it stopped', () => {
    const board = new StrategyLevelBoard();
    board.track('grid', planner('dca-grid', { 'ETH/USDT': () => [{ price: 2000, label: 'grid 1' }] })).create({}, 'ETH/USDT');
    expect(board.levels('ETH/USDT')).toEqual([]);
    board.goLive('grid');
    expect(board.levels('ETH/USDT')).toHaveLength(1);
    board.forget('grid');
    expect(board.levels('ETH/USDT')).toEqual([]);
  });

  it('skips a strategy whose levels() throws or returns prices that cannot be drawn', () => {
    const board = new StrategyLevelBoard();
    const broken = board.track('broken', planner('mine', { 'ETH/USDT': () => { throw new Error('bug in levels'); } }));
    const odd = board.track('odd', planner('mine2', {
      'ETH/USDT': () => [{ price: Number.NaN, label: 'nan' }, { price: -5, label: 'negative' }, { price: 0, label: 'zero' }, { price: 10, label: 'ok' }, null as never, { price: 11 } as never],
    }));
    const silent = board.track('silent', planner('sma', {}));
    broken.create({}, 'ETH/USDT');
    odd.create({}, 'ETH/USDT');
    silent.create({}, 'ETH/USDT');
    for (const name of ['broken', 'odd', 'silent']) board.goLive(name);
    expect(board.levels('ETH/USDT')).toEqual([{ config: 'odd', strategy: 'mine2', price: 10, label: 'ok' }]);
  });

  it('reports a symbol’s levels when they change (a grid set up, moved, cancelled), not on every bar', () => {
    const board = new StrategyLevelBoard();
    let grid: { price: number; label: string }[] = [];
    board.track('grid', planner('dca-grid', { 'ETH/USDT': () => grid })).create({}, 'ETH/USDT');
    board.goLive('grid');
    expect(board.changed('ETH/USDT')).toBeNull();
    grid = [{ price: 2000, label: 'grid 1' }];
    expect(board.changed('ETH/USDT')).toEqual([{ config: 'grid', strategy: 'dca-grid', price: 2000, label: 'grid 1' }]);
    expect(board.changed('ETH/USDT')).toBeNull();
    grid = [{ price: 2010, label: 'grid 1' }];
    expect(board.changed('ETH/USDT')?.[0]?.price).toBe(2010);
    grid = [];
    expect(board.changed('ETH/USDT')).toEqual([]);
    expect(board.changed('ETH/USDT')).toBeNull();
  });

  it('the tracked definition still behaves like the original, even a class-based one', () => {
    class Planner {
      readonly apiVersion = STRATEGY_API_VERSION;
      readonly name = 'classy';
      readonly description = 'a class';
      readonly params = z.object({ depth: z.number().default(3) });
      readonly timeframes = ['1m'] as const;
      readonly warmupBars = 1;
      requirements(p: { depth: number }) {
        return { timeframes: this.timeframes, warmupBars: p.depth * this.warmupBars };
      }
      create(): StrategyInstance {
        return { onCandle: () => [], readiness: () => 0, levels: () => [{ price: 5, label: this.name }] };
      }
    }
    const board = new StrategyLevelBoard();
    const tracked = board.track('c', new Planner());
    expect(tracked.name).toBe('classy');
    expect(tracked.requirements?.({ depth: 4 })).toEqual({ timeframes: ['1m'], warmupBars: 4 });
    tracked.create({ depth: 3 }, 'ETH/USDT');
    board.goLive('c');
    expect(board.levels('ETH/USDT')).toEqual([{ config: 'c', strategy: 'classy', price: 5, label: 'classy' }]);
  });
});
