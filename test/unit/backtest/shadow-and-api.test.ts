import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBacktestHandlers } from '../../../core/app/handlers/backtest.js';
import { backtestMarketRules, runBacktest } from '../../../core/backtest/runner.js';
import { ShadowRunner } from '../../../core/backtest/shadow.js';
import type { EventPayload } from '../../../core/api/contract/index.js';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from '../../../core/market/simulator.js';
import { smaCrossParamsSchema, smaCrossStrategy } from '../../../core/strategies/sma-cross.js';

const candles = simulateCandles(DEFAULT_SIMULATED_SYMBOLS[0]!, 9, Date.UTC(2024, 0, 1), 4_000);

describe('shadow variants', () => {
  it('runs champion and variants on the same bars, each exactly like its own backtest, without sharing funds', () => {
    const champion = smaCrossParamsSchema.parse({ fast: 5, slow: 20, stake: 1 });
    const variant = smaCrossParamsSchema.parse({ fast: 10, slow: 40, stake: 1 });
    const market = backtestMarketRules({ symbol: 'BTC/USDT', candles, fee: 0.001 });
    const runner = new ShadowRunner({
      strategy: smaCrossStrategy,
      champion: { id: 'champion', params: champion },
      variants: [{ id: 'slow', params: variant }],
      market,
      baseTimeframe: '1m',
      cash: 100_000,
      fee: 0.001,
      slippage: 0,
    });
    for (const candle of candles) runner.onCandle('BTC/USDT', candle);
    const rows = runner.compare();
    const alone = (params: typeof champion) => runBacktest({ strategy: smaCrossStrategy, params, candles, timeframe: '1m', symbol: 'BTC/USDT', cash: 100_000, fee: 0.001, slippage: 0 });
    for (const [row, params] of [[rows[0]!, champion], [rows[1]!, variant]] as const) {
      const solo = alone(params);
      expect(row.trades.map((t) => [t.entryTime, t.exitTime, t.pnl])).toEqual(solo.trades.map((t) => [t.entryTime, t.exitTime, t.pnl]));
      expect(row.metrics.finalValue).toBeCloseTo(solo.metrics.finalValue, 9);
      expect(row.metrics.maxDrawdown).toBeCloseTo(solo.metrics.maxDrawdown, 12);
    }
    expect(rows.map((r) => [r.id, r.champion])).toEqual([
      ['champion', true],
      ['slow', false],
    ]);
    expect(rows[0]!.trades.length).not.toBe(rows[1]!.trades.length);
    expect(runner.promote('slow')).toEqual(variant);
    expect(runner.compare().map((r) => r.champion)).toEqual([false, true]);
    expect(() => runner.remove('slow')).toThrow(/champion cannot be removed/);
  });
});

