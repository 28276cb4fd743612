import { z } from 'zod';

/**
 * What the risk domain reports, as zod schemas (the domain owns these types; core/api/contract/risk.ts
 * carries them on the wire unchanged): the risk state with limits and their usage, locks, events, the
 * emergency stop's per-order results, flatten, reconciliation differences and the resume preview.
 */

const regime = z.enum(['PANIC', 'CAUTION', 'EUPHORIA', 'NORMAL']);

export const regimeMeasureSchema = z.object({
  kind: z.enum(['panic', 'caution', 'bleed', 'euphoria']),
  minutes: z.number(),
  thresholdPct: z.number(),
  /** NaN before enough data becomes null on the wire. */
  valuePct: z.number().nullable(),
});

export const lockViewSchema = z.object({
  rule: z.string(),
  scope: z.string(),
  symbol: z.string().nullable(),
  strategy: z.string().nullable(),
  since: z.number(),
  until: z.number().nullable(),
  /** ms left at the time of the snapshot; null = until a manual reset. */
  remainingMs: z.number().nullable(),
  reason: z.string(),
});

export const limitUsageSchema = z.object({
  rule: z.string(),
  label: z.string(),
  /** Current usage and its limit in the limit's unit. */
  used: z.number(),
  limit: z.number(),
  unit: z.enum(['quote', 'pct', 'count']),
  scope: z.string().nullable(),
});

export const riskStateSchema = z.object({
  time: z.number(),
  halted: z.boolean(),
  regime: z.object({
    benchmark: z.string(),
    regime,
    since: z.number().nullable(),
    close: z.number().nullable(),
    reason: z.string(),
    sizeMultiplier: z.number(),
    measures: z.array(regimeMeasureSchema),
  }),
  volatility: z.array(z.object({ symbol: z.string(), volatilityPct: z.number() })),
  disabledStrategies: z.array(z.object({ strategy: z.string(), symbol: z.string(), since: z.number(), volatilityPct: z.number().nullable(), onBelowPct: z.number().nullable() })),
  locks: z.array(lockViewSchema),
  stopStreaks: z.array(z.object({ symbol: z.string(), count: z.number(), of: z.number() })),
  limits: z.array(limitUsageSchema),
  breaker: z.object({
    dailyPnl: z.number(),
    dayStartEquity: z.number(),
    /** Today's P&L (since a manual reset, if any) as % of the day's starting equity. */
    lossPct: z.number(),
    limitPct: z.number(),
    tripped: z.boolean(),
    until: z.number().nullable(),
    /**
     * Present while the day start is provisional: the coins held at the day start it leaves out until
     * their first price (each added at that price, once), the time its stale venue prices were read,
     * and in plain words what the breaker does meanwhile.
     */
    provisional: z
      .object({
        missing: z.array(z.object({ currency: z.string(), total: z.number() })),
        staleSince: z.number().nullable(),
        note: z.string(),
        /**
         * Coins among `missing` traded today (sold net of buys) and the quote that brought: counted as neither
         * gain nor loss until the coin is priced (the day start does not know what it was worth).
         */
        unpricedSales: z.array(z.object({ currency: z.string(), sold: z.number(), proceeds: z.number() })).optional(),
      })
      .optional(),
  }),
  /** True while a reconciliation checks the shown account: its orders are refused until it is done. */
  reconciling: z.boolean(),
  /**
   * Present while the shown account's last reconciliation failed: the venue's error, how many runs failed in
   * a row, when it is tried again (ms), and in plain words what that means for its orders and stops.
   */
  reconcileFailed: z.object({ error: z.string(), failures: z.number().int(), nextAt: z.number(), note: z.string() }).optional(),
  /**
   * The shown account's equity now (cash plus every holding valued: the feed's marks, else the venue's
   * prices) and the holdings it leaves out for want of a price; null before its balances are known.
   */
  equity: z
    .object({
      value: z.number(),
      quote: z.string().nullable(),
      unvalued: z.array(z.object({ currency: z.string(), total: z.number(), reason: z.string() })),
      /** When the oldest venue price behind equity was read (wall clock, ms); absent when equity uses none. */
      pricesAt: z.number().optional(),
      /** That price is older than a few refreshes (the venue keeps failing): equity still uses it, and says how old it is. */
      pricesStale: z.boolean().optional(),
    })
    .nullable(),
});
export type RiskStateView = z.infer<typeof riskStateSchema>;

export const riskEventSchema = z.object({
  id: z.number(),
  time: z.number(),
  kind: z.string(),
  detail: z.string(),
  rule: z.string().nullable(),
  strategy: z.string().nullable(),
  symbol: z.string().nullable(),
  repeats: z.number(),
  lastTime: z.number(),
});
export type RiskEventView = z.infer<typeof riskEventSchema>;

export const cancelOutcomeSchema = z.enum(['canceled', 'already_filled', 'already_closed', 'failed']);
/** What became of each order in an emergency stop: a cancel's outcome, or `kept` (a protective stop left at the venue). */
export const stopOutcomeSchema = z.enum(['canceled', 'already_filled', 'already_closed', 'failed', 'kept']);

