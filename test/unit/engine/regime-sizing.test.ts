import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runBacktest, type BacktestResult } from '../../../core/backtest/runner.js';
import type { Candle } from '../../../core/market/candle.js';
import { backtestRiskGate } from '../../../core/risk/backtest-gate.js';
import { STRATEGY_API_VERSION, type StrategyDefinition } from '../../../core/strategies/contract.js';

const MINUTE = 60_000;
const START = Date.UTC(2024, 4, 1);
const STAKE = 0.015;
const STEP = 0.001;

/** Buys STAKE whenever flat and sells on the next bar: one identical entry after another. */
const flipper: StrategyDefinition<Record<string, never>> = {
  apiVersion: STRATEGY_API_VERSION,
  name: 'flipper',
  description: 'test: buys a fixed quantity when flat, sells one bar later',
  params: z.object({}),
  timeframes: ['1m'],
  warmupBars: 1,
  create: (_p, symbol) => ({
    onCandle: (ctx) =>
      ctx.position === null
        ? ctx.openEntryOrders > 0
          ? []
          : [{ kind: 'enter', symbol, size: { kind: 'quantity', quantity: STAKE }, orderType: 'market', reason: 'flat' }]
        : [{ kind: 'exit_all', symbol, reason: 'signal' }],
    readiness: () => 0,
  }),
};

/** Closes: `path` as [minutes, close] waypoints, linear in between. */
function series(path: readonly [number, number][]): Candle[] {
  const candles: Candle[] = [];
  for (let k = 1; k < path.length; k++) {
    const [m0, c0] = path[k - 1]!;
    const [m1, c1] = path[k]!;
    for (let m = m0; m < m1; m++) {
      const close = Math.round((c0 + ((c1 - c0) * (m - m0 + 1)) / (m1 - m0)) * 100) / 100;
      const open = candles.at(-1)?.close ?? close;
      candles.push({ time: START + m * MINUTE, open, high: Math.max(open, close), low: Math.min(open, close), close, volume: 100 });
    }
  }
  return candles;
}

function backtest(candles: Candle[]): BacktestResult {
  return runBacktest({
    strategy: flipper,
    params: {},
    candles,
    timeframe: '1m',
    symbol: 'BTC/USDT',
    cash: 100_000,
    fee: 0,
    slippage: 0,
    amountStep: STEP,
    riskGate: backtestRiskGate({ config: { tradeCooldownMinutes: 0 } })({ benchmark: null, timeframe: '1m' }),
  });
}

/** Buy quantities grouped by the regime in force when each entry was decided (the fill bar's open = the deciding bar's close). */
function buysByRegime(result: BacktestResult): Map<string, Set<number>> {
  const regimes = result.riskEvents.filter((e) => e.kind.startsWith('regime:'));
  const byRegime = new Map<string, Set<number>>();
  for (const fill of result.fills.filter((f) => f.side === 'buy')) {
    const change = regimes.filter((e) => e.time <= fill.time).at(-1);
    const regime = change ? change.kind.slice('regime:'.length) : 'NORMAL';
    byRegime.set(regime, (byRegime.get(regime) ?? new Set()).add(fill.qty));
  }
  return byRegime;
}

/** What the exchange's precision makes of a quantity: truncated to the amount step, like ccxt's amountToPrecision. */
const truncated = (qty: number) => Math.round(Math.floor(qty / STEP + 1e-9) * STEP * 1e9) / 1e9;

describe('the market regime scales entry sizes', () => {
  it('an entry under CAUTION (a 3–5 % fall within an hour) is half the NORMAL quantity, after precision rounding', () => {
    // Calm for 2 h, then −3.6 % over 40 min, then flat.
    const result = backtest(series([[0, 100], [120, 100.2], [160, 96.6], [240, 96.6]]));
    expect(result.riskEvents.map((e) => e.kind)).toContain('regime:CAUTION');
    expect(result.riskEvents.map((e) => e.kind)).not.toContain('regime:PANIC');
    const buys = buysByRegime(result);
    expect([...buys.get('NORMAL')!]).toEqual([STAKE]);
    // 0.015 × 0.5 = 0.0075 → 0.007 at a 0.001 step.
    expect([...buys.get('CAUTION')!]).toEqual([truncated(STAKE * 0.5)]);
    expect(truncated(STAKE * 0.5)).toBe(0.007);
  });

  it('an entry under EUPHORIA (a rise of more than 5 % within an hour) is cut by 30 %', () => {
    const result = backtest(series([[0, 100], [120, 100.2], [160, 106], [240, 106]]));
    expect(result.riskEvents.map((e) => e.kind)).toContain('regime:EUPHORIA');
    const buys = buysByRegime(result);
    expect([...buys.get('NORMAL')!]).toEqual([STAKE]);
    expect([...buys.get('EUPHORIA')!]).toEqual([truncated(STAKE * 0.7)]);
  });
});
