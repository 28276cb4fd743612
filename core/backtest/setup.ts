import type { RiskGate } from '../engine/risk-gate.js';
import type { LiquidityTier } from '../exchange/port.js';
import { columnsLength, symbolSchema, timeframeMs, type Candle, type CandleColumns, type MarketSymbol, type Timeframe } from '../market/candle.js';
import { symbolFromFileName } from '../market/sources.js';
import { basename } from 'node:path';
import type { RunnableStrategy } from '../strategies/contract.js';
import { refuseUnknownParams } from '../strategies/known-params.js';
import { parseStrategyParams, StrategyRegistry, type OpenedStrategy, type RegisteredStrategy } from '../strategies/registry.js';
import { CandleFileError, loadCandleCsv } from './csv-source.js';
import { asColumns, type BacktestOptions } from './runner.js';

export type CandleSource =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'candles'; readonly candles: readonly Candle[] | CandleColumns; readonly timeframe: Timeframe; readonly label: string };

export interface BacktestRequest {
  /** A listed strategy name, or (with allowPath) a path to a strategy file. */
  readonly strategy: string;
  readonly source: CandleSource;
  /** The timeframe the strategy runs on (its `timeframe` parameter, when it has one). */
  readonly timeframe?: Timeframe;
  readonly params: unknown;
  readonly fee: number;
  readonly slippage?: number;
  readonly cash: number;
  readonly symbol?: MarketSymbol;
  readonly tier?: LiquidityTier;
  readonly benchmarkFile?: string;
  /** Where `<dataDir>/strategies` is looked up for non-built-in names; null = built-ins only. */
  readonly dataDir: string | null;
  /** The risk gate (core/risk/backtest-gate.ts `backtestRiskGate`), built per run; pass-through when absent. */
  readonly riskGate?: (input: BacktestGateInput) => RiskGate;
  readonly registry?: StrategyRegistry;
  /** The command line may name a strategy file by path (the trader's own act); the API never can. */
  readonly allowPath?: boolean;
  /** The parameters to validate in place of the request's (fitted to the data's timeframe); a sweep checks one of its variants. */
  readonly paramsToCheck?: (definition: RegisteredStrategy['definition'], fitted: Record<string, unknown>) => unknown;
}

export interface PreparedBacktest {
  readonly options: BacktestOptions<unknown>;
  readonly entry: RegisteredStrategy;
  /** The same strategy for more parameter sets (shadow variants), in the same sandbox for a file. */
  prepare(paramSets: readonly unknown[]): Promise<RunnableStrategy>;
  /** Ends the strategy's sandbox (a file's); call once the run is over or failed. */
  close(): void;
}

/** What a backtest's risk gate is built from: the benchmark series (null = the backtested series), its bar length and tier. */
export interface BacktestGateInput {
  readonly benchmark: CandleColumns | null;
  readonly timeframe: Timeframe;
  readonly tier: LiquidityTier;
  /** The strategy under test: the gate reports its own volatility switch, not other strategies'. */
  readonly strategy: string;
}

/** A backtest that cannot start: bad data, unknown strategy, bad parameters. The message says which. */
export class BacktestSetupError extends Error {
  override readonly name = 'BacktestSetupError';
  constructor(
    message: string,
    /** The request's argument at fault, where one is (`source.path`, `benchmark`, `symbol`): a form shows the message beside it. */
    readonly field?: string,
  ) {
    super(message);
  }
}

/**
 * Turns a request (CLI flags or an API call) into runner options: resolves the strategy, loads and
 * validates the data, validates the parameters with the strategy's schema and fits its timeframe to
 * the data. Shared by `npm run backtest` and `backtest.run` so both behave the same.
 */
export async function prepareBacktest(request: BacktestRequest): Promise<PreparedBacktest> {
  const opened = await openStrategy(request);
  try {
    const entry = opened.entry;
    // Command line and API alike: a name the strategy has no parameter for is refused, not dropped (a typo would run the default).
    refuseUnknownParams(entry.definition, request.params);
    const { columns: candles, timeframe: dataTimeframe } = await loadSource(request.source);
    const fitted = fitTimeframe(entry, request.params, request.timeframe, dataTimeframe);
    const params = parseStrategyParams(entry.definition, request.paramsToCheck ? request.paramsToCheck(entry.definition, fitted) : fitted);
    const symbol = request.symbol ?? (request.source.kind === 'file' ? symbolFromFileName(request.source.path) : 'DATA/USD');
    if (!symbolSchema.safeParse(symbol).success) throw new BacktestSetupError(`symbol must look like BTC/USDT, got "${symbol}"`, 'symbol');
    let benchmark: CandleColumns | null = null;
    if (request.benchmarkFile !== undefined) {
      benchmark = (await loadSource({ kind: 'file', path: request.benchmarkFile }, 'benchmark')).columns;
      refuseDisjointBenchmark(benchmark, candles, request.benchmarkFile);
    }
    const strategy = await opened.prepare([params]);
    const finer = finerTimeframe(strategy, params, dataTimeframe);
    if (finer !== null) throw new BacktestSetupError(finerMessage(entry.definition.name, finer, dataTimeframe, hasTimeframe(params)), hasTimeframe(params) ? 'params.timeframe' : undefined);
    const options: BacktestOptions<unknown> = {
      strategy,
      params,
      candles,
      timeframe: dataTimeframe,
      symbol,
      cash: request.cash,
      fee: request.fee,
      ...(request.slippage !== undefined ? { slippage: request.slippage } : {}),
      ...(request.tier !== undefined ? { tier: request.tier } : {}),
      ...(benchmark !== null ? { benchmark } : {}),
      ...(request.riskGate ? { riskGate: request.riskGate({ benchmark, timeframe: dataTimeframe, tier: request.tier ?? 'large', strategy: entry.definition.name }) } : {}),
      validateIntents: !entry.builtin,
    };
    return { options, entry, prepare: (paramSets) => opened.prepare(paramSets), close: () => opened.close() };
  } catch (error) {
    opened.close();
    throw error;
  }
}

