import type { Candle, MarketSymbol } from '../market/candle.js';
import type { Regime, RiskConfig } from './config.js';
import type { RegimeChange, RegimeDetector, RegimeSnapshot } from './regime.js';
import { disabledList, switchKey, volatilityDenial, type DisabledStrategy, type StrategySwitch, type VolatilityMonitor } from './volatility.js';

/**
 * The market-only half of the risk controls — the regime of the benchmark and the volatility switches —
 * depends on the candles alone, not on the account: every variant of a sweep over the same bars computes
 * the same. A `MarketTape` records what the real RegimeDetector and VolatilityMonitor answered to each
 * call of one pass over the bars; each variant's controls then replay it (`replay`), call by call, at the
 * cost of an array read. Every replayed call checks that it is the recorded one (same candle time and
 * symbol, in the same order) and stops the run with an error otherwise: a replay either answers exactly
 * what the real parts would have, or nothing.
 */

/** What RiskControls reads of the market regime: a RegimeDetector, or its replay. */
export interface RegimeSource {
  readonly regime: Regime;
  update(candle: Candle): RegimeChange | null;
  snapshot(): RegimeSnapshot;
}

/** What RiskControls reads of the volatility switches: a VolatilityMonitor, or its replay. */
export interface VolatilitySource {
  update(symbol: MarketSymbol, candle: Candle): StrategySwitch[];
  volatilityPct(symbol: MarketSymbol): number | null;
  disabled(): DisabledStrategy[];
  denial(strategy: string, symbol: MarketSymbol): string | null;
}

export interface MarketParts {
  readonly regime: RegimeSource;
  readonly volatility: VolatilitySource;
}

const NO_SWITCHES = Object.freeze([]) as unknown as StrategySwitch[];

export class MarketTape {
  /** Per regime call: the candle's time. */
  private regimeTimes: Float64Array;
  private regimeCalls = 0;
  /** The calls that changed the regime (ascending) and the changes: the regime changes only there. */
  private readonly changeAt: number[] = [];
  private readonly changes: RegimeChange[] = [];
  /** Per volatility call: the candle's time, its symbol (index in `symbols`) and the symbol's volatility after it (NaN: none). */
  private volatilityTimes: Float64Array;
  private volatilitySymbols: Uint8Array;
  private volatilityPcts: Float64Array;
  private volatilityCalls = 0;
  private readonly symbols: MarketSymbol[] = [];
  /** The calls that switched strategies (ascending) and their switches. */
  private readonly switchAt: number[] = [];
  private readonly switches: StrategySwitch[][] = [];

  /** `bars`: the expected number of calls per part (more grow the tape). */
  constructor(
    readonly config: RiskConfig,
    bars: number,
  ) {
    this.regimeTimes = new Float64Array(bars);
    this.volatilityTimes = new Float64Array(bars);
    this.volatilitySymbols = new Uint8Array(bars);
    this.volatilityPcts = new Float64Array(bars);
  }

  /** Wraps real parts so every answer they give is written to this tape. */
  recorder(parts: { readonly regime: RegimeDetector; readonly volatility: VolatilityMonitor }): MarketParts {
    return { regime: new RegimeRecorder(this, parts.regime), volatility: new VolatilityRecorder(this, parts.volatility) };
  }

  /** Fresh parts that answer from this tape, from its first call on (one per variant). */
  replay(): MarketParts {
    return { regime: new ReplayedRegime(this), volatility: new ReplayedVolatility(this) };
  }

  /** @internal */
  recordRegime(time: number, change: RegimeChange | null): void {
    const k = this.regimeCalls++;
    if (k === this.regimeTimes.length) this.regimeTimes = grow(this.regimeTimes);
    this.regimeTimes[k] = time;
    if (change !== null) {
      this.changeAt.push(k);
      this.changes.push(change);
    }
  }

  /** @internal */
  recordVolatility(symbol: MarketSymbol, time: number, pct: number | null, switches: StrategySwitch[]): void {
    const k = this.volatilityCalls++;
    if (k === this.volatilityTimes.length) {
      this.volatilityTimes = grow(this.volatilityTimes);
      this.volatilitySymbols = grow(this.volatilitySymbols);
      this.volatilityPcts = grow(this.volatilityPcts);
    }
    let index = this.symbols.indexOf(symbol);
    if (index < 0) {
      if (this.symbols.length === 256) throw new Error('a market tape records at most 256 symbols');
      index = this.symbols.push(symbol) - 1;
    }
    this.volatilityTimes[k] = time;
    this.volatilitySymbols[k] = index;
    this.volatilityPcts[k] = pct ?? Number.NaN;
    if (switches.length > 0) {
      this.switchAt.push(k);
      this.switches.push(switches);
    }
  }

  /** @internal Whether call `k` of a replay is the recorded one. */
  regimeCallIs(k: number, time: number): boolean {
    return k < this.regimeCalls && this.regimeTimes[k] === time;
  }

  /** @internal The change call `k` caused (the replay's `next`-th change), or null. */
  changeOf(k: number, next: number): RegimeChange | null {
    return next < this.changeAt.length && this.changeAt[next] === k ? this.changes[next]! : null;
  }

