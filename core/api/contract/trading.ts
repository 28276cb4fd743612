import { z } from 'zod';
import { symbolSchema } from '../../market/candle.js';
import { command } from './define.js';

/**
 * Manual and automated trading as the workspace sees it: orders, fills, positions, P&L.
 * Amounts and prices arrive as strict decimal strings (never `Number('')` = 0 or `'1,5'` = 1);
 * the core parses them and rounds them to the market's precision before an order exists.
 */
export const decimalStringSchema = z
  .string()
  .trim()
  .min(1, { error: 'required', abort: true })
  .regex(/^\d{1,18}(\.\d{1,18})?$/, 'must be a plain decimal number like 0.015');

export const orderViewSchema = z.object({
  clientOrderId: z.string(),
  exchangeOrderId: z.string().nullable(),
  account: z.string(),
  symbol: symbolSchema,
  side: z.enum(['buy', 'sell']),
  type: z.enum(['market', 'limit', 'stop_limit']),
  amount: z.number(),
  price: z.number().nullable(),
  stopPrice: z.number().nullable(),
  /** A limit order that only rests on the book (never takes). */
  postOnly: z.boolean(),
  timeInForce: z.enum(['GTC', 'IOC', 'FOK']),
  filled: z.number(),
  averagePrice: z.number().nullable(),
  status: z.enum(['pending', 'open', 'partially_filled', 'filled', 'canceled', 'rejected', 'expired', 'unknown']),
  /** `manual` for the order ticket, else the strategy name. */
  source: z.string(),
  reason: z.string().nullable(),
  fee: z.number(),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** Decimals of the market's prices on the order's account (its tick): its prices are shown at them, watched or not. */
  priceDecimals: z.number().int().min(0).max(12).optional(),
});
export type OrderView = z.infer<typeof orderViewSchema>;

/** Why a position was closed: exactly one per exit (the strategy contract's `ExitReason`). */
export const exitReasonSchema = z.enum(['take_profit', 'stop_loss', 'trailing_stop', 'time_exit', 'signal', 'emergency_stop', 'manual']);

export const fillViewSchema = z.object({
  id: z.string(),
  clientOrderId: z.string(),
  account: z.string(),
  symbol: symbolSchema,
  side: z.enum(['buy', 'sell']),
  price: z.number(),
  amount: z.number(),
  fee: z.number(),
  feeCurrency: z.string(),
  /** The fee in the market's quote currency: as charged, at the fill price (base), or at the venue's price (a third currency); null when no price was found. */
  feeInQuote: z.number().nullable(),
  liquidity: z.enum(['maker', 'taker']),
  time: z.number(),
  source: z.string(),
  tradeId: z.string().nullable(),
  /** For a fill that closed (part of) a position: the one reason it was closed. */
  exitReason: exitReasonSchema.nullable(),
  /** Decimals of the market's prices on the fill's account (its tick): the fill's price is shown at them, watched or not. */
  priceDecimals: z.number().int().min(0).max(12).optional(),
});
export type FillView = z.infer<typeof fillViewSchema>;

export const positionViewSchema = z.object({
  id: z.string(),
  account: z.string(),
  symbol: symbolSchema,
  source: z.string(),
  quantity: z.number(),
  averageEntry: z.number(),
  markPrice: z.number().nullable(),
  unrealizedPnl: z.number().nullable(),
  unrealizedPnlPct: z.number().nullable(),
  realizedPnl: z.number(),
  fees: z.number(),
  /** Decimals its money (`unrealizedPnl`, `realizedPnl`, `fees`) reads to in its market's quote, as a backtest's `moneyDecimals`: 8 (satoshis) for ETH/BTC. */
  moneyDecimals: z.number().int().optional(),
  openedAt: z.number(),
  tranches: z.array(z.object({ price: z.number(), quantity: z.number(), time: z.number() })),
  stopLoss: z.number().nullable(),
  takeProfits: z.array(z.object({ price: z.number(), fraction: z.number() })),
  trailing: z.object({ active: z.boolean(), stop: z.number().nullable() }).nullable(),
  /**
   * Whether its automatic exits work: `enforced`, `exit pending: <why it has not filled yet>`, `exits
   * paused (HALTED)`, `not enforced` (its configuration does not run); null for your own positions.
   */
  exitStatus: z.string().nullable(),
  /** Where its stop is held: `protected at venue (stop …)`, or `stop held by Halyard only: <why>`; null without a stop. */
  protection: z.string().nullable(),
  /** Decimals of the market's prices on the position's account (its tick): entry, mark and exits are shown at them, watched or not. */
  priceDecimals: z.number().int().min(0).max(12).optional(),
});
export type PositionView = z.infer<typeof positionViewSchema>;

export const balanceViewSchema = z.object({ currency: z.string(), free: z.number(), used: z.number(), total: z.number() });

export const ticketRulesSchema = z.object({
  symbol: symbolSchema,
  base: z.string(),
  quote: z.string(),
  amountStep: z.number(),
  priceStep: z.number(),
  minAmount: z.number().nullable(),
  minCost: z.number().nullable(),
  /** Fee rates as fractions (0.001 = 0.1 %). */
  makerFee: z.number(),
  takerFee: z.number(),
  /**
   * What a market buy sets aside on this account above the last price, as a fraction (the paper account:
   * its slippage for the market's tier; 0 where Halyard sets nothing aside): 100 % of a balance must fit it.
   */
  marketBuyReserve: z.number(),
  postOnly: z.boolean(),
  timeInForce: z.array(z.enum(['GTC', 'IOC', 'FOK'])),
});
export type TicketRulesView = z.infer<typeof ticketRulesSchema>;

