import { z } from 'zod';
import { ATR, EMA, RSI, SMA } from '../indicators/index.js';
import { TIMEFRAMES, timeframeSchema, type Candle, type MarketSymbol } from '../market/candle.js';
import { lazySchema } from '../market/lazy-schema.js';
import type { ClosedPositionOutcome, ExitPlan, Intent, StrategyContext, StrategyInstance } from './contract.js';
import { fibonacciValidatorParamsSchema, validateFibonacciEntry, type FibonacciVerdict, type MarketTrend } from './fibonacci-validator.js';
import { HOUR_MS } from './support/bars.js';
import { builtInStrategy } from './support/built-in.js';
import { NO_INTENTS } from './support/no-intents.js';
import { OutcomeTracker } from './support/outcome-tracker.js';
import { clamp01 } from './support/scoring.js';
import { ScoredReadiness } from './support/scored-readiness.js';
import type { Readiness } from './support/scoring.js';
import { SwingTracker } from './support/swing-tracker.js';
import { VolumeAverage } from './support/volume-average.js';

/** Retracement levels we buy, shallow to deep. */
export const FIB_RATIOS = [0.382, 0.5, 0.618] as const;

export const fibonacciParamsSchema = lazySchema(() =>
  fibonacciValidatorParamsSchema()
    .extend({
      timeframe: timeframeSchema.default('15m').describe('Timeframe of swings and entries'),
      higherTimeframe: timeframeSchema.default('4h').describe('Timeframe of the market condition (trend)'),
      swingLookback: z.number().int().min(2).max(20).default(5).describe('A swing pivot must stand out this many bars on each side'),
      minSwingPct: z.number().min(0.2).max(50).default(2).describe('Ignore swings smaller than this % (low to high)'),
      levelTolerance: z.number().min(0.005).max(0.15).default(0.05).describe('A level is hit within this fraction of the swing range'),
      emaFast: z.number().int().min(2).max(400).default(20).describe('Fast EMA (trend check)'),
      emaSlow: z.number().int().min(3).max(500).default(50).describe('Slow EMA (trend check)'),
      htfEmaFast: z.number().int().min(2).max(400).default(20).describe('Higher-timeframe fast EMA'),
      htfEmaSlow: z.number().int().min(3).max(500).default(50).describe('Higher-timeframe slow EMA'),
      rsiPeriod: z.number().int().min(2).max(100).default(14).describe('RSI period'),
      volumeLookback: z.number().int().min(2).max(500).default(20).describe('Bars in the volume average'),
      atrPeriod: z.number().int().min(2).max(100).default(14).describe('ATR period'),
      atrAverage: z.number().int().min(2).max(500).default(50).describe('Bars in the ATR average (the usual volatility)'),
      winRateWindow: z.number().int().min(1).max(500).default(20).describe('Closed positions in the historical win rate'),
      tradeFraction: z.number().min(0.01).max(1).default(0.2).describe('Budget fraction per FULL entry (each level)'),
      stopBufferPct: z.number().min(0).max(20).default(0.5).describe('Stop loss this % below the swing low'),
      tp1Fraction: z.number().min(0.05).max(0.95).default(0.5).describe('Part closed at TP1 (the swing high)'),
      tp2Extension: z.number().min(1.05).max(3).default(1.272).describe('TP2 at this extension of the swing'),
      breakevenAfterTp1: z.boolean().default(true).describe('Move the stop to the average entry once TP1 filled'),
      maxHoldHours: z.number().min(1).max(2000).default(96).describe('Time exit after this many hours'),
    })
    .refine((p) => TIMEFRAMES.indexOf(p.higherTimeframe) > TIMEFRAMES.indexOf(p.timeframe), { message: 'higherTimeframe must be above timeframe' })
    .refine((p) => p.emaFast < p.emaSlow && p.htfEmaFast < p.htfEmaSlow, { message: 'fast EMAs must be shorter than slow EMAs' })
    .refine((p) => p.rsiMin < p.rsiMax, { message: 'rsiMin must be below rsiMax' })
    .refine((p) => p.reducedScore <= p.fullScore, { message: 'reducedScore must not exceed fullScore' }),
);

