import { z } from 'zod';
import { timeframeSchema, type MarketSymbol } from '../market/candle.js';
import { lazySchema } from '../market/lazy-schema.js';
import type { Intent, StrategyContext, StrategyInstance } from './contract.js';
import { bracketExits } from './support/bracket.js';
import { builtInStrategy } from './support/built-in.js';
import { NO_INTENTS } from './support/no-intents.js';
import { RangeDetector, type TradingRange } from './support/range-detector.js';
import { clamp01 } from './support/scoring.js';
import { ScoredReadiness } from './support/scored-readiness.js';
import type { Readiness } from './support/scoring.js';

export const channelParamsSchema = lazySchema(() =>
  z
    .object({
      timeframe: timeframeSchema.default('15m').describe('Timeframe the range is detected on'),
      lookback: z.number().int().min(10).max(500).default(48).describe('Bars that define the range'),
      touchZonePct: z.number().min(1).max(40).default(10).describe('An edge is touched within this % of the range width'),
      targetTouches: z.number().int().min(1).max(10).default(3).describe('Touches per edge for full strength'),
      minStrength: z.number().min(0).max(100).default(60).describe('Range strength (0–100) needed to buy'),
      minWidthPct: z.number().min(0.1).max(50).default(1).describe('Narrowest tradable range (% of resistance)'),
      maxWidthPct: z.number().min(0.5).max(100).default(15).describe('Widest tradable range (% of resistance)'),
      buyZoneFromPct: z.number().min(0).max(50).default(10).describe('Buy zone starts this % of the range above support'),
      buyZoneToPct: z.number().min(1).max(60).default(20).describe('Buy zone ends this % of the range above support'),
      sellZonePct: z.number().min(1).max(50).default(20).describe('Sell in the top % of the range'),
      positionFraction: z.number().min(0.01).max(1).default(0.25).describe('Fraction of the budget per entry'),
      takeProfitPct: z.number().min(0.1).max(20).default(1.5).describe('Tight take profit above entry (%)'),
      stopLossPct: z.number().min(0.1).max(20).default(1).describe('Tight stop loss below entry (%)'),
    })
    .refine((p) => p.buyZoneFromPct < p.buyZoneToPct, { message: 'buy zone must start below where it ends' })
    .refine((p) => p.minWidthPct < p.maxWidthPct, { message: 'minimum width must be below maximum width' })
    .refine((p) => p.buyZoneToPct < 100 - p.sellZonePct, { message: 'buy and sell zones must not overlap' }),
);

export type ChannelParams = z.infer<ReturnType<typeof channelParamsSchema>>;

/** Where the close sits in the range: 0 at support, 1 at resistance (outside the range: < 0 or > 1). */
export function rangePosition(range: TradingRange, close: number): number {
  return (close - range.support) / range.width;
}

/**
 * Range trading: buy a bounce in the bottom zone of a range whose edges held several times,
 * sell in the top zone (reason `signal`); tight TP/SL cover the range breaking.
 */
class Channel extends ScoredReadiness implements StrategyInstance {
  private readonly detector: RangeDetector;
  private range: TradingRange | null = null;
  private placeInRange = Number.NaN;

  constructor(
    private readonly p: ChannelParams,
    private readonly symbol: MarketSymbol,
  ) {
    super();
    this.detector = new RangeDetector(p.lookback, p.touchZonePct / 100, p.targetTouches);
  }

  onCandle(ctx: StrategyContext): readonly Intent[] {
    if (ctx.timeframe !== this.p.timeframe) return NO_INTENTS;
    const c = ctx.candle;
    // The range is judged on the bars before this one; this bar is then added for the next.
    const range = this.detector.current();
    this.detector.push(c.high, c.low);
    this.range = range !== null && this.tradable(range) ? range : null;
    this.placeInRange = this.range ? rangePosition(this.range, c.close) : Number.NaN;

    if (ctx.position) {
      if (this.placeInRange >= 1 - this.p.sellZonePct / 100) {
        return [{ kind: 'exit_all', symbol: this.symbol, reason: 'signal', note: `top ${this.p.sellZonePct}% of the range` }];
      }
      return NO_INTENTS;
    }
    if (!this.range || !this.buySignal(this.range)) return NO_INTENTS;
    return [
      {
        kind: 'enter',
        symbol: this.symbol,
        size: { kind: 'equity_fraction', fraction: this.p.positionFraction },
        orderType: 'market',
        exits: bracketExits(c.close, this.p),
        reason: `range bottom zone: ${(this.placeInRange * 100).toFixed(1)}% of ${this.range.support}–${this.range.resistance}, strength ${this.range.strength}`,
        score: this.range.strength,
        components: { supportTouches: this.range.supportTouches, resistanceTouches: this.range.resistanceTouches },
      },
    ];
  }

  protected readinessParts(ctx: StrategyContext): Readiness {
    if (ctx.position) return 100;
    if (!this.range) return 0;
    const from = this.p.buyZoneFromPct / 100;
    const to = this.p.buyZoneToPct / 100;
    const outside = this.placeInRange < from ? from - this.placeInRange : this.placeInRange > to ? this.placeInRange - to : 0;
    return {
      parts: [
        { label: 'range strength', weight: 0.4, value: this.range.strength / Math.max(1, this.p.minStrength) },
        // Half a range away from the buy zone counts as nowhere near.
        { label: 'near the buy zone', weight: 0.6, value: 1 - clamp01(outside / 0.5) },
      ],
      triggered: this.buySignal(this.range),
    };
  }

  levels(): readonly { readonly price: number; readonly label: string }[] {
    const r = this.range;
    if (!r) return [];
    return [
      { price: r.resistance, label: 'resistance' },
      { price: r.resistance - (this.p.sellZonePct / 100) * r.width, label: 'sell zone' },
      { price: r.support + (this.p.buyZoneToPct / 100) * r.width, label: 'buy zone top' },
      { price: r.support + (this.p.buyZoneFromPct / 100) * r.width, label: 'buy zone bottom' },
      { price: r.support, label: 'support' },
    ];
  }

  private tradable(range: TradingRange): boolean {
    const widthPct = (range.width / range.resistance) * 100;
    return widthPct >= this.p.minWidthPct && widthPct <= this.p.maxWidthPct;
  }

  private buySignal(range: TradingRange): boolean {
    return (
      range.strength >= this.p.minStrength &&
      this.placeInRange >= this.p.buyZoneFromPct / 100 &&
      this.placeInRange <= this.p.buyZoneToPct / 100
    );
  }
}

export const channelStrategy = builtInStrategy<ChannelParams>({
  name: 'channel',
  description: 'Detects a range with a strength score, buys in its bottom zone and sells in its top zone; tight TP/SL.',
  params: channelParamsSchema,
  requirements: (p) => ({ timeframes: [p.timeframe], warmupBars: p.lookback + 1 }),
  streaming: true,
  create: (params, symbol) => new Channel(params, symbol),
});
