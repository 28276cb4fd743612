import { describe, expect, it } from 'vitest';
import { backtestJson } from '../../../core/backtest/report.js';
import { runBacktestAsync } from '../../../core/backtest/runner.js';
import type { Candle } from '../../../core/market/candle.js';
import type { RunnableStrategy } from '../../../core/strategies/contract.js';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from '../../../core/market/simulator.js';
import { parseStrategyParams, StrategyRegistry } from '../../../core/strategies/registry.js';
import { dataDirWithReadmeExample } from '../../helpers/readme-example.js';

/** Prices on a coarse tick so the averages tie now and then: the near-tie path must agree too. */
function coarse(candles: readonly Candle[]): Candle[] {
  const tick = (v: number) => Math.round(v / 5) * 5;
  return candles.map((c) => {
    const open = tick(c.open);
    const close = tick(c.close);
    return { ...c, open, close, high: Math.max(open, close, tick(c.high)), low: Math.min(open, close, tick(c.low)) };
  });
}

// The file is bundled and started in a sandbox thread of its own: seconds, not milliseconds.
describe('the README strategy example', { timeout: 60_000 }, () => {
  it('loads from <data-dir>/strategies as a trader file and trades exactly like the built-in sma-cross', async () => {
    const { dataDir } = dataDirWithReadmeExample();
    const registry = await StrategyRegistry.load(dataDir);
    expect(registry.failures()).toEqual([]);
    const example = registry.get('my-sma-cross');
    expect(example).toMatchObject({ builtin: false });
    const builtin = registry.get('sma-cross')!;
    const series = simulateCandles(DEFAULT_SIMULATED_SYMBOLS[0]!, 11, Date.UTC(2024, 0, 1), 6_000);
    for (const [candles, raw] of [
      [series, { fast: 5, slow: 20, stake: 0.5 }],
      [coarse(series), { fast: 3, slow: 8, stake: 2 }],
      [series, { fast: 2, slow: 6, stake: 1, timeframe: '5m' }],
    ] as const) {
      const run = async (definition: RunnableStrategy) =>
        backtestJson(await runBacktestAsync({ strategy: definition, params: parseStrategyParams(definition, raw), candles, timeframe: '1m', symbol: 'BTC/USDT', cash: 1e7, fee: 0.001, validateIntents: true }));
      const fromReadme = await run(await registry.runnable('my-sma-cross', [raw], { views: false }));
      expect(fromReadme.trades.length, JSON.stringify(raw)).toBeGreaterThan(5);
      expect(fromReadme, JSON.stringify(raw)).toEqual(await run(builtin.definition));
    }
  });

  it('is refused parameters the way the built-in is (fast must be shorter than slow)', async () => {
    const { dataDir } = dataDirWithReadmeExample();
    const registry = await StrategyRegistry.load(dataDir);
    // Field rules are checked by the host's mirror of the schema; the file's own refinements in its sandbox.
    expect(() => parseStrategyParams(registry.get('my-sma-cross')!.definition, { fast: 0 })).not.toThrow();
    await registry.describe('my-sma-cross');
    expect(() => parseStrategyParams(registry.get('my-sma-cross')!.definition, { fast: 0 })).toThrow(/fast: Too small: expected number to be >=1/);
    await expect(registry.runnable('my-sma-cross', [{ fast: 30, slow: 10 }], { views: false })).rejects.toThrow(/invalid parameters — fast: fast must be shorter than slow/);
  });
});