export type FibonacciParams = z.infer<ReturnType<typeof fibonacciParamsSchema>>;

/** The market condition from the higher timeframe: the close and its fast and slow EMAs stacked up or down. */
export function marketTrendOf(close: number, fastEma: number, slowEma: number): MarketTrend {
  return close > fastEma && fastEma > slowEma ? 'up' : close < fastEma && fastEma < slowEma ? 'down' : 'mixed';
}

/** The up-leg being retraced: a confirmed swing low followed by a swing high (raised by new highs). */
interface Leg {
  readonly low: number;
  high: number;
}

class Fibonacci extends ScoredReadiness implements StrategyInstance {
  private readonly swings: SwingTracker;
  private readonly emaFast: EMA;
  private readonly emaSlow: EMA;
  private readonly rsi: RSI;
  private readonly atr: ATR;
  private readonly atrAverage: SMA;
  private readonly volume: VolumeAverage;
  private readonly htfFast: EMA;
  private readonly htfSlow: EMA;
  private readonly outcomes: OutcomeTracker;
  private bars = 0;
  private htfBars = 0;
  private marketTrend: MarketTrend = 'unknown';
  private leg: Leg | null = null;
  /** Deepest FIB_RATIOS index already bought in this leg (-1: none); only deeper levels remain. */
  private usedDepth = -1;
  private last: { candle: Candle; rsi: number; volumeRatio: number; atrRatio: number } | null = null;
  private enteredAt = Number.NaN;
  private held = { quantity: 0, averageEntry: Number.NaN, tp1Hit: false, tp2: Number.NaN };

  constructor(
    private readonly p: FibonacciParams,
    private readonly symbol: MarketSymbol,
  ) {
    super();
    this.swings = new SwingTracker(p.swingLookback);
    this.emaFast = new EMA(p.emaFast);
    this.emaSlow = new EMA(p.emaSlow);
    this.rsi = new RSI(p.rsiPeriod);
    this.atr = new ATR(p.atrPeriod);
    this.atrAverage = new SMA(p.atrAverage);
    this.volume = new VolumeAverage(p.volumeLookback);
    this.htfFast = new EMA(p.htfEmaFast);
    this.htfSlow = new EMA(p.htfEmaSlow);
    this.outcomes = new OutcomeTracker(p.winRateWindow);
  }

  onCandle(ctx: StrategyContext): readonly Intent[] {
    if (ctx.timeframe === this.p.higherTimeframe) {
      this.updateMarketTrend(ctx.candle.close);
      return NO_INTENTS;
    }
    if (ctx.timeframe !== this.p.timeframe) return NO_INTENTS;
    const c = ctx.candle;
    this.updateIndicators(c);
    this.updateLeg(c);
    const management = this.managePosition(ctx);
    if (management) return management;
    return this.entry(ctx);
  }

  protected readinessParts(ctx: StrategyContext): Readiness {
    if (ctx.position || this.enteredAt === ctx.time) return 100;
    const leg = this.leg;
    const next = FIB_RATIOS[this.usedDepth + 1];
    if (!leg || next === undefined || !this.last) return 0;
    const range = leg.high - leg.low;
    const level = leg.high - next * range;
    const above = this.last.candle.close - (level + this.p.levelTolerance * range);
    const preview = this.verdict(0);
    return {
      parts: [
        // From the swing high down to the next level: 0 at the high, 1 once within tolerance.
        { label: 'near the next level', weight: 0.6, value: above <= 0 ? 1 : 1 - clamp01(above / (next * range)) },
        { label: 'validator score', weight: 0.4, value: preview ? preview.score / this.p.reducedScore : 0 },
      ],
      triggered: false,
    };
  }