  /** @internal The symbol index of volatility call `k`, or −1 when the call is not the recorded one. */
  volatilityAt(k: number, symbol: MarketSymbol, time: number): number {
    if (k >= this.volatilityCalls || this.volatilityTimes[k] !== time) return -1;
    const index = this.volatilitySymbols[k]!;
    return this.symbols[index] === symbol ? index : -1;
  }

  /** @internal */
  pctOf(k: number): number {
    return this.volatilityPcts[k]!;
  }

  /** @internal */
  switchesOf(k: number, next: number): StrategySwitch[] {
    return next < this.switchAt.length && this.switchAt[next] === k ? this.switches[next]! : NO_SWITCHES;
  }

  /** @internal */
  symbolIndex(symbol: MarketSymbol): number {
    return this.symbols.indexOf(symbol);
  }

  /** @internal */
  get symbolCount(): number {
    return this.symbols.length;
  }
}

function grow<T extends Float64Array | Uint8Array>(array: T): T {
  const bigger = new (array.constructor as new (length: number) => T)(Math.max(16, array.length * 2));
  bigger.set(array);
  return bigger;
}

function mismatch(part: string, k: number): Error {
  return new Error(`the ${part} replayed from the market tape was called with another candle than recorded (call ${k}): the run's bars differ from the tape's`);
}

class RegimeRecorder implements RegimeSource {
  constructor(
    private readonly tape: MarketTape,
    private readonly inner: RegimeDetector,
  ) {}

  get regime(): Regime {
    return this.inner.regime;
  }

  update(candle: Candle): RegimeChange | null {
    const change = this.inner.update(candle);
    this.tape.recordRegime(candle.time, change);
    return change;
  }

  snapshot(): RegimeSnapshot {
    return this.inner.snapshot();
  }
}

class VolatilityRecorder implements VolatilitySource {
  constructor(
    private readonly tape: MarketTape,
    private readonly inner: VolatilityMonitor,
  ) {}

  update(symbol: MarketSymbol, candle: Candle): StrategySwitch[] {
    const switches = this.inner.update(symbol, candle);
    this.tape.recordVolatility(symbol, candle.time, this.inner.volatilityPct(symbol), switches);
    return switches;
  }

  volatilityPct(symbol: MarketSymbol): number | null {
    return this.inner.volatilityPct(symbol);
  }

  disabled(): DisabledStrategy[] {
    return this.inner.disabled();
  }

  denial(strategy: string, symbol: MarketSymbol): string | null {
    return this.inner.denial(strategy, symbol);
  }
}

class ReplayedRegime implements RegimeSource {
  regime: Regime = 'NORMAL';
  private calls = 0;
  private nextChange = 0;

  constructor(private readonly tape: MarketTape) {}

  update(candle: Candle): RegimeChange | null {
    const k = this.calls++;
    if (!this.tape.regimeCallIs(k, candle.time)) throw mismatch('market regime', k);
    const change = this.tape.changeOf(k, this.nextChange);
    if (change === null) return null;
    this.nextChange++;
    this.regime = change.to;
    return change;
  }

  snapshot(): RegimeSnapshot {
    throw new Error('a replayed market regime keeps no measures to show (it answers a sweep variant\'s gate only)');
  }
}

class ReplayedVolatility implements VolatilitySource {
  private calls = 0;
  private nextSwitch = 0;
  /** Per tape symbol: its volatility after its last call (NaN: none yet). */
  private readonly pcts: Float64Array;
  /** key `strategy\u0000symbol` → the switch that turned it off (as VolatilityMonitor's `off`). */
  private readonly off = new Map<string, { strategy: string; symbol: MarketSymbol; since: number }>();

  constructor(private readonly tape: MarketTape) {
    this.pcts = new Float64Array(tape.symbolCount).fill(Number.NaN);
  }

  update(symbol: MarketSymbol, candle: Candle): StrategySwitch[] {
    const k = this.calls++;
    const tape = this.tape;
    const index = tape.volatilityAt(k, symbol, candle.time);
    if (index < 0) throw mismatch('volatility switch', k);
    this.pcts[index] = tape.pctOf(k);
    const switches = tape.switchesOf(k, this.nextSwitch);
    if (switches === NO_SWITCHES) return switches;
    this.nextSwitch++;
    for (const flip of switches) {
      const id = switchKey(flip.strategy, flip.symbol);
      if (flip.disabled) this.off.set(id, { strategy: flip.strategy, symbol: flip.symbol, since: flip.time });
      else this.off.delete(id);
    }
    return switches;
  }

  volatilityPct(symbol: MarketSymbol): number | null {
    const index = this.tape.symbolIndex(symbol);
    const pct = index < 0 ? Number.NaN : this.pcts[index]!;
    return Number.isNaN(pct) ? null : pct;
  }

  disabled(): DisabledStrategy[] {
    return disabledList(this.off.values(), this.tape.config.volatility, (symbol) => this.volatilityPct(symbol));
  }

  denial(strategy: string, symbol: MarketSymbol): string | null {
    if (!this.off.has(switchKey(strategy, symbol))) return null;
    return volatilityDenial(this.tape.config.volatility, strategy, symbol, this.volatilityPct(symbol));
  }
}
