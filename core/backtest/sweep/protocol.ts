import type { LiquidityTier } from '../../exchange/port.js';
import type { CandleColumns, MarketSymbol, Timeframe } from '../../market/candle.js';
import type { RiskConfigInput } from '../../risk/config.js';
import type { BacktestMetrics } from '../metrics.js';
import type { Fold, SpanFigures } from './walk-forward.js';

/** Candle columns in one SharedArrayBuffer: every worker reads the same memory, nothing is copied. */
export interface SharedColumns {
  readonly buffer: SharedArrayBuffer;
  readonly length: number;
}

const FIELDS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

/** Copies columns once into shared memory (the only copy a sweep makes of its candles). */
export function shareColumns(columns: CandleColumns): SharedColumns {
  const length = columns.time.length;
  const buffer = new SharedArrayBuffer(FIELDS.length * length * Float64Array.BYTES_PER_ELEMENT);
  FIELDS.forEach((field, i) => new Float64Array(buffer, i * length * Float64Array.BYTES_PER_ELEMENT, length).set(columns[field]));
  return { buffer, length };
}

/** Views of the shared columns (no copy). */
export function sharedColumns(shared: SharedColumns): CandleColumns {
  const view = (i: number) => new Float64Array(shared.buffer, i * shared.length * Float64Array.BYTES_PER_ELEMENT, shared.length);
  return { time: view(0), open: view(1), high: view(2), low: view(3), close: view(4), volume: view(5) };
}

/** Everything a worker needs to run any variant of the sweep, sent once when it starts. */
export interface SweepSetup {
  /** The strategy's name; a built-in is opened by it inside the worker. */
  readonly strategy: string;
  /** A trader's strategy file (listed, or named by path on the command line), opened in a sandbox inside the worker; null for a built-in. */
  readonly path: string | null;
  /** Every variant's parameters: a trader's file checks them all in its sandbox when the worker opens it. */
  readonly paramSets: readonly unknown[];
  readonly candles: SharedColumns;
  readonly benchmark: SharedColumns | null;
  readonly timeframe: Timeframe;
  readonly symbol: MarketSymbol;
  readonly cash: number;
  readonly fee: number;
  readonly slippage?: number;
  readonly tier?: LiquidityTier;
  readonly priceStep: number;
  /** null: no risk gate (--no-risk); else the risk configuration each variant's own gate uses. */
  readonly risk: { readonly config: RiskConfigInput | null } | null;
  readonly validateIntents: boolean;
  /** Walk-forward folds (close times), or none. */
  readonly folds: readonly Fold[];
}

export interface VariantTask {
  readonly index: number;
  readonly params: unknown;
}

export interface VariantOutcome {
  readonly index: number;
  readonly metrics: BacktestMetrics;
  /** Per fold: the figures of its train span's run and of its test span's run (walk-forward only). */
  readonly folds: readonly { readonly train: SpanFigures; readonly test: SpanFigures }[];
  /** All the test spans' runs together (walk-forward only). */
  readonly outOfSample: SpanFigures | null;
  /** Walk-forward: how long each span's run warmed up on the bars before it. */
  readonly warmUpMs?: number;
}

export type ToWorker = { readonly type: 'run'; readonly tasks: readonly VariantTask[] };
export type FromWorker =
  | { readonly type: 'ready' }
  /** Walk-forward: one more span's run of a variant is done (progress counts them). */
  | { readonly type: 'ran' }
  | { readonly type: 'results'; readonly outcomes: readonly VariantOutcome[] }
  | { readonly type: 'failed'; readonly message: string };