export const tradingCommands = {
  'orders.place': command(
    z
      .object({
        account: z.string().default('paper'),
        symbol: symbolSchema,
        side: z.enum(['buy', 'sell']),
        type: z.enum(['market', 'limit', 'stop_limit']),
        amount: decimalStringSchema,
        price: decimalStringSchema.optional(),
        stopPrice: decimalStringSchema.optional(),
        /** Limit orders, where the market takes it (`orders.ticketRules`): refused rather than taking liquidity. */
        postOnly: z.boolean().optional(),
        /** Limit orders: GTC (default), IOC (the rest cancelled), FOK (all or nothing). */
        timeInForce: z.enum(['GTC', 'IOC', 'FOK']).optional(),
        /** A bracket on a buy: the position's take profit and stop loss (for a buy: stop loss < entry < take profit). */
        takeProfit: decimalStringSchema.optional(),
        stopLoss: decimalStringSchema.optional(),
      })
      .strict()
      .superRefine((order, ctx) => {
        if (order.type !== 'market' && order.price === undefined) ctx.addIssue({ code: 'custom', path: ['price'], message: `a ${order.type} order needs a price` });
        if (order.type === 'stop_limit' && order.stopPrice === undefined) ctx.addIssue({ code: 'custom', path: ['stopPrice'], message: 'a stop-limit order needs a stop price' });
        if (order.postOnly === true && order.type !== 'limit') ctx.addIssue({ code: 'custom', path: ['postOnly'], message: 'post-only is for limit orders only' });
        if (order.timeInForce !== undefined && order.timeInForce !== 'GTC' && order.type !== 'limit') ctx.addIssue({ code: 'custom', path: ['timeInForce'], message: `${order.timeInForce} is for limit orders only` });
      }),
    orderViewSchema,
  ),
  /**
   * Modify the trader's working order: cancel/replace — the replacement gets a new client id and is sent
   * only once the venue confirmed the cancel (an order filled meanwhile is not replaced). Answers the new order.
   */
  'orders.modify': command(
    z
      .object({ clientOrderId: z.string().min(1).max(64), price: decimalStringSchema.optional(), amount: decimalStringSchema.optional(), stopPrice: decimalStringSchema.optional() })
      .strict()
      .refine((change) => change.price !== undefined || change.amount !== undefined || change.stopPrice !== undefined, { path: ['price'], message: 'change the price, the amount or the stop price' }),
    orderViewSchema,
  ),
  /**
   * What `orders.modify` with these values would send, rounded through the market's precision as the order
   * road rounds them (decimal strings at the market's steps), for the Modify confirmation; sends nothing.
   * Refused with field errors where the market's rules refuse the change.
   */
  'orders.modifyPreview': command(
    z.object({ clientOrderId: z.string().min(1).max(64), price: decimalStringSchema.optional(), amount: decimalStringSchema.optional(), stopPrice: decimalStringSchema.optional() }).strict(),
    z.object({ price: z.string().nullable(), amount: z.string(), stopPrice: z.string().nullable() }),
  ),
  /** What the ticket needs of a market on an account: steps, fee rates, and which order options it takes. */
  'orders.ticketRules': command(z.object({ account: z.string().default('paper'), symbol: symbolSchema }).strict(), ticketRulesSchema),
  'orders.cancel': command(z.object({ clientOrderId: z.string().min(1).max(64) }).strict(), orderViewSchema),
  /**
   * What "Cancel all" in Open Orders would cancel in a scope (every working order unless an account or symbol
   * is given), and what it leaves alone with why: sell stops that guard a position are never bulk-cancelled.
   */
  'orders.cancelAllPlan': command(
    z.object({ account: z.string().optional(), symbol: symbolSchema.optional() }).strict(),
    z.object({ cancel: z.array(orderViewSchema), keep: z.array(z.object({ order: orderViewSchema, why: z.string() })) }),
  ),
  /**
   * Cancels the orders a confirmed plan named (by client id), each the way `orders.cancel` does; answers each
   * one cancelled and each one not, with the reason (the venue's own where it refused).
   */
  'orders.cancelAll': command(
    z.object({ clientOrderIds: z.array(z.string().min(1).max(64)).min(1).max(1_000) }).strict(),
    z.object({
      cancelled: z.array(orderViewSchema),
      notCancelled: z.array(z.object({ clientOrderId: z.string(), order: orderViewSchema.nullable(), reason: z.string() })),
    }),
  ),
  'orders.list': command(z.object({ status: z.enum(['open', 'all']).default('open'), symbol: symbolSchema.optional() }).strict(), z.array(orderViewSchema)),
  'fills.list': command(z.object({ symbol: symbolSchema.optional(), limit: z.number().int().min(1).max(100_000).default(1_000) }).strict(), z.array(fillViewSchema)),
  'positions.list': command(z.object({}).strict(), z.array(positionViewSchema)),
  /** Close all or part of a position at market, through the risk gate. */
  'positions.close': command(
    z.object({ id: z.string().min(1), fraction: z.number().gt(0).max(1).default(1) }).strict(),
    orderViewSchema,
  ),
  /** Working orders by kind of account: what the desktop app's quit dialog asks about. */
  'orders.openCount': command(z.object({}).strict(), z.object({ live: z.number().int().nonnegative(), paper: z.number().int().nonnegative() })),
  'balances.list': command(z.object({ account: z.string().default('paper') }).strict(), z.array(balanceViewSchema)),
} as const;

export const tradingEvents = {
  'orders.updated': z.object({ order: orderViewSchema }),
  'fills.new': z.object({ fill: fillViewSchema }),
  'positions.updated': z.object({ positions: z.array(positionViewSchema) }),
} as const;
