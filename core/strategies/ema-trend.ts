import { z } from 'zod';
import { EMA } from '../indicators/index.js';
import { timeframeSchema, type MarketSymbol } from '../market/candle.js';
import { lazySchema } from '../market/lazy-schema.js';
import type { Intent, StrategyContext, StrategyInstance } from './contract.js';
import { builtInStrategy } from './support/built-in.js';
import { NO_INTENTS } from './support/no-intents.js';
import { ScoredReadiness } from './support/scored-readiness.js';
import type { Readiness } from './support/scoring.js';

export const emaTrendParamsSchema = lazySchema(() =>
  z
    .object({
      timeframe: timeframeSchema.default('1h').describe('Timeframe of this instance (run one instance per timeframe)'),
      emaFast: z.number().int().min(2).max(500).default(20).describe('Fast EMA'),
      emaMid: z.number().int().min(3).max(1000).default(60).describe('Middle EMA'),
      emaSlow: z.number().int().min(4).max(1500).default(144).describe('Slow EMA (trend line)'),
      emaBase: z.number().int().min(5).max(2000).default(333).describe('Base EMA (long-term trend)'),
      s1Fraction: z.number().min(0.01).max(1).default(0.4).describe('Budget fraction bought on entering S1 (momentum)'),
      s2Fraction: z.number().min(0.01).max(1).default(0.2).describe('Budget fraction bought on entering S2 (shallow pullback)'),
      s3Fraction: z.number().min(0.01).max(1).default(0.2).describe('Budget fraction bought on entering S3 (deep pullback)'),
      trimExtensionPct: z.number().min(0.5).max(100).default(8).describe('Trim when the close is this % above the fast EMA'),
      trimFraction: z.number().min(0.05).max(0.9).default(0.25).describe('Part of the position sold per trim'),
      maxTrims: z.number().int().min(0).max(10).default(2).describe('Trims per trend'),
      stopLossPct: z.number().min(0.5).max(50).default(10).describe('Safety stop below the first entry (%)'),
    })
    .refine((p) => p.emaFast < p.emaMid && p.emaMid < p.emaSlow && p.emaSlow < p.emaBase, { message: 'EMAs must be ordered fast < mid < slow < base' })
    .refine((p) => p.s1Fraction + p.s2Fraction + p.s3Fraction <= 1, { message: 'S1 + S2 + S3 fractions must not exceed the budget' }),
);

export type EmaTrendParams = z.infer<ReturnType<typeof emaTrendParamsSchema>>;

/**
 * Trend states from the EMA stack and where the close sits in it.
 * S0: no trend (the mid > slow > base stack is not in order, or the close is at/below the slow EMA).
 * Within a trend: S1 momentum (close > fast > mid), S2 shallow pullback (close above mid but not S1),
 * S3 deep pullback (close between slow and mid).
 */
export type TrendState = 0 | 1 | 2 | 3;

export interface EmaStack {
  readonly fast: number;
  readonly mid: number;
  readonly slow: number;
  readonly base: number;
}

export function emaTrendState(close: number, e: EmaStack): TrendState {
  if (!(e.mid > e.slow && e.slow > e.base) || close <= e.slow) return 0;
  if (close > e.mid) return close > e.fast && e.fast > e.mid ? 1 : 2;
  return 3;
}

/**
 * Buys each of S1/S2/S3 once per trend when the state machine moves into it (S1 with the larger size),
 * trims into strength, and leaves everything when the trend breaks (S0).
 */
class EmaTrend extends ScoredReadiness implements StrategyInstance {
  private readonly fast: EMA;
  private readonly mid: EMA;
  private readonly slow: EMA;
  private readonly base: EMA;
  /** null until every EMA has its first value. */
  private stack: EmaStack | null = null;
  private close = Number.NaN;
  /** null until the base EMA is warm: the first warm state is observed, not traded. */
  private state: TrendState | null = null;
  private bought = [false, false, false, false];
  private trims = 0;
  private trimArmed = true;
  private enteredAt = Number.NaN;

  constructor(
    private readonly p: EmaTrendParams,
    private readonly symbol: MarketSymbol,
  ) {
    super();
    this.fast = new EMA(p.emaFast);
    this.mid = new EMA(p.emaMid);
    this.slow = new EMA(p.emaSlow);
    this.base = new EMA(p.emaBase);
  }