export const stopOrderResultSchema = z.object({
  account: z.string(),
  symbol: z.string(),
  /** What the order was — side, amount and price (the limit, else the stop) — when Halyard or the venue knows it. */
  side: z.enum(['buy', 'sell']).nullable(),
  amount: z.number().nullable(),
  price: z.number().nullable(),
  /** `manual` (the order ticket), a strategy configuration's name, or `untracked` (not placed by Halyard). */
  source: z.string(),
  clientOrderId: z.string().nullable(),
  exchangeOrderId: z.string().nullable(),
  outcome: stopOutcomeSchema,
  attempts: z.number(),
  error: z.string().nullable(),
  /** Decimals of the market's prices on the order's account (its tick), as the API sends the report: its price is shown at them. */
  priceDecimals: z.number().int().min(0).max(12).optional(),
});
export type StopOrderResult = z.infer<typeof stopOrderResultSchema>;

export const flattenResultSchema = z.object({
  account: z.string(),
  /** `manual`, or the strategy configuration whose position it was. */
  owner: z.string(),
  symbol: z.string(),
  /** The owner's quantity before flattening. */
  quantity: z.number(),
  clientOrderId: z.string().nullable(),
  outcome: z.enum(['closed', 'partial', 'failed', 'dust', 'nothing']),
  /** The owner's quantity left after verification against the venue. */
  remaining: z.number(),
  detail: z.string(),
});

export const flattenReportSchema = z.object({
  startedAt: z.number(),
  finishedAt: z.number(),
  positions: z.array(flattenResultSchema),
  /** True when the exchange confirms nothing bot-owned remains (dust below the market minimum excepted). */
  verified: z.boolean(),
});
export type FlattenReport = z.infer<typeof flattenReportSchema>;

export const stopReportSchema = z.object({
  id: z.number(),
  source: z.string(),
  reason: z.string(),
  haltedAt: z.number(),
  finishedAt: z.number().nullable(),
  accounts: z.array(z.object({ account: z.string(), label: z.string(), method: z.enum(['cancel_all', 'per_order']), error: z.string().nullable() })),
  orders: z.array(stopOrderResultSchema),
  /** Orders the exchanges still list as open after the stop (should be 0). */
  remainingOpen: z.number(),
  flatten: flattenReportSchema.nullable(),
});
export type StopReport = z.infer<typeof stopReportSchema>;

export const differenceSchema = z.object({
  id: z.string(),
  account: z.string(),
  kind: z.enum(['untracked_order', 'missing_order', 'untracked_fill', 'balance_short']),
  symbol: z.string(),
  clientOrderId: z.string().nullable(),
  exchangeOrderId: z.string().nullable(),
  detail: z.string(),
  actions: z.array(z.enum(['adopt', 'ignore', 'cancel'])),
});
export type Difference = z.infer<typeof differenceSchema>;

export const reconcileReportSchema = z.object({
  trigger: z.enum(['start', 'reconnect', 'resume', 'manual']),
  startedAt: z.number(),
  finishedAt: z.number(),
  accounts: z.array(
    z.object({
      account: z.string(),
      ok: z.boolean(),
      error: z.string().nullable(),
      /** The markets whose trades were read: those Halyard knows for the account, and those whose coin's balance changed since it last saw it (see `everyMarket`). */
      marketsChecked: z.array(z.string()).optional(),
      /** Markets of changed coins left for the next run (over the venue's request budget for one run). */
      marketsLater: z.array(z.string()).optional(),
      /**
       * True where one listing holds the account's trades on every market (Kraken's TradesHistory) and it was read:
       * every market was checked, and `marketsChecked` are the markets Halyard knows there and those with trades in it.
       */
      everyMarket: z.boolean().optional(),
    }),
  ),
  /** Journal entries brought up to date, in words. */
  updated: z.array(z.string()),
  differences: z.array(differenceSchema),
  positions: z.array(z.object({ account: z.string(), symbol: z.string(), quantity: z.number(), averageEntry: z.number() })),
  /** Present on a retry of accounts whose reconciliation failed: which retry it is (1, 2, …). */
  retry: z.object({ attempt: z.number().int().min(1) }).optional(),
});
export type ReconcileReport = z.infer<typeof reconcileReportSchema>;

export const resumePreviewSchema = z.object({
  halted: z.boolean(),
  since: z.number().nullable(),
  reason: z.string().nullable(),
  source: z.string().nullable(),
  /** What starts placing orders again on re-arm. */
  strategies: z.array(z.object({ name: z.string(), symbols: z.array(z.string()), account: z.string() })),
  accounts: z.array(z.object({ account: z.string(), label: z.string(), mode: z.enum(['paper', 'live']) })),
  openPositions: z.array(z.object({ account: z.string(), symbol: z.string(), quantity: z.number() })),
  locks: z.array(lockViewSchema),
  lastStop: stopReportSchema.nullable(),
});

