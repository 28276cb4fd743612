import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { TradingEngine } from '../../../core/engine/engine.js';
import { PaperExchange } from '../../../core/exchange/paper-exchange.js';
import type { MarketSymbol, Timeframe } from '../../../core/market/candle.js';
import type { MarketFeed } from '../../../core/market/feed.js';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from '../../../core/market/simulator.js';
import { configStatus } from '../../../core/runner/config-status.js';
import type { StrategyConfigRecord } from '../../../core/runner/config-record.js';
import type { Running } from '../../../core/runner/launch.js';
import { RunProblems } from '../../../core/runner/run-problems.js';
import { warmUp } from '../../../core/runner/warm-up.js';
import { STRATEGY_API_VERSION, type StrategyDefinition } from '../../../core/strategies/contract.js';
import { testMarket } from '../../helpers/markets.js';

const BTC: MarketSymbol = 'BTC/USDT';
const ETH: MarketSymbol = 'ETH/USDT';
const START = Date.UTC(2024, 0, 1);

const quiet: StrategyDefinition<Record<string, never>> = {
  apiVersion: STRATEGY_API_VERSION,
  name: 'quiet',
  description: 'never trades',
  params: z.object({}) as unknown as z.ZodType<Record<string, never>>,
  timeframes: ['1m'],
  warmupBars: 5,
  create: () => ({ onCandle: () => [], readiness: () => 40 }),
};

const record = { name: 'two-coins', strategy: 'quiet', version: 1, params: {}, symbols: [BTC, ETH], enabled: true, account: 'paper' } as unknown as StrategyConfigRecord;

function newRun(): Running {
  const exchange = new PaperExchange({ markets: [testMarket(BTC), testMarket(ETH)], balances: { USDT: 10_000 }, config: { slippage: 0 }, now: () => START });
  const engine = new TradingEngine({ strategy: quiet, params: {}, symbols: [BTC, ETH], exchange, budget: 10_000, driveExchange: false });
  return { record, engine, symbols: [BTC, ETH], warming: true };
}

/** A feed whose BTC/USDT history the venue refuses (as a 503 would), ETH/USDT's answered. */
const feed: Pick<MarketFeed, 'history'> = {
  history: async (symbol: MarketSymbol, _timeframe: Timeframe, limit: number) => {
    if (symbol === BTC) throw new Error('klines: 503 Service Unavailable');
    return simulateCandles(DEFAULT_SIMULATED_SYMBOLS[1]!, 3, START, limit);
  },
};

describe('a configuration whose market data fails on one of its symbols', () => {
  it('warms up the others and takes the failed one out of the run, saying why', async () => {
    const run = newRun();
    const failed: string[] = [];
    await warmUp(run, quiet, feed, (symbol, error) => failed.push(`${symbol}: ${error instanceof Error ? error.message : String(error)}`));
    expect(failed).toEqual(['BTC/USDT: klines: 503 Service Unavailable']);
    expect(run.symbols).toEqual([ETH]);
    run.warming = false;
    expect([run.engine.readiness(BTC), run.engine.readiness(ETH)]).toEqual([null, 40]);
  });

  it('still fails the whole warm-up when nobody takes the failure (the backtest and Scanner callers)', async () => {
    await expect(warmUp(newRun(), quiet, feed)).rejects.toThrow('klines: 503 Service Unavailable');
  });

  it('shows running with the stopped symbol named, and error: once no symbol is left', () => {
    const run = newRun();
    run.warming = false;
    const problems = new RunProblems();
    problems.stopped(record.name, BTC, 'market data is unavailable: klines: 503 Service Unavailable', record.symbols);
    const status = () => configStatus(record, run, problems.problem(record.name), false, 0, 0, problems.lastError(record.name), problems.stoppedSymbols(record.name));
    expect([status().state, status().stoppedSymbols]).toEqual(['running · BTC/USDT stopped: market data is unavailable: klines: 503 Service Unavailable', { 'BTC/USDT': 'market data is unavailable: klines: 503 Service Unavailable' }]);
    problems.stopped(record.name, ETH, 'quiet on ETH/USDT stopped after 20 errors in a row', record.symbols);
    expect(status().state).toBe('error: quiet on ETH/USDT stopped after 20 errors in a row');
    problems.forget(record.name);
    expect([status().state, status().stoppedSymbols]).toEqual(['running', undefined]);
  });
});
