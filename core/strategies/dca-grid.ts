import { z } from 'zod';
import { DonchianChannels } from '../indicators/index.js';
import { timeframeSchema, type MarketSymbol } from '../market/candle.js';
import { lazySchema } from '../market/lazy-schema.js';
import type { ExitPlan, Intent, StrategyContext, StrategyInstance } from './contract.js';
import { barsInHours, HOUR_MS } from './support/bars.js';
import { builtInStrategy } from './support/built-in.js';
import { NO_INTENTS } from './support/no-intents.js';
import { ScoredReadiness } from './support/scored-readiness.js';
import type { Readiness } from './support/scoring.js';
import { VolumeAverage } from './support/volume-average.js';

export const dcaGridParamsSchema = lazySchema(() =>
  z
    .object({
      timeframe: timeframeSchema.default('5m').describe('Timeframe the setup is evaluated on'),
      dropPct: z.number().min(0.5).max(50).default(5).describe('Setup: close at least this % below the recent high'),
      highWindowHours: z.number().min(0.25).max(168).default(4).describe('Window of the recent high (hours)'),
      volumeLookback: z.number().int().min(2).max(500).default(20).describe('Bars in the volume average'),
      volumeFactor: z.number().min(0.5).max(10).default(1).describe('Setup: volume above this multiple of its average'),
      levels: z.number().int().min(1).max(20).default(5).describe('Grid levels'),
      spacingPct: z.number().min(0.1).max(20).default(1).describe('Distance between grid levels (% of the first level)'),
      sizing: z.enum(['equal', 'pyramid']).default('equal').describe('equal: same size per level; pyramid: level k gets weight k'),
      budgetFraction: z.number().min(0.01).max(1).default(0.5).describe('Fraction of the budget the whole grid may use'),
      takeProfitPct: z.number().min(0.1).max(50).default(2).describe('Take profit above the average entry (%)'),
      stopLossPct: z.number().min(0.1).max(50).default(3).describe('Stop loss below the deepest grid level (%)'),
      maxHoldHours: z.number().min(1).max(720).default(72).describe('Time exit after this many hours'),
      gridExpiryHours: z.number().min(0.25).max(720).default(24).describe('Cancel an unfilled grid after this many hours'),
    })
    .refine((p) => (p.levels - 1) * p.spacingPct < 100, { message: 'levels × spacing must stay above a zero price' }),
);

export type DcaGridParams = z.infer<ReturnType<typeof dcaGridParamsSchema>>;

interface Grid {
  readonly startedAt: number;
  readonly prices: readonly number[];
  readonly deepest: number;
}

/** Entry price of grid level `index` (0 = the anchor): evenly spaced in % of the anchor. */
export function gridLevelPrice(anchor: number, index: number, spacingPct: number): number {
  return anchor * (1 - (index * spacingPct) / 100);
}

/** Budget fraction per level: equal, or pyramided (deeper levels buy more, weights 1..N). */
export function gridLevelFractions(params: Pick<DcaGridParams, 'levels' | 'sizing' | 'budgetFraction'>): number[] {
  const weights = Array.from({ length: params.levels }, (_, i) => (params.sizing === 'pyramid' ? i + 1 : 1));
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => (params.budgetFraction * w) / total);
}

class DcaGrid extends ScoredReadiness implements StrategyInstance {
  private readonly recentHigh: DonchianChannels;
  private readonly volume: VolumeAverage;
  private grid: Grid | null = null;
  private hadPosition = false;
  /** Average entry the current exit plan was computed from. */
  private exitsFrom = Number.NaN;
  private drop = Number.NaN;
  private volumeRatio = Number.NaN;

  constructor(
    private readonly p: DcaGridParams,
    private readonly symbol: MarketSymbol,
  ) {
    super();
    this.recentHigh = new DonchianChannels(barsInHours(p.highWindowHours, p.timeframe));
    this.volume = new VolumeAverage(p.volumeLookback);
  }

