import type { Candle, MarketSymbol } from '../market/candle.js';
import type { RiskConfig } from './config.js';
import { windowLabel } from './support/format.js';
import { PriceWindows } from './support/price-windows.js';

/**
 * Per-strategy switching by volatility, with hysteresis. Volatility of a symbol is its range over
 * the window: (highest high − lowest low) / lowest low, in %. A strategy with a rule (e.g. channel:
 * off above 8 %, on again below 6 %) is disabled on a symbol when the symbol's volatility rises above
 * `offAbovePct` and enabled again only when it falls below `onBelowPct`. O(1) amortised per candle.
 */

export interface StrategySwitch {
  readonly time: number;
  readonly strategy: string;
  readonly symbol: MarketSymbol;
  readonly disabled: boolean;
  readonly volatilityPct: number;
  readonly reason: string;
}

export interface DisabledStrategy {
  readonly strategy: string;
  readonly symbol: MarketSymbol;
  readonly since: number;
  readonly volatilityPct: number;
  readonly onBelowPct: number;
}

/**
 * One symbol's windows and switches. A class, not an object literal: its number fields are rewritten on
 * every candle, in place (see ReusableCandle).
 */
class SymbolRange {
  lastTime = Number.NEGATIVE_INFINITY;
  /** The exact volatility, as of the windows' count `measuredAt` (−1: not measured since the last candle). */
  volatilityPct = Number.NaN;
  measuredAt = -1;
  /** The window over the highs (`max`, window 0) and the lows (`min`, window 1). */
  readonly windows = new PriceWindows('high', 'low');
  /** Per rule: 1 while its strategy is switched off here (the `off` map says the same; this is read on every candle). */
  readonly off: Uint8Array;
  /**
   * Per rule: a high under `low × offRatio` is CLEAR_MARGIN points under its `offAbovePct`; a high over
   * `low × onRatio` as far over its `onBelowPct`.
   */
  private readonly offRatios: Float64Array;
  private readonly onRatios: Float64Array;

  constructor(
    windowMs: number,
    /** Each configured strategy's rule and `switchKey(strategy, symbol)`, built once: evaluate runs on every candle. */
    readonly rules: readonly SwitchRule[],
  ) {
    this.windows.window(windowMs, 'max');
    this.windows.window(windowMs, 'min');
    this.off = new Uint8Array(rules.length);
    this.offRatios = Float64Array.from(rules, (rule) => 1 + (rule.offAbovePct - CLEAR_MARGIN) / 100);
    this.onRatios = Float64Array.from(rules, (rule) => 1 + (rule.onBelowPct + CLEAR_MARGIN) / 100);
  }

  /**
   * True when no rule can switch on this candle, from bounds of the range alone: the highest high is at
   * most the window's bound and at least its highest high from inside (PriceWindows.inner), the lowest
   * low likewise. A rule that is on stays on while even the widest range stays under its `offAbovePct`;
   * one that is off stays off while even the narrowest stays above its `onBelowPct`. Most candles end here.
   */
  settled(): boolean {
    const windows = this.windows;
    const highBound = windows.blockBounds[0]!;
    const lowBound = windows.blockBounds[1]!;
    const widestHigh = highBound > windows.currentMax ? highBound : windows.currentMax;
    const widestLow = lowBound < windows.currentMin ? lowBound : windows.currentMin;
    if (!(widestLow > 0)) return false;
    const off = this.off;
    let inner = false;
    for (let i = 0; i < off.length; i++) {
      if (off[i] === 1) {
        if (!inner) {
          windows.inner(0);
          windows.inner(1);
          inner = true;
        }
        if (!(windows.innerValues[0]! > windows.innerValues[1]! * this.onRatios[i]!)) return false;
      } else if (!(widestHigh < widestLow * this.offRatios[i]!)) return false;
    }
    return true;
  }

  /** The exact volatility on the last candle: (highest high − lowest low) / lowest low in %, float noise rounded off. */
  measure(): number {
    const windows = this.windows;
    if (this.measuredAt !== windows.count) {
      windows.measure(0);
      windows.measure(1);
      const high = windows.exactValues[0]!;
      const low = windows.exactValues[1]!;
      // Rounded so float noise never decides a threshold (8.000000000000002 is 8).
      this.volatilityPct = low > 0 ? Math.round(((high - low) / low) * 100 * 1e9) / 1e9 : Number.NaN;
      this.measuredAt = windows.count;
    }
    return this.volatilityPct;
  }
}

/** Percentage points by which a bound of the range must clear a threshold to decide alone: far above float noise (~1e-13) and the rounding (5e-10). */
const CLEAR_MARGIN = 1e-6;

interface SwitchRule {
  readonly strategy: string;
  readonly id: string;
  readonly offAbovePct: number;
  readonly onBelowPct: number;
}

const MINUTE_MS = 60_000;
/** Shared by every candle that switches nothing (frozen: callers only iterate it). */
const NO_SWITCHES = Object.freeze([]) as unknown as StrategySwitch[];

export class VolatilityMonitor {
  private readonly ranges = new Map<MarketSymbol, SymbolRange>();
  /** The symbol of the last candle and its range: a backtest feeds one symbol, so most candles need no map lookup. */
  private lastSymbol: MarketSymbol | null = null;
  private lastRange: SymbolRange | null = null;
  /** key `strategy\u0000symbol` → since. */
  private readonly off = new Map<string, { strategy: string; symbol: MarketSymbol; since: number }>();
  /** A number from the start, not a parameter property (see RegimeDetector.barMs). */
  private readonly barMs: number = MINUTE_MS;

