import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../core/backtest/runner.js';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from '../../../core/market/simulator.js';
import { STRATEGY_API_VERSION, type Intent, type StrategyDefinition } from '../../../core/strategies/contract.js';

const T0 = Date.UTC(2024, 2, 1);
const candles = simulateCandles(DEFAULT_SIMULATED_SYMBOLS[0]!, 5, T0, 200);
const base = { candles, timeframe: '1m' as const, symbol: 'BTC/USDT', cash: 100_000, fee: 0.001, slippage: 0, params: {} };

/** A strategy whose onCandle answers `decide(bar index, symbol)` every bar (an in-process one: no sandbox). */
function strategyOf(name: string, decide: (bar: number, symbol: string) => Intent[]): StrategyDefinition<Record<string, never>> {
  return {
    apiVersion: STRATEGY_API_VERSION,
    name,
    description: 'answers the same every bar',
    params: z.object({}) as unknown as z.ZodType<Record<string, never>>,
    timeframes: ['1m'],
    warmupBars: 1,
    create: (_p, symbol) => {
      let bar = 0;
      return { onCandle: () => decide(bar++, symbol), readiness: () => 0 };
    },
  };
}

const disabled = (result: ReturnType<typeof runBacktest>) => result.riskEvents.filter((event) => event.kind === 'strategy_disabled');

describe('a strategy returning a malformed intent every bar', () => {
  it('is stopped after 20 calls in a row, like one that throws every bar, with what was malformed in its error', () => {
    const wrongSymbol = strategyOf('wrong-symbol', () => [{ kind: 'exit_all', symbol: 'ETH/USDT', reason: 'signal' }]);
    const throwing = strategyOf('throwing', () => {
      throw new Error('nope');
    });
    const malformed = runBacktest({ ...base, strategy: wrongSymbol });
    const throws = runBacktest({ ...base, strategy: throwing });
    expect(disabled(malformed).map((event) => event.detail)).toEqual(['wrong-symbol on BTC/USDT stopped after 20 errors in a row']);
    expect(disabled(malformed).map((event) => event.time)).toEqual(disabled(throws).map((event) => event.time));
    expect(malformed.riskEvents.find((event) => event.kind === 'strategy_error')?.detail).toBe('strategy wrong-symbol on BTC/USDT failed in intent: intent for ETH/USDT while deciding on BTC/USDT');
  });

  it('counts a call once however many of its intents are malformed, and a clean call ends the row', () => {
    const twoBad = strategyOf('two-bad', (_bar, symbol) => [
      { kind: 'enter', symbol, size: { kind: 'quantity', quantity: 1 }, orderType: 'limit', reason: 'no limit price' },
      { kind: 'exit_all', symbol: 'ETH/USDT', reason: 'signal' },
    ]);
    const [stopped] = disabled(runBacktest({ ...base, strategy: twoBad }));
    expect(stopped?.detail).toBe('two-bad on BTC/USDT stopped after 20 errors in a row');
    expect(stopped?.time).toBe(candles[19]!.time + 60_000);
    // Every 10th call clean: never 20 malformed in a row, so it keeps running.
    const sometimes = strategyOf('sometimes', (bar) => (bar % 10 === 9 ? [] : [{ kind: 'exit_all', symbol: 'ETH/USDT', reason: 'signal' }]));
    expect(disabled(runBacktest({ ...base, strategy: sometimes }))).toEqual([]);
  });
});
