import { z } from 'zod';
import { DonchianChannels, RSI } from '../indicators/index.js';
import { timeframeSchema, type MarketSymbol } from '../market/candle.js';
import { lazySchema } from '../market/lazy-schema.js';
import type { Intent, StrategyContext, StrategyInstance } from './contract.js';
import { HOUR_MS } from './support/bars.js';
import { bracketExits } from './support/bracket.js';
import { builtInStrategy } from './support/built-in.js';
import { NO_INTENTS } from './support/no-intents.js';
import { closenessFromBelow } from './support/scoring.js';
import { ScoredReadiness } from './support/scored-readiness.js';
import type { Readiness } from './support/scoring.js';
import { VolumeAverage } from './support/volume-average.js';

export const breakoutParamsSchema = lazySchema(() =>
  z.object({
    timeframe: timeframeSchema.default('1h').describe('Timeframe the breakout is evaluated on'),
    resistanceLookback: z.number().int().min(5).max(500).default(20).describe('Bars whose highest high is the resistance'),
    breakoutPct: z.number().min(0.5).max(20).default(3).describe('Close at least this % above resistance'),
    volumeLookback: z.number().int().min(2).max(500).default(20).describe('Bars in the volume average'),
    volumeFactor: z.number().min(1).max(10).default(2).describe('Volume at least this multiple of its average'),
    rsiPeriod: z.number().int().min(2).max(100).default(14).describe('RSI period'),
    rsiMin: z.number().min(50).max(95).default(60).describe('RSI must be above this'),
    positionFraction: z.number().min(0.01).max(1).default(0.25).describe('Fraction of the budget per entry'),
    takeProfitPct: z.number().min(0.1).max(100).default(8).describe('Take profit above entry (%)'),
    stopLossPct: z.number().min(0.1).max(50).default(3).describe('Stop loss below entry (%)'),
    trailingActivationPct: z.number().min(0.1).max(50).default(2).describe('Trailing stop arms once price is this % above entry'),
    trailingPct: z.number().min(0.1).max(50).default(2).describe('Trailing stop distance below the high (%)'),
    maxHoldHours: z.number().min(1).max(720).default(48).describe('Time exit after this many hours'),
  }),
);

export type BreakoutParams = z.infer<ReturnType<typeof breakoutParamsSchema>>;

/**
 * Swing breakout: a close clearly above the highest high of the previous bars, on heavy volume and
 * with momentum (RSI). One entry per breakout: after an exit the close must fall back under the
 * trigger price before the strategy may enter again.
 */
class Breakout extends ScoredReadiness implements StrategyInstance {
  private readonly resistance: DonchianChannels;
  private readonly rsi: RSI;
  private readonly volume: VolumeAverage;
  private armed = true;
  private enteredAt = Number.NaN;
  private close = Number.NaN;
  private trigger = Number.NaN;
  private volumeRatio = Number.NaN;
  private rsiValue = Number.NaN;

  constructor(
    private readonly p: BreakoutParams,
    private readonly symbol: MarketSymbol,
  ) {
    super();
    this.resistance = new DonchianChannels(p.resistanceLookback);
    this.rsi = new RSI(p.rsiPeriod);
    this.volume = new VolumeAverage(p.volumeLookback);
  }

  onCandle(ctx: StrategyContext): readonly Intent[] {
    if (ctx.timeframe !== this.p.timeframe) return NO_INTENTS;
    const c = ctx.candle;
    // Resistance comes from the bars before this one, so the breakout bar can't raise its own bar.
    const before = this.resistance.getResult();
    this.resistance.add({ high: c.high, low: c.low });
    this.volumeRatio = this.volume.push(c.volume);
    this.rsiValue = this.rsi.add(c.close) ?? Number.NaN;
    this.close = c.close;
    this.trigger = before === null ? Number.NaN : before.upper * (1 + this.p.breakoutPct / 100);
    if (c.close < this.trigger) this.armed = true;

    if (ctx.position || !this.armed || !this.triggered()) return NO_INTENTS;
    this.armed = false;
    this.enteredAt = ctx.time;
    const entry = c.close;
    return [
      {
        kind: 'enter',
        symbol: this.symbol,
        size: { kind: 'equity_fraction', fraction: this.p.positionFraction },
        orderType: 'market',
        exits: {
          ...bracketExits(entry, this.p),
          trailing: { activationPrice: entry * (1 + this.p.trailingActivationPct / 100), distancePct: this.p.trailingPct },
          maxHoldMs: this.p.maxHoldHours * HOUR_MS,
        },
        reason: `breakout: close ${entry} ≥ ${this.trigger.toFixed(6)} (resistance +${this.p.breakoutPct}%), volume ${this.volumeRatio.toFixed(2)}× avg, RSI ${this.rsiValue.toFixed(1)}`,
      },
    ];
  }

  protected readinessParts(ctx: StrategyContext): Readiness {
    if (ctx.position) return 100;
    if (Number.isNaN(this.trigger)) return 0;
    return {
      parts: [
        // Within five breakout-widths below the trigger counts as "getting close".
        { label: 'close to the breakout', weight: 0.5, value: closenessFromBelow(this.close, this.trigger, this.trigger * ((5 * this.p.breakoutPct) / 100)) },
        { label: 'volume', weight: 0.25, value: this.volumeRatio / this.p.volumeFactor },
        { label: 'RSI', weight: 0.25, value: this.rsiValue / this.p.rsiMin },
      ],
      triggered: this.enteredAt === ctx.time || (this.armed && this.triggered()),
    };
  }

  private triggered(): boolean {
    return this.close >= this.trigger && this.volumeRatio >= this.p.volumeFactor && this.rsiValue > this.p.rsiMin;
  }
}

export const breakoutStrategy = builtInStrategy<BreakoutParams>({
  name: 'breakout',
  description: 'Buys a close clearly above recent resistance on heavy volume with RSI momentum; stop, take profit, trailing stop once in profit, time exit.',
  params: breakoutParamsSchema,
  requirements: (p) => ({ timeframes: [p.timeframe], warmupBars: Math.max(p.resistanceLookback, p.volumeLookback, p.rsiPeriod) + 1 }),
  streaming: true,
  create: (params, symbol) => new Breakout(params, symbol),
});