describe('strategies and backtest API', () => {
  function handlers(onProgress?: (p: EventPayload<'backtest.progress'>) => void, dataDir: string | null = null) {
    const progress: EventPayload<'backtest.progress'>[] = [];
    const api = createBacktestHandlers({
      dataDir,
      emitProgress: (p) => {
        progress.push(p);
        onProgress?.(p);
      },
    });
    return { api, progress };
  }

  it('lists strategies with their parameter schemas', async () => {
    const { api } = handlers();
    const { strategies, failures } = await api['strategies.list']({});
    expect(strategies.map((s) => s.name)).toContain('sma-cross');
    expect(failures).toEqual([]);
  });

  it('runs a backtest with progress events and returns trades, metrics, a thinned equity curve and CSV', async () => {
    const { api, progress } = handlers();
    const result = await api['backtest.run']({
      runId: 'r1',
      strategy: 'sma-cross',
      // The backtest runs behind the default risk gate: a 0.1 BTC stake stays inside its exposure limits.
      params: { fast: 5, slow: 20, stake: 0.1 },
      fee: 0.001,
      cash: 100_000,
      source: { kind: 'simulated', seed: 3, bars: 60_000 },
    });
    expect(result).toMatchObject({ runId: 'r1', strategy: 'sma-cross', symbol: 'BTC/USDT', bars: 60_000 });
    expect(result.trades.length).toBeGreaterThan(100);
    expect(result.equity.value.length).toBeLessThanOrEqual(2_000);
    expect(Math.max(...result.equity.drawdown)).toBeCloseTo(result.metrics.maxDrawdown, 9);
    expect(result.tradesCsv.split('\n')[0]).toBe('id,symbol,side,entryTime,exitTime,qty,entryPrice,exitPrice,fees,pnl,reason');
    // No binary noise in the export (fees of 0.1 % on a 0.1 BTC stake would otherwise read 6.424841000000001).
    const numbers = result.tradesCsv.trim().split('\n').slice(1).flatMap((line) => line.split(',').slice(5, 10));
    expect(numbers.filter((cell) => !/^-?\d+(\.\d+)?$/.test(cell) || cell.replace(/^-?0*\.?0*|\./g, '').length > 15)).toEqual([]);
    expect(progress).toEqual([
      { runId: 'r1', done: 50_000, total: 60_000 },
      { runId: 'r1', done: 60_000, total: 60_000 },
    ]);
  }, 60_000);

  it('cancels a running backtest by its runId', async () => {
    // The trader presses Cancel when the first progress event arrives.
    let cancel: Promise<{ canceled: boolean }> | null = null;
    const { api, progress } = handlers((p) => (cancel ??= api['backtest.cancel']({ runId: p.runId })));
    const running = api['backtest.run']({ runId: 'long', strategy: 'sma-cross', params: {}, fee: 0.001, cash: 10_000, source: { kind: 'simulated', seed: 1, bars: 60_000 } });
    await expect(running).rejects.toMatchObject({ code: 'rejected', message: 'Backtest cancelled' });
    expect(await cancel).toEqual({ canceled: true });
    expect(progress).toEqual([{ runId: 'long', done: 50_000, total: 60_000 }]);
    expect(await api['backtest.cancel']({ runId: 'long' })).toEqual({ canceled: false });
  }, 60_000);

  it('answers a bad file or bad parameters with bad_request naming the problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'halyard-api-'));
    const { api } = handlers(undefined, dir);
    mkdirSync(join(dir, 'imports'));
    writeFileSync(join(dir, 'imports', 'ETHUSDT.csv'), 'timestamp,open,high,low,close,volume\n1700000000000,1,1,1,1,1\n1700000060000,1,x,1,1,1\n');
    const base = { strategy: 'sma-cross', params: {}, fee: 0.001, cash: 1_000 } as const;
    await expect(api['backtest.run']({ ...base, source: { kind: 'file', path: 'ETHUSDT.csv' } })).rejects.toMatchObject({ code: 'bad_request', message: expect.stringContaining('line 3: number — high: not a decimal number') });
    await expect(api['backtest.run']({ ...base, params: { slow: 1 }, source: { kind: 'simulated', seed: 1, bars: 1_000 } })).rejects.toMatchObject({ code: 'bad_request', message: expect.stringContaining('slow') });
    await expect(api['backtest.run']({ ...base, source: { kind: 'stored', exchange: 'binance', timeframe: '1m' }, symbol: 'BTC/USDT' })).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('compares shadow variants over one data set', async () => {
    const { api } = handlers();
    const { rows } = await api['backtest.shadow']({
      strategy: 'sma-cross',
      champion: { fast: 5, slow: 20 },
      variants: [{ id: 'wide', params: { fast: 15, slow: 60 } }],
      fee: 0.001,
      cash: 100_000,
      source: { kind: 'simulated', seed: 2, bars: 5_000 },
    });
    expect(rows.map((r) => [r.id, r.champion, (r.params as { fast: number }).fast])).toEqual([
      ['champion', true, 5],
      ['wide', false, 15],
    ]);
  });
});
