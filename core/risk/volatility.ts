import type { Candle, MarketSymbol } from '../market/candle.js';
import type { RiskConfig } from './config.js';
import { windowLabel } from './support/format.js';
import { RollingWindow } from './support/rolling-window.js';

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

/** A class, not an object literal: its number fields are rewritten on every candle, in place (see ReusableCandle). */
class SymbolRange {
  volatilityPct = Number.NaN;
  lastTime = Number.NEGATIVE_INFINITY;

  constructor(
    readonly high: RollingWindow,
    readonly low: RollingWindow,
    /** Each configured strategy's rule and `key(strategy, symbol)`, built once: evaluate runs on every candle. */
    readonly rules: readonly SwitchRule[],
  ) {}
}

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
  /** key `strategy\u0000symbol` → since. */
  private readonly off = new Map<string, { strategy: string; symbol: MarketSymbol; since: number }>();

  constructor(
    private readonly config: RiskConfig['volatility'],
    private readonly barMs: number = MINUTE_MS,
  ) {}

  /** Feeds a closed candle of `symbol`; returns strategies switched off or on by it. */
  update(symbol: MarketSymbol, candle: Candle): StrategySwitch[] {
    const time = candle.time + this.barMs;
    let range = this.ranges.get(symbol);
    if (!range) {
      const windowMs = this.config.windowMinutes * MINUTE_MS;
      const rules = Object.entries(this.config.strategies).map(([strategy, rule]) => ({ strategy, id: key(strategy, symbol), offAbovePct: rule.offAbovePct, onBelowPct: rule.onBelowPct }));
      range = new SymbolRange(new RollingWindow(windowMs, 'max', 'high'), new RollingWindow(windowMs, 'min', 'low'), rules);
      this.ranges.set(symbol, range);
    }
    if (time <= range.lastTime) return [];
    range.lastTime = time;
    range.high.push(candle);
    range.low.push(candle);
    const high = range.high.value;
    const low = range.low.value;
    // Rounded so float noise never decides a threshold (8.000000000000002 is 8).
    range.volatilityPct = low > 0 ? Math.round(((high - low) / low) * 100 * 1e9) / 1e9 : Number.NaN;
    // The range, not its numbers: a number passed to a call that is not inlined is boxed on every bar.
    return this.evaluate(symbol, range);
  }

  volatilityPct(symbol: MarketSymbol): number | null {
    const value = this.ranges.get(symbol)?.volatilityPct;
    return value === undefined || Number.isNaN(value) ? null : value;
  }

  isDisabled(strategy: string, symbol: MarketSymbol): boolean {
    return this.off.has(key(strategy, symbol));
  }

  disabled(): DisabledStrategy[] {
    return [...this.off.values()].map(({ strategy, symbol, since }) => ({
      strategy,
      symbol,
      since,
      volatilityPct: this.volatilityPct(symbol) ?? Number.NaN,
      onBelowPct: this.config.strategies[strategy]?.onBelowPct ?? Number.NaN,
    }));
  }

  /** Why `strategy` may not enter `symbol` now, or null when it may. */
  denial(strategy: string, symbol: MarketSymbol): string | null {
    if (!this.isDisabled(strategy, symbol)) return null;
    const rule = this.config.strategies[strategy];
    const vol = this.volatilityPct(symbol);
    return `${strategy} is disabled on ${symbol}: ${windowLabel(this.config.windowMinutes)} volatility ${vol === null ? '?' : vol.toFixed(2)} % rose above ${rule?.offAbovePct} %; it resumes below ${rule?.onBelowPct} %`;
  }

  private evaluate(symbol: MarketSymbol, range: SymbolRange): StrategySwitch[] {
    const { volatilityPct, rules } = range;
    if (Number.isNaN(volatilityPct)) return NO_SWITCHES;
    const time = range.lastTime;
    let switches: StrategySwitch[] = NO_SWITCHES;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!;
      const { strategy, id } = rule;
      const isOff = this.off.has(id);
      if (!isOff && volatilityPct > rule.offAbovePct) {
        this.off.set(id, { strategy, symbol, since: time });
        if (switches === NO_SWITCHES) switches = [];
        switches.push({ time, strategy, symbol, disabled: true, volatilityPct, reason: `${windowLabel(this.config.windowMinutes)} volatility ${volatilityPct.toFixed(2)} % above ${rule.offAbovePct} %` });
      } else if (isOff && volatilityPct < rule.onBelowPct) {
        this.off.delete(id);
        if (switches === NO_SWITCHES) switches = [];
        switches.push({ time, strategy, symbol, disabled: false, volatilityPct, reason: `${windowLabel(this.config.windowMinutes)} volatility ${volatilityPct.toFixed(2)} % back below ${rule.onBelowPct} %` });
      }
    }
    return switches;
  }
}

function key(strategy: string, symbol: MarketSymbol): string {
  return `${strategy}\u0000${symbol}`;
}

