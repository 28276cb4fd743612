import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { loadCandleCsv, parseBacktestCsv } from '../../../core/backtest/csv-source.js';
import { backtestJson } from '../../../core/backtest/report.js';
import { runBacktest } from '../../../core/backtest/runner.js';
import { BacktestSetupError, prepareBacktest } from '../../../core/backtest/setup.js';
import type { Candle } from '../../../core/market/candle.js';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from '../../../core/market/simulator.js';
import { STRATEGY_API_VERSION, type StrategyDefinition } from '../../../core/strategies/contract.js';
import { smaCrossParamsSchema, smaCrossStrategy } from '../../../core/strategies/sma-cross.js';

const T0 = Date.UTC(2024, 2, 1);
const candles = simulateCandles(DEFAULT_SIMULATED_SYMBOLS[1]!, 11, T0, 6_000);
const base = { strategy: smaCrossStrategy, candles, timeframe: '1m' as const, symbol: 'ETH/USDT', cash: 100_000, fee: 0.001, slippage: 0 };

describe('backtester', () => {
  it('is deterministic: the same data and parameters give a byte-identical report', () => {
    const params = smaCrossParamsSchema.parse({ fast: 5, slow: 20, stake: 2 });
    const first = JSON.stringify(backtestJson(runBacktest({ ...base, params })));
    const second = JSON.stringify(backtestJson(runBacktest({ ...base, params, candles: candles.map((c) => ({ ...c })) })));
    expect(JSON.parse(first).trades.length).toBeGreaterThan(10);
    expect(second).toBe(first);
  });

  it('charges the fee on both sides and books every trade at next-open prices', () => {
    const params = smaCrossParamsSchema.parse({ fast: 5, slow: 20, stake: 2 });
    const result = runBacktest({ ...base, params });
    const opens = new Map(candles.map((c) => [c.time, c.open]));
    for (const trade of result.trades) {
      expect(trade.entryPrice).toBe(opens.get(trade.entryTime));
      expect(trade.exitPrice).toBe(opens.get(trade.exitTime));
      const fees = 2 * trade.entryPrice * 0.001 + 2 * trade.exitPrice * 0.001;
      expect(trade.fees).toBeCloseTo(fees, 9);
      expect(trade.pnl).toBeCloseTo(2 * (trade.exitPrice - trade.entryPrice) - fees, 9);
    }
    const held = result.openPosition?.qty ?? 0;
    const spent = result.openPosition ? held * result.openPosition.averageEntry * 1.001 : 0;
    const cash = 100_000 + result.trades.reduce((sum, t) => sum + t.pnl, 0) - spent;
    expect(result.metrics.finalValue).toBeCloseTo(cash + held * candles[candles.length - 1]!.close, 6);
    expect(result.metrics.fees).toBeCloseTo(result.fills.reduce((sum, f) => sum + f.fee, 0), 9);
  });

  it('never fills an order created on the last bar', () => {
    const lastBuyer: StrategyDefinition<Record<string, never>> = {
      apiVersion: STRATEGY_API_VERSION,
      name: 'last-bar',
      description: 'buys on the final bar',
      params: z.object({}) as unknown as z.ZodType<Record<string, never>>,
      timeframes: ['1m'],
      warmupBars: 1,
      create: (_p, symbol) => ({
        onCandle: (ctx) => (ctx.time === T0 + 100 * 60_000 ? [{ kind: 'enter', symbol, size: { kind: 'quantity', quantity: 1 }, orderType: 'market', reason: 'last' }] : []),
        readiness: () => 0,
      }),
    };
    const result = runBacktest({ ...base, strategy: lastBuyer, params: {}, candles: candles.slice(0, 100) });
    expect(result.fills).toHaveLength(0);
    expect(result.metrics.finalValue).toBe(100_000);
  });

  it('rolls 1m data up to the strategy timeframe (sma-cross on 5m bars)', () => {
    const params = smaCrossParamsSchema.parse({ fast: 3, slow: 8, stake: 1, timeframe: '5m' });
    const result = runBacktest({ ...base, params });
    expect(result.fills.length).toBeGreaterThan(0);
    // Decisions happen on 5m closes, so every fill is at the open of a bar right after a 5m boundary.
    for (const fill of result.fills) expect(fill.time % (5 * 60_000)).toBe(0);
  });
});

