import { z } from 'zod';
import { STRATEGY_API_VERSION, type StrategyDefinition } from '../../core/strategies/contract.js';

/**
 * A strategy that always wants to be in the market: whenever it is flat it buys `quote` worth at
 * market, with a stop `stopPct` under the close and an optional take-profit. On crash data it keeps
 * trying to enter, which is what the risk scenarios need to show what the gate lets through.
 */
export const alwaysIn: StrategyDefinition<{ quote: number; stopPct: number; takeProfitPct: number | null }> = {
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
