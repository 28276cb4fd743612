import type { MarketSymbol, Timeframe } from '../market/candle.js';
import type { ScoreComponents } from '../strategies/contract.js';

export interface SignalRecord {
  readonly id: number;
  readonly time: number;
  readonly strategy: string;
  readonly symbol: MarketSymbol;
  readonly timeframe: Timeframe | null;
  /** The intent kind: enter, add, exit_part, exit_all, … */
  readonly kind: string;
  readonly score: number | null;
  readonly components: ScoreComponents;
  readonly reason: string;
  /** What became of it, e.g. `ordered`, `blocked: max open positions`; null until decided. */
  readonly outcome: string | null;
}

export type NewSignal = Omit<SignalRecord, 'id' | 'outcome'> & { readonly outcome?: string | null };

/** Where a configuration's signals are logged (core/store's SignalRepository implements it). */
export interface SignalLog {
  record(signal: NewSignal): SignalRecord;
  recent(options: { readonly limit: number; readonly strategy?: string; readonly symbol?: MarketSymbol }): SignalRecord[];
}
