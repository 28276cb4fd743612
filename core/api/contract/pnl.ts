import { z } from 'zod';
import { symbolSchema } from '../../market/candle.js';
import { command } from './define.js';

/**
 * Profit and loss of the paper account, computed by the core from its fills with the engine's FIFO
 * position accounting. Realized counts exits in a period, unrealized the open tranches bought in it
 * (at the current mark). `net = realizedGross + unrealized − fees`; `returnPct` is net over the cost
 * basis of all of it (weighted by size, never an average of percentages). Money is in `quote`.
 */
export const pnlFiguresSchema = z.object({
  realizedGross: z.number(),
  /** Fees of the realized trades (their entries and exits). */
  realizedFees: z.number(),
  realizedNet: z.number(),
  unrealized: z.number(),
  /** Entry fees already paid on what is still held. */
  openFees: z.number(),
  fees: z.number(),
  net: z.number(),
  costBasis: z.number(),
  returnPct: z.number().nullable(),
  exits: z.number().int().nonnegative(),
});
export type PnlFiguresView = z.infer<typeof pnlFiguresSchema>;

export const pnlPeriodsSchema = z.object({ today: pnlFiguresSchema, week: pnlFiguresSchema, all: pnlFiguresSchema });
export type PnlPeriodsView = z.infer<typeof pnlPeriodsSchema>;

export const pnlSummarySchema = z.object({
  account: z.string(),
  quote: z.string(),
  /** Decimals its money reads to in `quote`, as a backtest's `moneyDecimals`: 2 (cents) for USDT, 8 (satoshis) for a BTC-quoted market. */
  moneyDecimals: z.number().int().optional(),
  /** The market's clock the periods are measured on. */
  asOf: z.number(),
  /** Start of today (UTC) and of the 7 UTC days ending today. */
  periodStarts: z.object({ today: z.number(), week: z.number() }),
  /** What the paper account started this session with. */
  startingBalance: z.number(),
  periods: pnlPeriodsSchema,
  /** Per strategy name, or `manual` for the order ticket. */
  bySource: z.array(z.object({ source: z.string(), periods: pnlPeriodsSchema })),
  bySymbol: z.array(z.object({ symbol: symbolSchema, periods: pnlPeriodsSchema })),
  /** Starting balance + realized net P&L after each exit; the last point adds the open positions' P&L. */
  equity: z.object({ time: z.array(z.number()), value: z.array(z.number()), drawdown: z.array(z.number()) }),
  /** Symbols held without a price yet (their open P&L is not counted until one arrives). */
  unpriced: z.array(symbolSchema),
});
export type PnlSummaryView = z.infer<typeof pnlSummarySchema>;

export const pnlCommands = {
  /** The paper account's P&L since it opened (the paper account starts afresh each run and on a market switch). */
  'pnl.summary': command(z.object({}).strict(), pnlSummarySchema),
} as const;
