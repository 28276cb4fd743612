import { z } from 'zod';
import { loadCandleCsv } from '../../core/backtest/csv-source.js';
import { runBacktest, type BacktestResult } from '../../core/backtest/runner.js';
import type { RiskGate } from '../../core/engine/risk-gate.js';
import type { LiquidityTier } from '../../core/exchange/port.js';
import type { Candle } from '../../core/market/candle.js';
import { STRATEGY_API_VERSION, type StrategyDefinition } from '../../core/strategies/contract.js';
import { refdataFile } from './refdata-dir.js';

/**
 * A strategy that always wants to be in the market: whenever it is flat it buys `quote` worth at
 * market, with a stop `stopPct` under the close and an optional take-profit. On crash data it keeps
 * trying to enter, which is what the risk scenarios need to show what the gate lets through.
 */
export interface AlwaysInParams {
  quote: number;
  stopPct: number;
  takeProfitPct: number | null;
}

export const alwaysIn: StrategyDefinition<AlwaysInParams> = {
  apiVersion: STRATEGY_API_VERSION,
  name: 'always-in',
  description: 'risk scenario strategy: enters whenever flat',
  params: z.object({ quote: z.number().positive(), stopPct: z.number().positive(), takeProfitPct: z.number().positive().nullable() }),
  timeframes: ['1m'],
  warmupBars: 1,
  create: (params) => ({
    onCandle: (ctx) => {
      if (ctx.position !== null || ctx.openEntryOrders > 0) return [];
      const close = ctx.candle.close;
      return [
        {
          kind: 'enter',
          symbol: ctx.symbol,
          size: { kind: 'quote', amount: params.quote },
          orderType: 'market',
          exits: {
            stopLoss: close * (1 - params.stopPct / 100),
            ...(params.takeProfitPct !== null ? { takeProfits: [{ price: close * (1 + params.takeProfitPct / 100), fraction: 1 }] } : {}),
          },
          reason: 'flat',
        },
      ];
    },
    readiness: () => 100,
  }),
};

export const MINUTE = 60_000;
export const iso = (time: number) => (Number.isFinite(time) ? new Date(time).toISOString() : 'end of data');

/** BTC/USDT 1m bars of the March 2020 crash (12 March 00:00 → 13 March 04:00 UTC). */
export async function crashCandles(): Promise<Candle[]> {
  return (await loadCandleCsv(refdataFile('candles', 'binance-futures', 'BTCUSDT-1m-2020-03-12T00_2020-03-13T04.csv'))).candles;
}

/** `alwaysIn` backtested on the crash with 10,000 USDT and a 0.04 % fee, behind the given risk gate. */
export function backtestAlwaysIn(candles: readonly Candle[], params: AlwaysInParams, riskGate: RiskGate, tier?: LiquidityTier): BacktestResult {
  return runBacktest({ strategy: alwaysIn, params, candles, timeframe: '1m', symbol: 'BTC/USDT', cash: 10_000, fee: 0.0004, ...(tier ? { tier } : {}), riskGate });
}