  /** Nothing to switch and nobody reading the figure (a backtest of a strategy without a rule): no window is kept. */
  private readonly idle: boolean;

  constructor(
    private readonly config: RiskConfig['volatility'],
    barMs: number = MINUTE_MS,
    options: { readonly measureWithoutRules?: boolean } = {},
  ) {
    this.barMs = barMs;
    this.idle = options.measureWithoutRules === false && Object.keys(config.strategies).length === 0;
  }

  /** Feeds a closed candle of `symbol`; returns strategies switched off or on by it. */
  update(symbol: MarketSymbol, candle: Candle): StrategySwitch[] {
    if (this.idle) return NO_SWITCHES;
    const time = candle.time + this.barMs;
    const range = symbol === this.lastSymbol ? this.lastRange! : this.rangeOf(symbol);
    if (time <= range.lastTime) return [];
    range.lastTime = time;
    range.windows.push(candle);
    if (range.settled()) return NO_SWITCHES;
    // The range, not its numbers: a number passed to a call that is not inlined is boxed on every bar.
    return this.evaluate(symbol, range);
  }

  private rangeOf(symbol: MarketSymbol): SymbolRange {
    let range = this.ranges.get(symbol);
    if (!range) {
      const rules = Object.entries(this.config.strategies).map(([strategy, rule]) => ({ strategy, id: switchKey(strategy, symbol), offAbovePct: rule.offAbovePct, onBelowPct: rule.onBelowPct }));
      range = new SymbolRange(this.config.windowMinutes * MINUTE_MS, rules);
      this.ranges.set(symbol, range);
    }
    this.lastSymbol = symbol;
    this.lastRange = range;
    return range;
  }

  volatilityPct(symbol: MarketSymbol): number | null {
    if (this.idle) return null;
    const value = this.ranges.get(symbol)?.measure();
    return value === undefined || Number.isNaN(value) ? null : value;
  }

  isDisabled(strategy: string, symbol: MarketSymbol): boolean {
    // Asked for every entry: a strategy without a rule (or none switched off) needs no key built.
    return this.off.size > 0 && Object.hasOwn(this.config.strategies, strategy) && this.off.has(switchKey(strategy, symbol));
  }

  disabled(): DisabledStrategy[] {
    return disabledList(this.off.values(), this.config, (symbol) => this.volatilityPct(symbol));
  }

  /** Why `strategy` may not enter `symbol` now, or null when it may. */
  denial(strategy: string, symbol: MarketSymbol): string | null {
    if (!this.isDisabled(strategy, symbol)) return null;
    return volatilityDenial(this.config, strategy, symbol, this.volatilityPct(symbol));
  }

  private evaluate(symbol: MarketSymbol, range: SymbolRange): StrategySwitch[] {
    // `range.volatilityPct` is read where it is compared, not kept in a local: a local that the
    // rare switch below also uses is boxed on every call.
    if (Number.isNaN(range.measure())) return NO_SWITCHES;
    const rules = range.rules;
    let switches: StrategySwitch[] = NO_SWITCHES;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!;
      const isOff = range.off[i] === 1;
      if (isOff ? range.volatilityPct < rule.onBelowPct : range.volatilityPct > rule.offAbovePct) {
        if (switches === NO_SWITCHES) switches = [];
        range.off[i] = isOff ? 0 : 1;
        switches.push(this.flip(symbol, range, rule, !isOff));
      }
    }
    return switches;
  }

  /** Switches `rule`'s strategy off (`disabled`) or on again on `symbol`. */
  private flip(symbol: MarketSymbol, range: SymbolRange, rule: SwitchRule, disabled: boolean): StrategySwitch {
    const { strategy, id } = rule;
    const time = range.lastTime;
    const volatilityPct = range.volatilityPct;
    const window = windowLabel(this.config.windowMinutes);
    if (disabled) this.off.set(id, { strategy, symbol, since: time });
    else this.off.delete(id);
    const reason = disabled ? `${window} volatility ${volatilityPct.toFixed(2)} % above ${rule.offAbovePct} %` : `${window} volatility ${volatilityPct.toFixed(2)} % back below ${rule.onBelowPct} %`;
    return { time, strategy, symbol, disabled, volatilityPct, reason };
  }
}

/** The key of a strategy's switch on a symbol. */
export function switchKey(strategy: string, symbol: MarketSymbol): string {
  return `${strategy}\u0000${symbol}`;
}

/** The strategies switched off (`off`: the switches' records), with their symbol's volatility now. */
export function disabledList(
  off: Iterable<{ readonly strategy: string; readonly symbol: MarketSymbol; readonly since: number }>,
  config: RiskConfig['volatility'],
  volatilityPct: (symbol: MarketSymbol) => number | null,
): DisabledStrategy[] {
  return [...off].map(({ strategy, symbol, since }) => ({
    strategy,
    symbol,
    since,
    volatilityPct: volatilityPct(symbol) ?? Number.NaN,
    onBelowPct: config.strategies[strategy]?.onBelowPct ?? Number.NaN,
  }));
}

/** Why a switched-off `strategy` may not enter `symbol` (its volatility now `vol`). */
export function volatilityDenial(config: RiskConfig['volatility'], strategy: string, symbol: MarketSymbol, vol: number | null): string {
  const rule = config.strategies[strategy];
  return `${strategy} is disabled on ${symbol}: ${windowLabel(config.windowMinutes)} volatility ${vol === null ? '?' : vol.toFixed(2)} % rose above ${rule?.offAbovePct} %; it resumes below ${rule?.onBelowPct} %`;
}

