import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBacktestAsync } from '../../../core/backtest/runner.js';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from '../../../core/market/simulator.js';
import { StrategyRegistry } from '../../../core/strategies/registry.js';

const candles = simulateCandles(DEFAULT_SIMULATED_SYMBOLS[0]!, 9, Date.UTC(2024, 0, 1), 300);

/**
 * A strategy that trades on coin flips: on its first bar it tells its first draws (in an error), then it enters
 * and leaves on Math.random alone, so its trades are exactly as repeatable as its random numbers.
 */
const DICE = `
import { z } from 'zod';
let told = false;
export default {
  apiVersion: 1,
  name: 'dice',
  description: 'trades on Math.random',
  params: z.object({ salt: z.number().default(0) }),
  timeframes: ['1m'],
  warmupBars: 1,
  create: (_params: { salt: number }, symbol: string) => ({
    onCandle: (ctx: any) => {
      if (!told) { told = true; throw new Error('draws ' + [Math.random(), Math.random(), Math.random()].join(' ')); }
      const draw = Math.random();
      if (ctx.position === null && draw < 0.2) return [{ kind: 'enter', symbol, size: { kind: 'quantity', quantity: draw }, orderType: 'market', reason: 'dice ' + draw }];
      if (ctx.position !== null && draw > 0.8) return [{ kind: 'exit_all', symbol, reason: 'signal' }];
      return [];
    },
    readiness: () => Math.random(),
  }),
};
`;

describe('Math.random inside the sandbox is seeded per strategy run', { timeout: 60_000 }, () => {
  let registry: StrategyRegistry;

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'halyard-random-'));
    mkdirSync(join(dataDir, 'strategies'));
    writeFileSync(join(dataDir, 'strategies', 'dice.ts'), DICE);
    registry = await StrategyRegistry.load(dataDir);
  });

  async function backtest(params: { salt: number }) {
    const strategy = await registry.runnable('dice', [params], { views: false });
    return runBacktestAsync({ strategy, params, candles, timeframe: '1m', symbol: 'BTC/USDT', cash: 1e6, fee: 0.001, validateIntents: true });
  }
  const draws = (result: Awaited<ReturnType<typeof backtest>>) => /draws ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)/.exec(result.riskEvents.find((e) => e.kind === 'strategy_error')?.detail ?? '')?.slice(1);

  it('gives two backtests of the same file, parameters and bars byte-identical results', async () => {
    const first = await backtest({ salt: 0 });
    const second = await backtest({ salt: 0 });
    expect(first.fills.length).toBeGreaterThan(4);
    expect(draws(first)).toHaveLength(3);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it('draws another sequence for other parameters, each number in [0, 1)', async () => {
    const [base, salted] = [await backtest({ salt: 0 }), await backtest({ salt: 1 })];
    const [a, b] = [draws(base)!.map(Number), draws(salted)!.map(Number)];
    expect(b).not.toEqual(a);
    for (const value of [...a, ...b]) expect(value >= 0 && value < 1).toBe(true);
    expect(JSON.stringify(salted.fills)).not.toBe(JSON.stringify(base.fills));
  });
});