  onCandle(ctx: StrategyContext): readonly Intent[] {
    if (ctx.timeframe !== this.p.timeframe) return NO_INTENTS;
    const c = ctx.candle;
    this.volumeRatio = this.volume.push(c.volume);
    const channel = this.recentHigh.add({ high: c.high, low: c.low });
    this.drop = channel === null ? Number.NaN : ((channel.upper - c.close) / channel.upper) * 100;

    if (ctx.position) {
      this.hadPosition = true;
      if (ctx.position.averageEntry === this.exitsFrom || !this.grid) return NO_INTENTS;
      // A new level filled (or the first one): take profit follows the average entry.
      this.exitsFrom = ctx.position.averageEntry;
      return [{ kind: 'update_exits', symbol: this.symbol, exits: this.exitPlan(this.exitsFrom, this.grid.deepest), note: 'average entry changed' }];
    }
    if (this.hadPosition) {
      // The position closed (TP/SL/time): the engine cancelled the rest of the grid with the closing fill;
      // one still listed only waits for the venue's answer (the engine sends no second cancel).
      this.hadPosition = false;
      this.grid = null;
      this.exitsFrom = Number.NaN;
      return ctx.openEntryOrders > 0 ? [{ kind: 'cancel_entries', symbol: this.symbol, note: 'position closed' }] : NO_INTENTS;
    }
    if (this.grid) {
      if (ctx.openEntryOrders === 0) {
        this.grid = null; // orders were cancelled or rejected outside the strategy
      } else if (ctx.time - this.grid.startedAt >= this.p.gridExpiryHours * HOUR_MS) {
        this.grid = null;
        return [{ kind: 'cancel_entries', symbol: this.symbol, note: 'grid expired unfilled' }];
      } else {
        return NO_INTENTS;
      }
    }
    if (ctx.openEntryOrders > 0 || !this.setupMet()) return NO_INTENTS;
    return this.openGrid(ctx.time, c.close);
  }

  protected readinessParts(ctx: StrategyContext): Readiness {
    if (ctx.position || this.grid) return 100;
    return {
      parts: [
        { label: 'drop from the high', weight: 0.7, value: this.drop / this.p.dropPct },
        { label: 'volume', weight: 0.3, value: this.volumeRatio / this.p.volumeFactor },
      ],
      triggered: this.setupMet(),
    };
  }

  levels(): readonly { readonly price: number; readonly label: string }[] {
    if (!this.grid) return [];
    const lines = this.grid.prices.map((price, i) => ({ price, label: `grid ${i + 1}` }));
    const plan = this.exitPlan(Number.isNaN(this.exitsFrom) ? this.grid.prices[0]! : this.exitsFrom, this.grid.deepest);
    if (plan.takeProfits?.[0]) lines.push({ price: plan.takeProfits[0].price, label: 'take profit' });
    if (plan.stopLoss !== undefined) lines.push({ price: plan.stopLoss, label: 'stop loss' });
    return lines;
  }

  private setupMet(): boolean {
    return this.drop >= this.p.dropPct && this.volumeRatio > this.p.volumeFactor;
  }

  private openGrid(time: number, anchor: number): Intent[] {
    const prices = Array.from({ length: this.p.levels }, (_, i) => gridLevelPrice(anchor, i, this.p.spacingPct));
    const deepest = prices[prices.length - 1]!;
    this.grid = { startedAt: time, prices, deepest };
    this.exitsFrom = anchor; // the plan below is computed from the first level
    const fractions = gridLevelFractions(this.p);
    return prices.map((price, i) => ({
      kind: i === 0 ? 'enter' : 'add',
      symbol: this.symbol,
      size: { kind: 'equity_fraction', fraction: fractions[i]! },
      orderType: 'limit',
      limitPrice: price,
      ...(i === 0 ? { exits: this.exitPlan(price, deepest) } : {}),
      reason: `dca grid level ${i + 1}/${this.p.levels}: ${this.drop.toFixed(2)}% below the ${this.p.highWindowHours}h high`,
    }));
  }

  private exitPlan(averageEntry: number, deepest: number): ExitPlan {
    return {
      takeProfits: [{ price: averageEntry * (1 + this.p.takeProfitPct / 100), fraction: 1 }],
      stopLoss: deepest * (1 - this.p.stopLossPct / 100),
      maxHoldMs: this.p.maxHoldHours * HOUR_MS,
    };
  }
}

export const dcaGridStrategy = builtInStrategy<DcaGridParams>({
  name: 'dca-grid',
  description: 'Buys a sharp drop from the recent high on above-average volume with a grid of limit orders; exits from the average entry.',
  params: dcaGridParamsSchema,
  requirements: (p) => ({ timeframes: [p.timeframe], warmupBars: Math.max(barsInHours(p.highWindowHours, p.timeframe), p.volumeLookback + 1) }),
  streaming: true,
  create: (params, symbol) => new DcaGrid(params, symbol),
});