/**
 * The first timeframe the strategy reads with these parameters that is finer than the data's bars, or
 * null. The engine cannot make 1m bars out of hourly ones: said before a run, with the field at fault.
 */
export function finerTimeframe(strategy: Pick<RunnableStrategy, 'timeframes' | 'requirements'>, params: unknown, data: Timeframe): Timeframe | null {
  const needs = strategy.requirements?.(params)?.timeframes ?? strategy.timeframes;
  return needs.find((timeframe) => timeframeMs(timeframe) < timeframeMs(data)) ?? null;
}

/** "sma-cross on 1m bars needs data of 1m or finer; the data is 1h bars: set its timeframe to 1h or coarser". */
export function finerMessage(strategy: string, finer: Timeframe, data: Timeframe, adjustable: boolean): string {
  return `${strategy} on ${finer} bars needs data of ${finer} or finer; the data is ${data} bars: ${adjustable ? `set its timeframe to ${data} or coarser` : `use ${finer} data`}`;
}

export function hasTimeframe(params: unknown): boolean {
  return params !== null && typeof params === 'object' && 'timeframe' in params;
}

/**
 * A listed name (built-in or a file in `<data-dir>/strategies`); a path only where the trader typed
 * it on the command line (`allowPath`). A file runs in its sandbox either way.
 */
async function openStrategy(request: BacktestRequest): Promise<OpenedStrategy> {
  if (request.allowPath === true && /[\\/]|\.(ts|js|mjs)$/.test(request.strategy)) return StrategyRegistry.openPath(request.strategy);
  const builtins = StrategyRegistry.builtins();
  const registry = request.registry ?? (builtins.get(request.strategy) ? builtins : await StrategyRegistry.load(request.dataDir));
  return registry.open(request.strategy, { views: false });
}

/** The source's bars, column-wise. */
export async function loadSource(source: CandleSource, field = 'source.path'): Promise<{ columns: CandleColumns; timeframe: Timeframe; label: string }> {
  if (source.kind === 'candles') {
    const columns = asColumns(source.candles);
    if (columnsLength(columns) < 2) throw new BacktestSetupError(`${source.label}: need at least 2 candles, found ${columnsLength(columns)}`);
    return { columns, timeframe: source.timeframe, label: source.label };
  }
  try {
    const loaded = await loadCandleCsv(source.path);
    return { columns: loaded.columns, timeframe: loaded.timeframe, label: source.path };
  } catch (error) {
    if (error instanceof CandleFileError) throw new BacktestSetupError(error.message, field);
    throw error;
  }
}

/**
 * A benchmark with no bar at any of the data's bar times would leave the regime to the backtested series
 * alone (each bar is paired with the benchmark's bar of the same open time): refused, not silently ignored.
 */
function refuseDisjointBenchmark(benchmark: CandleColumns, candles: CandleColumns, file: string): void {
  const times = new Set(benchmark.time);
  for (const time of candles.time) if (times.has(time)) return;
  const span = (columns: CandleColumns) => `${minute(columns.time[0]!)} → ${minute(columns.time[columns.time.length - 1]!)}`;
  throw new BacktestSetupError(`the benchmark ${basename(file)} has no bar at the data's bar times (benchmark ${span(benchmark)}, data ${span(candles)} UTC): it would not set the market regime`, 'benchmark');
}

const minute = (time: number) => new Date(time).toISOString().slice(0, 16).replace('T', ' ');

/**
 * Strategies with a `timeframe` parameter run on `--timeframe` when given; otherwise on their default,
 * or on the data's own timeframe when the default is finer than the data (sma-cross on hourly bars).
 */
function fitTimeframe(entry: RegisteredStrategy, raw: unknown, requested: Timeframe | undefined, data: Timeframe): Record<string, unknown> {
  if (raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) throw new BacktestSetupError('--params must be a JSON object like {"fast":20}');
  const params = { ...(raw as Record<string, unknown> | null) };
  if (requested !== undefined && timeframeMs(requested) < timeframeMs(data)) {
    throw new BacktestSetupError(`--timeframe ${requested} is finer than the data (${data} bars)`);
  }
  const defaults = entry.definition.params.safeParse({});
  const hasTimeframeParam = defaults.success && typeof defaults.data === 'object' && defaults.data !== null && 'timeframe' in defaults.data;
  if (!hasTimeframeParam) {
    if (requested !== undefined && requested !== data) {
      throw new BacktestSetupError(`${entry.definition.name} has no timeframe parameter; it runs on its declared timeframes (${entry.definition.timeframes.join(', ')}), so --timeframe must match the data (${data})`);
    }
    return params;
  }
  if (params.timeframe !== undefined) {
    // Both said: one would silently win over the other, so a run on a timeframe the trader did not mean is refused.
    if (requested !== undefined && params.timeframe !== requested) {
      throw new BacktestSetupError(`--timeframe ${requested} and the timeframe parameter ${String(params.timeframe)} contradict each other: drop one`, 'timeframe');
    }
    return params;
  }
  if (requested !== undefined) return { ...params, timeframe: requested };
  const fallback = (defaults.data as { timeframe: Timeframe }).timeframe;
  return timeframeMs(fallback) < timeframeMs(data) ? { ...params, timeframe: data } : params;
}
