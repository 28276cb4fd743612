import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { backtestJson } from '../../../core/backtest/report.js';
import { runBacktestAsync } from '../../../core/backtest/runner.js';
import type { RunnableStrategy } from '../../../core/strategies/contract.js';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from '../../../core/market/simulator.js';
import { parseStrategyParams, StrategyRegistry } from '../../../core/strategies/registry.js';
import { readmeStrategyExample } from '../../helpers/readme-example.js';

const candles = simulateCandles(DEFAULT_SIMULATED_SYMBOLS[0]!, 5, Date.UTC(2024, 0, 1), 3_000);

function dataDirWith(files: Record<string, string>): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'halyard-strategies-'));
  mkdirSync(join(dataDir, 'strategies'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dataDir, 'strategies', name), text);
  return dataDir;
}

const THROWER = `
import { z } from 'zod';
export default {
  apiVersion: 1,
  name: 'thrower',
  description: 'throws on every third bar, asks for a negative quantity on others',
  params: z.object({}),
  timeframes: ['1m'],
  warmupBars: 1,
  create: (_params: unknown, symbol: string) => {
    let bar = 0;
    return {
      onCandle: () => {
        bar++;
        if (bar % 3 === 0) throw new Error('user bug on bar ' + bar);
        if (bar === 4) return [{ kind: 'enter', symbol, size: { kind: 'quantity', quantity: -1 }, orderType: 'market', reason: 'bad' }];
        if (bar === 5) return [{ kind: 'enter', symbol, size: { kind: 'quantity', quantity: 0.5 }, orderType: 'market', reason: 'fine' }];
        return [];
      },
      readiness: () => 0,
    };
  },
};
`;

describe('strategy registry', () => {
  it('lists the built-ins with JSON-schema parameters for the UI', async () => {
    const list = StrategyRegistry.builtins().list();
    expect(list.map((s) => s.name)).toEqual(['sma-cross', 'dca-grid', 'breakout', 'channel', 'fibonacci', 'ema-trend']);
    const sma = list.find((s) => s.name === 'sma-cross')!;
    expect(sma).toMatchObject({ builtin: true, file: null, defaults: { fast: 20, slow: 60, stake: 0.01, timeframe: '1m' } });
    expect(sma.paramsSchema).toMatchObject({ type: 'object', properties: { fast: { type: 'integer', default: 20, minimum: 1 } } });
    for (const entry of list) expect(entry.paramsSchema).toMatchObject({ type: 'object' });
  });

  // Each file is bundled and started in its own sandbox thread: seconds, not milliseconds.
  describe('trader strategy files', { timeout: 60_000 }, () => {
    let dataDir: string;
    let registry: StrategyRegistry;

    beforeAll(async () => {
      dataDir = dataDirWith({
        'thrower.ts': THROWER,
        'broken.ts': 'export default { apiVersion: 1, name: ',
        'spy.js': "import { readFileSync } from 'node:fs';\nexport default { apiVersion: 1, name: 'spy', readFileSync };\n",
        'shapeless.ts': "export default { apiVersion: 2, name: 'Bad Name!' };\n",
        'clash.ts': THROWER.replace("name: 'thrower'", "name: 'sma-cross'"),
        'sma-cross.ts': THROWER.replace("name: 'thrower'", "name: 'sma-cross'"),
        'Bad Name.ts': THROWER,
        'notes.txt': 'not a strategy',
      });
      // The README example (the built-in sma-cross as a trader's file) dropped in, renamed.
      writeFileSync(join(dataDir, 'strategies', 'my-sma.ts'), readmeStrategyExample().replace("name: 'my-sma-cross'", "name: 'my-sma'"));
      registry = await StrategyRegistry.load(dataDir);
    }, 60_000);

    it('lists files by name without running them; names that cannot be strategy names are reported', () => {
      const names = registry.list().map((s) => `${s.name}:${s.builtin}:${s.described}`);
      expect(names).toEqual(expect.arrayContaining(['sma-cross:true:true', 'thrower:false:false', 'my-sma:false:false', 'spy:false:false', 'broken:false:false', 'clash:false:false']));
      expect(registry.get('spy')!.definition.description).toMatch(/not read yet/);
      const failures = Object.fromEntries(registry.failures().map((f) => [f.file.split('/').pop(), f.error]));
      expect(Object.keys(failures).sort()).toEqual(['Bad Name.ts', 'sma-cross.ts']);
      expect(failures['sma-cross.ts']).toMatch(/"sma-cross" is already taken by a built-in/);
      expect(failures['Bad Name.ts']).toMatch(/named after its strategy/);
    });

    it('reads a file in its sandbox when the trader picks it, and explains what is wrong with it', async () => {
      const described = await registry.describe('my-sma');
      expect(described).toMatchObject({ described: true, definition: { name: 'my-sma', warmupBars: 61 } });
      expect(registry.list().find((s) => s.name === 'my-sma')).toMatchObject({ described: true, defaults: { fast: 20, slow: 60, stake: 0.01, timeframe: '1m' } });
      await expect(registry.describe('broken')).rejects.toThrow(/broken\.ts failed in load: line 1: /);
      await expect(registry.describe('spy')).rejects.toThrow(/"node:fs" cannot be imported by a strategy/);
      await expect(registry.describe('shapeless')).rejects.toThrow(/apiVersion must be 1/);
      await expect(registry.describe('clash')).rejects.toThrow(/declares the name "sma-cross"/);
      await expect(registry.describe('nothing-here')).rejects.toThrow(/no strategy named "nothing-here"/);
    });

    it('runs the README example from a file exactly like the built-in', async () => {
      const builtin = registry.get('sma-cross')!;
      const raw = { fast: 5, slow: 20, stake: 1 };
      const run = async (strategy: RunnableStrategy) =>
        backtestJson(await runBacktestAsync({ strategy, params: parseStrategyParams(strategy, raw), candles, timeframe: '1m', symbol: 'BTC/USDT', cash: 1e6, fee: 0.001, validateIntents: true }));
      const fromFile = await run(await registry.runnable('my-sma', [raw], { views: false }));
      expect(fromFile.trades.length).toBeGreaterThan(5);
      expect(fromFile).toEqual(await run(builtin.definition));
    });

    it("turns a user strategy's throws and invalid intents into recorded errors; the run goes on", async () => {
      const thrower = await registry.runnable('thrower', [{}], { views: false });
      const result = await runBacktestAsync({ strategy: thrower, params: {}, candles: candles.slice(0, 12), timeframe: '1m', symbol: 'BTC/USDT', cash: 1e6, fee: 0.001, validateIntents: true });
      const errors = result.riskEvents.filter((e) => e.kind === 'strategy_error');
      expect(errors.map((e) => e.detail)).toEqual([
        expect.stringContaining('user bug on bar 3'),
        expect.stringMatching(/invalid intent: size\.quantity/),
        expect.stringContaining('user bug on bar 6'),
        expect.stringContaining('user bug on bar 9'),
        expect.stringContaining('user bug on bar 12'),
      ]);
      expect(result.fills).toEqual([expect.objectContaining({ side: 'buy', qty: 0.5 })]);
    });

    it('opens a file by path for the command line, in the same sandbox', async () => {
      const byPath = await StrategyRegistry.openPath(join(dataDir, 'strategies', 'thrower.ts'));
      expect(byPath.entry).toMatchObject({ builtin: false, definition: { name: 'thrower' } });
      byPath.close();
    });
  });
});