  levels(): readonly { readonly price: number; readonly label: string }[] {
    const leg = this.leg;
    if (!leg) return [];
    const range = leg.high - leg.low;
    return [
      { price: leg.low + this.p.tp2Extension * range, label: `TP2 ${this.p.tp2Extension}` },
      { price: leg.high, label: 'swing high (TP1)' },
      ...FIB_RATIOS.map((r) => ({ price: leg.high - r * range, label: `fib ${r}` })),
      { price: leg.low, label: 'swing low' },
    ];
  }

  onPositionClosed(outcome: ClosedPositionOutcome): void {
    this.outcomes.report(outcome.pnl > 0);
  }

  private updateMarketTrend(close: number): void {
    const fast = this.htfFast.add(close);
    const slow = this.htfSlow.add(close);
    this.htfBars += 1;
    if (this.htfBars < this.p.htfEmaSlow || fast === null || slow === null) return;
    this.marketTrend = marketTrendOf(close, fast, slow);
  }

  private updateIndicators(c: Candle): void {
    this.bars += 1;
    this.emaFast.add(c.close);
    this.emaSlow.add(c.close);
    const rsi = this.rsi.add(c.close);
    const atr = this.atr.add(c);
    const atrAverage = atr === null ? null : this.atrAverage.add(atr);
    const volumeRatio = this.volume.push(c.volume);
    this.last = {
      candle: c,
      rsi: rsi ?? Number.NaN,
      volumeRatio,
      atrRatio: atr !== null && atrAverage !== null && atrAverage > 0 ? atr / atrAverage : Number.NaN,
    };
  }

  /** Dynamic swing: a new confirmed low-then-high pair starts a leg; new highs raise it; a break below ends it. */
  private updateLeg(c: Candle): void {
    const update = this.swings.push(c);
    if (update.low && this.leg && update.low.price < this.leg.low) this.leg = null;
    const low = this.swings.lastLow;
    if (update.high && low && low.index < update.high.index) {
      const sizePct = ((update.high.price - low.price) / low.price) * 100;
      if (sizePct >= this.p.minSwingPct) this.startLeg({ low: low.price, high: update.high.price });
    }
    if (!this.leg) return;
    if (c.close < this.leg.low) {
      this.leg = null;
    } else if (c.high > this.leg.high) {
      this.leg.high = c.high; // the retracement restarts from the new high
      this.usedDepth = -1;
    }
  }

  private startLeg(leg: Leg): void {
    this.leg = leg;
    this.usedDepth = -1;
  }

  /** TP1 fill → stop to break-even; a closed position → one more outcome for the win rate. */
  private managePosition(ctx: StrategyContext): readonly Intent[] | null {
    const position = ctx.position;
    const held = this.held;
    if (!position) {
      if (held.quantity > 0) {
        // Inferred only until the engine reports outcomes via onPositionClosed.
        this.outcomes.infer(held.tp1Hit || ctx.candle.close > held.averageEntry);
        this.held = { quantity: 0, averageEntry: Number.NaN, tp1Hit: false, tp2: Number.NaN };
      }
      return null;
    }
    const reduced = held.quantity > 0 && position.quantity < held.quantity * (1 - 1e-9);
    held.quantity = position.quantity;
    held.averageEntry = position.averageEntry;
    if (!reduced || held.tp1Hit) return null;
    held.tp1Hit = true;
    if (!this.p.breakevenAfterTp1 || Number.isNaN(held.tp2)) return null;
    return [
      {
        kind: 'update_exits',
        symbol: this.symbol,
        exits: { stopLoss: position.averageEntry, takeProfits: [{ price: held.tp2, fraction: 1 }], maxHoldMs: this.p.maxHoldHours * HOUR_MS },
        note: 'TP1 filled: stop to break-even',
      },
    ];
  }