  get currentState(): TrendState | null {
    return this.state;
  }

  onCandle(ctx: StrategyContext): readonly Intent[] {
    if (ctx.timeframe !== this.p.timeframe) return NO_INTENTS;
    const close = ctx.candle.close;
    this.close = close;
    const fast = this.fast.add(close);
    const mid = this.mid.add(close);
    const slow = this.slow.add(close);
    const base = this.base.add(close);
    // The base EMA is the longest, so it is the last to have its first value (the average of its first bars).
    if (fast === null || mid === null || slow === null || base === null) return NO_INTENTS;
    this.stack = { fast, mid, slow, base };
    const previous = this.state;
    const next = emaTrendState(close, this.stack);
    this.state = next;

    if (next === 0) {
      this.bought = [false, false, false, false];
      this.trims = 0;
      this.trimArmed = true;
      if (!ctx.position || previous === 0) return NO_INTENTS;
      return [{ kind: 'exit_all', symbol: this.symbol, reason: 'signal', note: `emergency exit, trend broken: ${this.breakNote(close, this.stack)}` }];
    }
    if (previous !== null && previous !== next && !this.bought[next]) return this.buy(ctx, next);
    if (ctx.position) return this.trim(close, this.stack.fast);
    return NO_INTENTS;
  }

  protected readinessParts(ctx: StrategyContext): Readiness {
    if (ctx.position) return 100;
    const e = this.stack;
    if (!e) return 0;
    const parts: [string, boolean][] = [
      ['mid EMA above slow', e.mid > e.slow],
      ['slow EMA above base', e.slow > e.base],
      ['close above slow EMA', this.close > e.slow],
      ['close above mid EMA', this.close > e.mid],
      ['momentum', this.close > e.fast && e.fast > e.mid],
    ];
    return { parts: parts.map(([label, met]) => ({ label, weight: 1, value: met ? 1 : 0 })), triggered: this.enteredAt === ctx.time };
  }

  private buy(ctx: StrategyContext, state: 1 | 2 | 3): readonly Intent[] {
    this.bought[state] = true;
    this.enteredAt = ctx.time;
    const fraction = state === 1 ? this.p.s1Fraction : state === 2 ? this.p.s2Fraction : this.p.s3Fraction;
    const close = ctx.candle.close;
    return [
      {
        kind: ctx.position ? 'add' : 'enter',
        symbol: this.symbol,
        size: { kind: 'equity_fraction', fraction },
        orderType: 'market',
        ...(ctx.position ? {} : { exits: { stopLoss: close * (1 - this.p.stopLossPct / 100) } }),
        reason: `ema trend S${state} on ${this.p.timeframe}`,
      },
    ];
  }

  /** Sell a part when the close runs far above the fast EMA; re-armed once it is back within half that distance. */
  private trim(close: number, fast: number): readonly Intent[] {
    const extensionPct = (close / fast - 1) * 100;
    if (extensionPct < this.p.trimExtensionPct / 2) this.trimArmed = true;
    if (!this.trimArmed || this.trims >= this.p.maxTrims || extensionPct < this.p.trimExtensionPct) return NO_INTENTS;
    this.trimArmed = false;
    this.trims += 1;
    return [
      {
        kind: 'exit_part',
        symbol: this.symbol,
        fraction: this.p.trimFraction,
        reason: 'take_profit',
        note: `trim into strength: close ${extensionPct.toFixed(1)}% above EMA${this.p.emaFast}`,
      },
    ];
  }

  private breakNote(close: number, e: EmaStack): string {
    if (close <= e.slow) return `close ${close} at or below EMA${this.p.emaSlow} ${e.slow.toFixed(6)}`;
    return `EMA stack out of order (EMA${this.p.emaMid} > EMA${this.p.emaSlow} > EMA${this.p.emaBase} no longer holds)`;
  }
}

export const emaTrendStrategy = builtInStrategy<EmaTrendParams>({
  name: 'ema-trend',
  description:
    'EMA-stack state machine (S0–S3): buys on moving into S1 (larger), S2 and S3, trims into strength, exits everything when the trend breaks. One instance per timeframe.',
  params: emaTrendParamsSchema,
  requirements: (p) => ({ timeframes: [p.timeframe], warmupBars: p.emaBase }),
  streaming: true,
  create: (params, symbol) => new EmaTrend(params, symbol),
});
