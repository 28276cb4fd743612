import type { z } from 'zod';
import type { MarketSymbol } from '../market/candle.js';

/** One version of a configured strategy: which definition, with which parameters, on which symbols. */
export interface StrategyConfigRecord<P = unknown> {
  /** The configuration's own name, e.g. "grid-btc". */
  readonly name: string;
  readonly version: number;
  /** The strategy definition, e.g. `dca-grid`. */
  readonly strategy: string;
  readonly params: P;
  readonly symbols: readonly MarketSymbol[];
  readonly enabled: boolean;
  /** The account it trades on: `paper`, or a live account's key `<exchange>:<label>`. */
  readonly account: string;
  readonly createdAt: number;
}

export interface StrategyConfigInput {
  readonly name: string;
  readonly strategy: string;
  readonly params: unknown;
  readonly symbols: readonly MarketSymbol[];
  readonly enabled: boolean;
  /** Default `paper`. */
  readonly account?: string;
}

/** Where configurations are kept, versioned (core/store's StrategyConfigRepository implements it). */
export interface ConfigStore {
  list(): StrategyConfigRecord[];
  current(name: string): StrategyConfigRecord | null;
  /** Validates `input.params` with the strategy's schema and adds the next version; throws naming the field. */
  save(input: StrategyConfigInput, schema: z.ZodType): StrategyConfigRecord;
}