  private entry(ctx: StrategyContext): readonly Intent[] {
    const leg = this.leg;
    const last = this.last;
    if (!leg || !last || this.held.tp1Hit) return NO_INTENTS;
    const c = last.candle;
    const range = leg.high - leg.low;
    const tolerance = this.p.levelTolerance * range;
    // A close that already bounced above the shallowest level's zone is no retracement entry any more.
    if (c.close > leg.high - FIB_RATIOS[0] * range + tolerance) return NO_INTENTS;
    for (let k = FIB_RATIOS.length - 1; k > this.usedDepth; k -= 1) {
      const ratio = FIB_RATIOS[k]!;
      const level = leg.high - ratio * range;
      // The bar's low reached the level's zone and the close held near or above it; the closer the low
      // came to the exact level, the better the level "held".
      if (c.low > level + tolerance || c.close < level - tolerance) continue;
      const verdict = this.verdict(Math.abs(c.low - level) / tolerance);
      if (!verdict || verdict.tier === 'SKIP') return NO_INTENTS;
      this.usedDepth = k;
      this.enteredAt = ctx.time;
      const exits = this.exitPlan(leg);
      if (!ctx.position) this.held.tp2 = exits.takeProfits?.[1]?.price ?? Number.NaN;
      return [
        {
          kind: ctx.position ? 'add' : 'enter',
          symbol: this.symbol,
          size: { kind: 'equity_fraction', fraction: this.p.tradeFraction * verdict.sizeFactor },
          orderType: 'market',
          exits,
          reason: `fib ${ratio} retracement of ${leg.low}–${leg.high}: ${verdict.tier} (score ${verdict.score.toFixed(1)})`,
          score: verdict.score,
          components: verdict.components,
        },
      ];
    }
    return NO_INTENTS;
  }

  /** The validator on the latest bar; null until every indicator is warm. */
  private verdict(levelDistance: number): FibonacciVerdict | null {
    const last = this.last;
    if (!last || this.bars < this.p.emaSlow || Number.isNaN(last.rsi) || Number.isNaN(last.volumeRatio) || Number.isNaN(last.atrRatio)) return null;
    return validateFibonacciEntry(
      {
        levelDistance,
        open: last.candle.open,
        close: last.candle.close,
        rsi: last.rsi,
        emaFast: this.emaFast.getResult() ?? Number.NaN,
        emaSlow: this.emaSlow.getResult() ?? Number.NaN,
        volumeRatio: last.volumeRatio,
        atrRatio: last.atrRatio,
        winRate: this.outcomes.winRate(),
        marketTrend: this.marketTrend,
      },
      this.p,
    );
  }

  private exitPlan(leg: Leg): ExitPlan {
    const range = leg.high - leg.low;
    return {
      stopLoss: leg.low * (1 - this.p.stopBufferPct / 100),
      takeProfits: [
        { price: leg.high, fraction: this.p.tp1Fraction },
        { price: leg.low + this.p.tp2Extension * range, fraction: 1 - this.p.tp1Fraction },
      ],
      maxHoldMs: this.p.maxHoldHours * HOUR_MS,
    };
  }
}

export const fibonacciStrategy = builtInStrategy<FibonacciParams>({
  name: 'fibonacci',
  description:
    'Buys 0.382/0.5/0.618 retracements of the latest swing, validated by RSI, EMA trend and volume; a 5-part score picks FULL, REDUCED or SKIP; TP1 at the swing high, TP2 at an extension.',
  params: fibonacciParamsSchema,
  requirements: (p) => ({
    timeframes: [p.timeframe, p.higherTimeframe],
    warmupBars: Math.max(p.emaSlow, p.atrPeriod + p.atrAverage, p.rsiPeriod + 1, p.volumeLookback + 1, 2 * p.swingLookback + 1),
  }),
  create: (params, symbol) => new Fibonacci(params, symbol),
});