describe('backtest data', () => {
  const header = 'timestamp,open,high,low,close,volume\n';
  const row = (minute: number, price: number) => `${T0 + minute * 60_000},${price},${price + 1},${price - 1},${price},10\n`;

  it('names the line of an unparsable row', () => {
    const text = header + row(0, 100) + row(1, 101) + `${T0 + 120_000},abc,1,1,1,1\n` + row(3, 103);
    expect(() => parseBacktestCsv(text, 'data.csv')).toThrow(/^data\.csv line 4: number — open: not a decimal number/);
  });

  it('names a value a short row lacks as missing, with the row\'s cells and the header\'s', () => {
    const text = header + row(0, 100) + `${T0 + 60_000},101,102,100\n` + row(2, 102);
    expect(() => parseBacktestCsv(text, 'data.csv')).toThrow(/^data\.csv line 3: columns — close is missing \(the row has 4 cells, the header needs 6\)$/);
  });

  it('names the line of an inconsistent bar and of rows out of order', () => {
    const broken = header + row(0, 100) + `${T0 + 60_000},100,99,98,100,1\n`;
    expect(() => parseBacktestCsv(broken, 'data.csv')).toThrow(/data\.csv line 3: ohlc — high 99 is below/);
    const unordered = header + row(0, 100) + row(2, 101) + row(1, 102);
    expect(() => parseBacktestCsv(unordered, 'data.csv')).toThrow(/data\.csv line 4: .* is earlier than line 3/);
    // A repeated time is out of order too, before a spacing that fits no timeframe is looked at.
    const repeated = header + row(0, 100) + row(7, 101) + row(7, 102);
    expect(() => parseBacktestCsv(repeated, 'data.csv')).toThrow(/data\.csv line 4: .* repeats the time of line 3/);
    expect(() => parseBacktestCsv(header + row(0, 100) + row(7, 101) + row(21, 102), 'data.csv')).toThrow('data.csv: rows are 7 minutes apart, which is not one of');
    // The smallest spacing decides the timeframe, wherever it is; a row off the timeframe's grid is named.
    expect(parseBacktestCsv(header + row(0, 100) + row(15, 101) + row(20, 102), 'data.csv').timeframe).toBe('5m');
    const offGrid = header + row(0, 100) + row(5, 101) + row(12, 102) + row(15, 103);
    expect(() => parseBacktestCsv(offGrid, 'data.csv', '5m')).toThrow(/data\.csv line 4: alignment — .* is not on the 5m grid/);
  });

  it('finds the same faults in evenly spaced rows, which the scan of a file otherwise vouches for', () => {
    // Every gap one step, but the first time off the grid: the first row is named.
    const shifted = header + [1, 6, 11].map((minute, i) => row(minute, 100 + i)).join('');
    expect(() => parseBacktestCsv(shifted, 'data.csv')).toThrow(/data\.csv line 2: alignment — .* is not on the 5m grid/);
    // 1m rows read as 5m bars: the second row is off that grid.
    expect(() => parseBacktestCsv(header + row(0, 100) + row(1, 101) + row(2, 102), 'data.csv', '5m')).toThrow(/data\.csv line 3: alignment — .* is not on the 5m grid/);
    // A bad bar among evenly spaced rows, and a low of zero.
    expect(() => parseBacktestCsv(header + row(0, 100) + `${T0 + 60_000},100,101,99,100,-1\n` + row(2, 102), 'data.csv')).toThrow(/data\.csv line 3: volume — volume -1 is negative/);
    expect(() => parseBacktestCsv(header + row(0, 100) + row(1, 1) + row(2, 102), 'data.csv')).toThrow(/data\.csv line 3: price — prices must be positive/);
    expect(parseBacktestCsv(header + row(0, 100) + row(1, 101) + row(2, 102), 'data.csv').timeframe).toBe('1m');
  });

  it('reads a file in chunks to the same columns as the whole text, and names a bad line past the first chunk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'halyard-csv-'));
    // 20,000 rows (~1 MB, several 256 kB chunks), CRLF endings, one row longer than a chunk (its extra cell).
    const rows = Array.from({ length: 20_000 }, (_, i) => row(i, 100 + (i % 50) / 8).replace('\n', i === 7_000 ? `,${'x'.repeat(300_000)}\r\n` : '\r\n'));
    const text = `timestamp,open,high,low,close,volume,note\r\n${rows.join('')}`;
    const file = join(dir, 'ETHUSDT-1m.csv');
    writeFileSync(file, text);
    const fromFile = await loadCandleCsv(file);
    const fromText = parseBacktestCsv(text, file);
    expect(fromFile.timeframe).toBe('1m');
    expect(fromFile.columns).toEqual(fromText.columns);
    expect(fromFile.columns.time.length).toBe(20_000);
    rows[15_000] = `${T0 + 15_000 * 60_000},100,101,99,100,-3\r\n`;
    writeFileSync(file, `timestamp,open,high,low,close,volume,note\r\n${rows.join('')}`);
    await expect(loadCandleCsv(file)).rejects.toThrow(`${file} line 15002: volume — volume -3 is negative`);
    await expect(loadCandleCsv(dir)).rejects.toThrow(`cannot read ${dir}: EISDIR`);
  }, 30_000); // ~1 MB of CSV written and read three times: on a loaded machine it has taken over 5 s

  it('detects the timeframe and accepts Binance kline exports with extra columns', () => {
    const binance = 'open_time,open,high,low,close,volume,close_time,quote_volume\n' + `${T0},1,2,0.5,1.5,100,${T0 + 299_999},150\n` + `${T0 + 300_000},1.5,2,1,1.8,50,${T0 + 599_999},80\n`;
    expect(parseBacktestCsv(binance, 'k.csv')).toMatchObject({ timeframe: '5m', candles: [{ close: 1.5 }, { close: 1.8 }] });
  });

  it('refuses unknown strategies and bad parameters with messages naming the problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'halyard-bt-'));
    const file = join(dir, 'BTCUSDT-1m.csv');
    writeFileSync(file, header + Array.from({ length: 50 }, (_, i) => row(i, 100 + i)).join(''));
    const request = { source: { kind: 'file' as const, path: file }, fee: 0.001, cash: 1000, dataDir: null };
    await expect(prepareBacktest({ ...request, strategy: 'nope', params: {} })).rejects.toThrow(/no strategy named "nope"; available: sma-cross, dca-grid/);
    await expect(prepareBacktest({ ...request, strategy: 'sma-cross', params: { fast: 0 } })).rejects.toThrow(/invalid parameters — fast: /);
    await expect(prepareBacktest({ ...request, strategy: 'sma-cross', params: {}, timeframe: '1h' })).resolves.toMatchObject({ options: { params: { timeframe: '1h' }, symbol: 'BTC/USDT' } });
    await expect(prepareBacktest({ ...request, strategy: 'sma-cross', params: {}, source: { kind: 'file', path: join(dir, 'missing.csv') } })).rejects.toThrow(BacktestSetupError);
  });
});

export type { Candle };
