import { describe, expect, it } from 'vitest';
import { timeframeMs, type Candle, type Timeframe } from '../../../core/market/candle.js';
import { rollupCandles } from '../../../core/market/rollup.js';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from '../../../core/market/simulator.js';
import { breakoutStrategy } from '../../../core/strategies/breakout.js';
import { channelStrategy } from '../../../core/strategies/channel.js';
import type { Intent, StrategyDefinition } from '../../../core/strategies/contract.js';
import { dcaGridStrategy } from '../../../core/strategies/dca-grid.js';
import { emaTrendStrategy } from '../../../core/strategies/ema-trend.js';
import { fibonacciStrategy } from '../../../core/strategies/fibonacci.js';

const SPEC = DEFAULT_SIMULATED_SYMBOLS.find((s) => s.symbol === 'SOL/USDT')!;
const MINUTES = simulateCandles(SPEC, 7, Date.UTC(2024, 0, 1), 40_000);

interface Step {
  readonly timeframe: Timeframe;
  readonly candle: Candle;
  readonly closeTime: number;
}

/** Closed bars of every declared timeframe, in close-time order (higher timeframes after lower ones). */
function stream(timeframes: readonly Timeframe[]): Step[] {
  const steps: Step[] = [];
  for (const timeframe of timeframes) {
    for (const candle of rollupCandles(MINUTES, timeframe).candles) steps.push({ timeframe, candle, closeTime: candle.time + timeframeMs(timeframe) });
  }
  return steps.sort((a, b) => a.closeTime - b.closeTime || timeframeMs(a.timeframe) - timeframeMs(b.timeframe));
}

function run(definition: StrategyDefinition<unknown>): { intents: { time: number; close: number; intent: Intent }[]; readiness: number[] } {
  const params = definition.params.parse({});
  const instance = definition.create(params, SPEC.symbol);
  const intents: { time: number; close: number; intent: Intent }[] = [];
  const readiness: number[] = [];
  for (const step of stream(definition.requirements!(params).timeframes)) {
    const context = {
      symbol: SPEC.symbol,
      time: step.closeTime,
      timeframe: step.timeframe,
      candle: step.candle,
      windows: {},
      position: null,
      tier: 'mid' as const,
      openEntryOrders: 0,
    };
    for (const intent of instance.onCandle(context)) intents.push({ time: step.closeTime, close: step.candle.close, intent });
    readiness.push(instance.readiness(context));
  }
  return { intents, readiness };
}

const STRATEGIES = [dcaGridStrategy, breakoutStrategy, channelStrategy, fibonacciStrategy, emaTrendStrategy] as unknown as StrategyDefinition<unknown>[];

describe.each(STRATEGIES.map((d) => [d.name, d] as const))('%s on a simulated market', (_name, definition) => {
  const first = run(definition);

  it('is deterministic: the same bars give the same intents', () => {
    expect(run(definition)).toEqual(first);
  });

  it('reports readiness as an integer 0–100 on every bar', () => {
    for (const r of first.readiness) {
      expect(Number.isInteger(r)).toBe(true);
      expect(r).toBeGreaterThanOrEqual(0);
      expect(r).toBeLessThanOrEqual(100);
    }
  });

  it('emits entries with a budget fraction, a stop below and take profits above the entry price', () => {
    for (const { close, intent } of first.intents) {
      if (intent.kind !== 'enter' && intent.kind !== 'add') continue;
      expect(intent.size.kind).toBe('equity_fraction');
      if (intent.size.kind === 'equity_fraction') {
        expect(intent.size.fraction).toBeGreaterThan(0);
        expect(intent.size.fraction).toBeLessThanOrEqual(1);
      }
      const price = intent.orderType === 'limit' ? intent.limitPrice! : close;
      expect(Number.isFinite(price)).toBe(true);
      if (intent.exits?.stopLoss !== undefined) expect(intent.exits.stopLoss).toBeLessThan(price);
      for (const tp of intent.exits?.takeProfits ?? []) expect(tp.price).toBeGreaterThan(price);
    }
  });
});

describe('simulated market activity', () => {
  it('finds setups for the grid, range and retracement strategies within four weeks of 1m data', () => {
    for (const definition of [dcaGridStrategy, channelStrategy, fibonacciStrategy] as unknown as StrategyDefinition<unknown>[]) {
      const entries = run(definition).intents.filter((i) => i.intent.kind === 'enter');
      expect(entries.length, definition.name).toBeGreaterThan(0);
    }
  });
});
