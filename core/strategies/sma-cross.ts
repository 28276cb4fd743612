// The README's example of a trader's strategy is this file with trading-signals' SMA (what a strategy
// file may import); here the averages are core/indicators' RunningSMA, the same values in O(1) per bar.
import { z } from 'zod';
import { exactSum } from '../indicators/exact-sum.js';
import { RunningSMA } from '../indicators/running-sma.js';
import type { Intent, StrategyContext, StrategyDefinition, StrategyInstance } from './contract.js';
import { builtInStrategy } from './support/built-in.js';

/**
 * SMA crossover — the example strategy of the README, shipped as the built-in `sma-cross`.
 * Long only. Enters (market, so it fills at the next bar's open) on the close where the fast SMA
 * crosses above the slow one; exits everything (reason `signal`) on the close where it crosses below.
 * A cross compares the current fast−slow difference with the last NON-ZERO one, so touching and
 * parting again is not a cross.
 */
export const smaCrossParamsSchema = z
  .object({
    fast: z.number().int().min(1).max(1_000).default(20).describe('Fast SMA length (bars)'),
    slow: z.number().int().min(2).max(5_000).default(60).describe('Slow SMA length (bars)'),
    stake: z.number().positive().default(0.01).describe('Base quantity bought per entry').meta({ unit: 'base' }),
    timeframe: z.enum(['1m', '5m', '15m', '1h', '4h', '1d']).default('1m').describe('Bars the averages are computed on'),
  })
  .refine((p) => p.fast < p.slow, { message: 'fast must be shorter than slow', path: ['fast'] });
export type SmaCrossParams = z.infer<typeof smaCrossParamsSchema>;

const NOTHING: readonly Intent[] = Object.freeze([]);
/** Relative gap below which plain float sums cannot be trusted to give the sign of fast − slow. */
const NEAR_TIE = 1e-9;

class SmaCross implements StrategyInstance {
  private readonly fast: RunningSMA;
  private readonly slow: RunningSMA;
  /** Last non-zero fast − slow; NaN until both averages exist. */
  private lastDifference = Number.NaN;
  private difference = Number.NaN;
  /** Correctly rounded averages of the current windows, valid while the windows hold the same values. */
  private exactFast = Number.NaN;
  private exactSlow = Number.NaN;
  /** The two answers it ever gives, made once (frozen: the engine only reads them). */
  private readonly enter: readonly Intent[];
  private readonly exit: readonly Intent[];

  constructor(
    private readonly p: SmaCrossParams,
    symbol: string,
  ) {
    this.fast = new RunningSMA(p.fast);
    this.slow = new RunningSMA(p.slow);
    const size = Object.freeze({ kind: 'quantity' as const, quantity: p.stake });
    this.enter = Object.freeze([Object.freeze<Intent>({ kind: 'enter', symbol, size, orderType: 'market', reason: `SMA ${p.fast} crossed above SMA ${p.slow}` })]);
    this.exit = Object.freeze([Object.freeze<Intent>({ kind: 'exit_all', symbol, reason: 'signal', note: `SMA ${p.fast} crossed below SMA ${p.slow}` })]);
  }

  onCandle(ctx: StrategyContext): readonly Intent[] {
    if (ctx.timeframe !== this.p.timeframe) return NOTHING;
    // pushClose + average, not add(close): a number passed to or returned from a call that is not
    // inlined is a new heap number on every bar.
    const candle = ctx.candle;
    this.fast.pushClose(candle);
    this.slow.pushClose(candle);
    const fast = this.fast.average;
    const slow = this.slow.average;
    // A window that let go of the same price it took in holds the same numbers, so its exact
    // average still stands (flat markets tie bar after bar; this keeps them cheap).
    if (!this.fast.sameWindow) this.exactFast = Number.NaN;
    if (!this.slow.sameWindow) this.exactSlow = Number.NaN;
    if (Number.isNaN(fast) || Number.isNaN(slow)) return NOTHING;
    const before = this.lastDifference;
    let difference = fast - slow;
    if (Math.abs(difference) <= NEAR_TIE * Math.abs(slow)) {
      // At a near-tie the sign is decided by rounding noise of the running sums. Recompute both
      // averages over the same windows with a correctly rounded sum (Python's math.fsum, as the
      // reference backtester does; the order of the window does not matter to it) so the tie resolves
      // the same way everywhere.
      if (Number.isNaN(this.exactFast)) this.exactFast = exactSum(this.fast.window) / this.p.fast;
      if (Number.isNaN(this.exactSlow)) this.exactSlow = exactSum(this.slow.window) / this.p.slow;
      difference = this.exactFast - this.exactSlow;
    }
    this.difference = difference;
    if (difference !== 0 || Number.isNaN(before)) this.lastDifference = difference;
    if (Number.isNaN(before)) return NOTHING; // the first bar with both averages only seeds the comparison
    if (ctx.position === null) {
      if (before < 0 && difference > 0) return this.enter;
    } else if (before > 0 && difference < 0) return this.exit;
    return NOTHING;
  }

  /** How close the averages are to crossing: 99 when they touch, 0 once they are 1 % apart or more. */
  readiness(): number {
    const slow = this.slow.getResult();
    if (Number.isNaN(this.difference) || slow === null || slow === 0) return 0;
    const gapPct = Math.abs(this.difference / slow) * 100;
    return Math.max(0, Math.min(99, Math.round(100 * (1 - gapPct))));
  }
}

/** Built like the other built-ins: its plain `timeframes` / `warmupBars` are its requirements at the defaults (61 bars of 1m). */
export const smaCrossStrategy: StrategyDefinition<SmaCrossParams> = builtInStrategy<SmaCrossParams>({
  name: 'sma-cross',
  description: 'Long-only SMA crossover: buys a fixed quantity when the fast SMA crosses above the slow one, sells all on the cross below.',
  params: () => smaCrossParamsSchema,
  requirements: (p) => ({ timeframes: [p.timeframe], warmupBars: p.slow + 1 }),
  streaming: true,
  create: (params, symbol) => new SmaCross(params, symbol),
});

export default smaCrossStrategy;
