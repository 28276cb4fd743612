import type { MarketSymbol } from '../market/candle.js';
import type { StrategyError } from '../strategies/strategy-error.js';
import type { LastStrategyError } from './config-status.js';

/**
 * What went wrong with each configuration, as its Strategies row says it: why it cannot run at all (its
 * `error:` state), its run's latest strategy error, and the symbols its run stopped on while the others go
 * on trading (a strategy stopped there after too many errors in a row or a fatal one, or no market data).
 */
export class RunProblems {
  private readonly problems = new Map<string, string>();
  private readonly lastErrors = new Map<string, LastStrategyError>();
  private readonly symbolErrors = new Map<string, Map<MarketSymbol, string>>();
  private readonly stops = new Map<string, Map<MarketSymbol, string>>();

  /** The configuration cannot run (or no longer runs on any symbol): its row shows `error: <why>`. */
  cannotRun(name: string, why: string): void {
    this.problems.set(name, why);
  }

  /** It may be tried again (an account armed or disarmed): its last `error:` goes, its run's errors stay. */
  forgetProblem(name: string): void {
    this.problems.delete(name);
  }

  /** It starts afresh (saved, switched on or off): everything of its previous run goes. */
  forget(name: string): void {
    this.problems.delete(name);
    this.lastErrors.delete(name);
    this.forgetStops(name);
  }

  /** A new run of it starts: the symbols the previous run stopped on are tried again. */
  forgetStops(name: string): void {
    this.symbolErrors.delete(name);
    this.stops.delete(name);
  }

  /** Its strategy failed (it may go on trading): the row's last error, and the symbol's, for when it stops there. */
  errored(name: string, error: StrategyError, time: number): void {
    this.lastErrors.set(name, { time, message: error.message });
    if (error.symbol !== null) this.mapOf(this.symbolErrors, name).set(error.symbol, error.message);
  }

  /**
   * Its run stopped on `symbol` (`detail`: the engine's word, used when no error of the symbol was heard):
   * the row says why beside its state while other symbols of `symbols` trade; once none does, it is `error:`.
   */
  stopped(name: string, symbol: MarketSymbol, detail: string, symbols: readonly MarketSymbol[]): void {
    const why = this.symbolErrors.get(name)?.get(symbol) ?? detail;
    const stops = this.mapOf(this.stops, name);
    stops.set(symbol, why);
    if (symbols.every((each) => stops.has(each))) this.problems.set(name, this.lastErrors.get(name)?.message ?? why);
  }

  problem(name: string): string | null {
    return this.problems.get(name) ?? null;
  }

  lastError(name: string): LastStrategyError | null {
    return this.lastErrors.get(name) ?? null;
  }

  /** The symbols its run stopped on, each with why (empty when none). */
  stoppedSymbols(name: string): ReadonlyMap<MarketSymbol, string> {
    return this.stops.get(name) ?? new Map();
  }

  private mapOf(maps: Map<string, Map<MarketSymbol, string>>, name: string): Map<MarketSymbol, string> {
    let map = maps.get(name);
    if (!map) maps.set(name, (map = new Map()));
    return map;
  }
}
