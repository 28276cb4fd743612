import type { z } from 'zod';
import type { backtestSourceSchema } from '../../api/contract/strategies.js';
import type { EventPayload, Handlers } from '../../api/contract/index.js';
import { ApiError, paramIssues } from '../../api/errors.js';
import type { CandleStore } from '../../market/candle-store.js';
import { candleAt, type MarketSymbol, type Timeframe } from '../../market/candle.js';
import { DEFAULT_SIMULATED_SYMBOLS, simulateCandles } from '../../market/simulator.js';
import { refuseUnknownParams } from '../../strategies/known-params.js';
import { listing, parseStrategyParams, StrategyRegistry } from '../../strategies/registry.js';
import { InvalidParams, StrategyError } from '../../strategies/strategy-error.js';
import { backtestRiskGate } from '../../risk/backtest-gate.js';
import { quoteMoneyDecimals } from '../../exchange/volume-tiers.js';
import { parseRiskConfig, type RiskConfigInput } from '../../risk/config.js';
import { explainNoTrades } from '../../backtest/no-trades.js';
import { backtestJson, tradeRows, tradesCsv } from '../../backtest/report.js';
import { asColumns, BacktestCanceled, backtestMarketRules, runBacktestAsync, type BacktestResult } from '../../backtest/runner.js';
import { BacktestSetupError, finerMessage, finerTimeframe, hasTimeframe, prepareBacktest, type BacktestRequest, type CandleSource } from '../../backtest/setup.js';
import { resolveImportPath } from '../../backtest/import-path.js';
import { ShadowRunner } from '../../backtest/shadow.js';
import { SweepCanceled } from '../../backtest/sweep/pool.js';
import { seedWithoutRandom, SweepSpecError } from '../../backtest/sweep/spec.js';
import { runSweep } from '../../backtest/sweep/sweep.js';
import { checkWalkForward } from '../../backtest/sweep/walk-forward.js';
import { sweepWorkerFile } from '../../backtest/sweep/worker-file.js';

type BacktestHandlers = Pick<Handlers, 'strategies.list' | 'strategies.describe' | 'backtest.run' | 'backtest.cancel' | 'backtest.shadow' | 'backtest.sweep'>;
type Source = z.output<typeof backtestSourceSchema>;

export interface BacktestHandlerDependencies {
  /** `<dataDir>/strategies` holds the trader's strategy files; null = built-ins only. */
  readonly dataDir: string | null;
  readonly emitProgress: (payload: EventPayload<'backtest.progress'>) => void;
  /** For `source: stored`; absent = such requests are answered `unavailable`. */
  readonly candleStore?: CandleStore | null;
  /** The trader's risk configuration (the stored `risk.config`) the backtest's risk gate uses; spec defaults when absent. */
  readonly riskConfig?: () => RiskConfigInput;
  readonly emitSweepProgress?: (payload: EventPayload<'backtest.sweepProgress'>) => void;
  /** The sweep worker's script; default: the bundle scripts/bundles.mjs builds (see sweep/worker-file.ts). */
  readonly sweepWorker?: () => Promise<string>;
}

const DAY_MS = 86_400_000;
/** Sweep progress is sent at most this often (a fast sweep finishes variants by the hundred per second). */
const SWEEP_PROGRESS_MS = 250;

const SIMULATED_START = Date.UTC(2024, 0, 1);
const EQUITY_POINTS = 2_000;

/**
 * The `strategies.*` and `backtest.*` API. Backtests run in slices on the core's event loop, emit
 * `backtest.progress`, and stop at the next slice when `backtest.cancel` names their runId.
 */
export function createBacktestHandlers(deps: BacktestHandlerDependencies): BacktestHandlers {
  const running = new Map<string, AbortController>();
  let counter = 0;
  const registry = () => StrategyRegistry.load(deps.dataDir);

  /** `what` names the run in the trader's words when it is cancelled ("Sweep cancelled"): the run id is the app's, not theirs. */
  async function track<T>(what: 'Backtest' | 'Sweep' | 'Variant comparison', requested: string | undefined, work: (runId: string, signal: AbortSignal) => Promise<T>): Promise<T> {
    const runId = requested ?? `run-${++counter}`;
    if (running.has(runId)) throw new ApiError('bad_request', `a backtest with runId "${runId}" is already running`);
    const controller = new AbortController();
    running.set(runId, controller);
    try {
      return await work(runId, controller.signal);
    } catch (error) {
      if (error instanceof BacktestCanceled || error instanceof SweepCanceled) throw new ApiError('rejected', `${what} cancelled`);
      // The Workers field is named as the form labels it.
      if (error instanceof SweepSpecError) throw new ApiError('bad_request', error.field === 'workers' ? `Workers: ${error.detail}` : error.message, [{ path: sweepPath(error.field), message: error.detail }]);
      if (error instanceof InvalidParams) throw new ApiError('bad_request', error.message, paramIssues(error.issues));
      if (error instanceof BacktestSetupError && error.field !== undefined) throw new ApiError('bad_request', error.message, [{ path: error.field, message: error.message }]);
      if (error instanceof BacktestSetupError || error instanceof StrategyError) throw new ApiError('bad_request', error.message);
      throw error;
    } finally {
      running.delete(runId);
    }
  }

  async function candleSource(source: Source, symbol: MarketSymbol | undefined): Promise<CandleSource> {
    switch (source.kind) {
      case 'file':
        return { kind: 'file', path: await resolveImportPath(deps.dataDir, source.path) };
      case 'stored': {
        if (!deps.candleStore) throw new ApiError('unavailable', 'stored candles are not available (the candle store is not open)');
        if (symbol === undefined) throw new ApiError('bad_request', 'a stored-candle backtest needs a symbol', [{ path: 'symbol', message: 'required for stored candles' }]);
        const columns = deps.candleStore.range({ exchange: source.exchange, symbol, timeframe: source.timeframe }, source.from ?? 0, source.to ?? Number.MAX_SAFE_INTEGER);
        if (columns.time.length < 2) {
          const what = `no stored ${source.timeframe} candles for ${symbol} on ${source.exchange}`;
          // Without a range asked for, the store has none at all: say where they come from.
          throw new ApiError('not_found', source.from !== undefined || source.to !== undefined ? `${what} in that range` : `${what}: fetch them under Settings → Market data → History (or npm run data -- backfill)`);
        }
        return { kind: 'candles', candles: columns, timeframe: source.timeframe, label: `${source.exchange} ${symbol} ${source.timeframe}` };
      }
      case 'simulated': {
        const spec = DEFAULT_SIMULATED_SYMBOLS.find((s) => s.symbol === (symbol ?? 'BTC/USDT'));
        if (!spec) {
          const has = `the simulated market has ${DEFAULT_SIMULATED_SYMBOLS.map((s) => s.symbol).join(', ')}`;
          throw new ApiError('bad_request', has, [{ path: 'symbol', message: has }]);
        }
        return { kind: 'candles', candles: simulateCandles(spec, source.seed, SIMULATED_START, source.bars), timeframe: '1m', label: `simulated ${spec.symbol}` };
      }
    }
  }

  /** The same risk gate as paper and live unless the request says `risk: false` (the CLI's --no-risk). */
  function riskGate(args: { risk?: boolean | undefined }) {
    return args.risk === false ? null : backtestRiskGate(deps.riskConfig ? { config: deps.riskConfig() } : {});
  }

  async function prepare(
    args: { strategy: string; symbol?: MarketSymbol | undefined; timeframe?: Timeframe | undefined; fee: number; slippage?: number | undefined; cash: number; tier?: BacktestRequest['tier'] | undefined; source: Source; risk?: boolean | undefined; benchmark?: string | undefined },
    params: unknown,
  ) {
    const symbol = args.symbol ?? (args.source.kind === 'simulated' ? 'BTC/USDT' : undefined);
    const gate = riskGate(args);
    return prepareBacktest({
      strategy: args.strategy,
      source: await candleSource(args.source, symbol),
      ...(args.timeframe ? { timeframe: args.timeframe } : {}),
      params,
      fee: args.fee,
      ...(args.slippage !== undefined ? { slippage: args.slippage } : {}),
      cash: args.cash,
      ...(symbol ? { symbol } : {}),
      ...(args.tier ? { tier: args.tier } : {}),
      dataDir: deps.dataDir,
      ...(gate ? { riskGate: gate } : {}),
      ...(gate && args.benchmark !== undefined ? { benchmarkFile: await resolveImportPath(deps.dataDir, args.benchmark, 'benchmark') } : {}),
      registry: await registry(),
    });
  }

  return {
    'strategies.list': async () => {
      const loaded = await registry();
      return { strategies: loaded.list().map((info) => ({ ...info, timeframes: [...info.timeframes] })), failures: [...loaded.failures()] };
    },


    'strategies.describe': async ({ name }) => {
      try {
        const info = listing(await (await registry()).describe(name));
        return { ...info, timeframes: [...info.timeframes] };
      } catch (error) {
        if (error instanceof StrategyError) throw new ApiError('bad_request', error.message);
        throw error;
      }
    },

    'backtest.run': async (args) =>
      track('Backtest', args.runId, async (runId, signal) => {
        const prepared = await prepare(args, args.params);
        try {
          const result = await runBacktestAsync(prepared.options, { signal, onProgress: (done, total) => deps.emitProgress({ runId, done, total }) });
          const view = resultView(result);
          const noTradesReason = explainNoTrades({ trades: result.metrics.trades, bars: result.bars, openPosition: result.openPosition !== null, symbol: result.symbol, riskEvents: view.riskEvents }, parseRiskConfig(deps.riskConfig?.() ?? {}));
          return { runId, ...view, params: prepared.options.params, noTradesReason, moneyDecimals: quoteMoneyDecimals(result.symbol) };
        } finally {
          prepared.close();
        }
      }),

    'backtest.sweep': async (args) =>
      track('Sweep', args.runId, async (runId, signal) => {
        // A seed alone would be ignored (every combination runs): refused, as the CLI refuses --seed without --random.
        if (args.seed !== undefined && args.random === undefined) {
          const said = seedWithoutRandom((option) => option);
          throw new ApiError('bad_request', said, [{ path: 'seed', message: said }]);
        }
        // Likewise selectBy alone would be ignored, as the CLI refuses --select-by without --walk-forward.
        if (args.selectBy !== undefined && args.walkForward === undefined) {
          const said = "selectBy picks each walk-forward fold's variant: add walkForward { trainDays, testDays }";
          throw new ApiError('bad_request', said, [{ path: 'selectBy', message: said }]);
        }
        const symbol = args.symbol ?? (args.source.kind === 'simulated' ? 'BTC/USDT' : undefined);
        const walkForward = args.walkForward ? checkWalkForward({ trainMs: args.walkForward.trainDays * DAY_MS, testMs: args.walkForward.testDays * DAY_MS }) : undefined;
        let lastProgress = 0;
        const result = await runSweep(
          {
            strategy: args.strategy,
            source: await candleSource(args.source, symbol),
            ...(args.timeframe ? { timeframe: args.timeframe } : {}),
            params: args.params,
            fee: args.fee,
            ...(args.slippage !== undefined ? { slippage: args.slippage } : {}),
            cash: args.cash,
            ...(symbol ? { symbol } : {}),
            ...(args.tier ? { tier: args.tier } : {}),
            ...(args.risk !== false && args.benchmark !== undefined ? { benchmarkFile: await resolveImportPath(deps.dataDir, args.benchmark, 'benchmark') } : {}),
            dataDir: deps.dataDir,
            registry: await registry(),
            sweep: args.sweep,
            ...(args.random !== undefined ? { random: args.random } : {}),
            ...(args.seed !== undefined ? { seed: args.seed } : {}),
            ...(walkForward ? { walkForward, ...(args.selectBy ? { selectBy: args.selectBy } : {}) } : {}),
            risk: args.risk === false ? null : { config: deps.riskConfig?.() ?? null },
          },
          {
            workerFile: await (deps.sweepWorker ?? sweepWorkerFile)(),
            ...(args.workers !== undefined ? { workers: args.workers } : {}),
            signal,
            onProgress: (progress) => {
              const now = performance.now();
              if (progress.done < progress.total && now - lastProgress < SWEEP_PROGRESS_MS) return;
              lastProgress = now;
              deps.emitSweepProgress?.({ runId, ...progress });
            },
          },
        );
        return { runId, ...result, moneyDecimals: quoteMoneyDecimals(result.symbol), names: [...result.names], rows: result.rows.map((row) => ({ ...row, params: row.params as Record<string, unknown> })), walkForward: result.walkForward && { ...result.walkForward, folds: [...result.walkForward.folds] } };
      }),

    'backtest.cancel': async ({ runId }) => {
      const controller = running.get(runId);
      controller?.abort();
      return { canceled: controller !== undefined };
    },

    'backtest.shadow': async (args) =>
      track('Variant comparison', args.runId, async (runId, signal) => {
        const prepared = await prepare(args, args.champion);
        const { options, entry } = prepared;
        if (!entry.builtin) {
          prepared.close();
          throw new ApiError('bad_request', `shadow comparisons run built-in strategies; run each parameter set of ${entry.definition.name} as its own backtest`);
        }
        // Every variant behind its own gate, built as backtest.run builds its one: comparisons match backtests.
        const gate = riskGate(args);
        const facts = { benchmark: options.benchmark ?? null, timeframe: options.timeframe, tier: options.tier ?? 'large', strategy: entry.definition.name } as const;
        const runner = new ShadowRunner({
          strategy: entry.definition,
          champion: { id: 'champion', params: options.params },
          variants: args.variants.map((v, index) => ({ id: v.id, params: variantParams(entry.definition, v, index, timeframeOf(options.params, v.params), options.timeframe) })),
          market: backtestMarketRules(options),
          baseTimeframe: options.timeframe,
          cash: options.cash,
          fee: options.fee,
          ...(options.slippage !== undefined ? { slippage: options.slippage } : {}),
          validateIntents: !entry.builtin,
          ...(gate ? { riskGate: () => gate(facts) } : {}),
          ...(options.benchmark ? { benchmark: asColumns(options.benchmark) } : {}),
        });
        const columns = asColumns(options.candles);
        const total = columns.time.length;
        for (let i = 0; i < total; i++) {
          runner.onCandle(options.symbol, candleAt(columns, i));
          if (i % 20_000 === 19_999) {
            deps.emitProgress({ runId, done: i + 1, total });
            await new Promise<void>((resolve) => setImmediate(resolve));
            if (signal.aborted) throw new BacktestCanceled();
          }
        }
        deps.emitProgress({ runId, done: total, total });
        const rows = runner.compare().map((row) => ({ ...row, trades: tradeRows(row.trades), riskEvents: [...row.riskEvents] }));
        return { runId, rows };
      }),
  };
}

/** A compared variant's parameters, validated; refused ones name the variant and sit under `variants.<index>.params`. */
function variantParams(definition: Parameters<typeof parseStrategyParams>[0] & Parameters<typeof finerTimeframe>[0], variant: { id: string; params: Record<string, unknown> }, index: number, timeframe: Record<string, unknown>, data: Timeframe): unknown {
  try {
    refuseUnknownParams(definition, variant.params);
    const params = parseStrategyParams(definition, { ...variant.params, ...timeframe });
    // A variant on bars finer than the data's cannot run: said beside its timeframe, as the champion's is.
    const finer = finerTimeframe(definition, params, data);
    if (finer !== null) {
      const said = finerMessage(definition.name, finer, data, hasTimeframe(params));
      throw new ApiError('bad_request', `variant ${variant.id}: ${said}`, [{ path: `variants.${index}.params${hasTimeframe(params) ? '.timeframe' : ''}`, message: said }]);
    }
    return params;
  } catch (error) {
    if (!(error instanceof InvalidParams)) throw error;
    const said = error.issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');
    throw new ApiError('bad_request', `variant ${variant.id}: ${said}`, paramIssues(error.issues, `variants.${index}.params`));
  }
}

/** Where a sweep problem sits in the request: `sweep.fast`, `random`, `walkForward`, or `sweep`. */
function sweepPath(field: string): string {
  if (field === 'random') return 'random';
  if (field === 'walk-forward') return 'walkForward';
  if (field === 'workers') return 'workers';
  return field === 'sweep' ? 'sweep' : `sweep.${field}`;
}

/** Variants inherit the champion's timeframe unless they set their own. */
function timeframeOf(champion: unknown, variant: Record<string, unknown>): Record<string, unknown> {
  const timeframe = (champion as { timeframe?: unknown } | null)?.timeframe;
  return variant.timeframe === undefined && timeframe !== undefined ? { timeframe } : {};
}

function resultView(result: BacktestResult) {
  const json = backtestJson(result);
  return {
    strategy: result.strategy,
    symbol: result.symbol,
    timeframe: result.timeframe,
    bars: result.bars,
    trades: json.trades,
    fills: json.fills,
    metrics: result.metrics,
    riskEvents: json.riskEvents,
    equity: thinEquity(result.equity.time, result.equity.value),
    openPosition: result.openPosition,
    tradesCsv: tradesCsv(result),
  };
}

/** At most ~EQUITY_POINTS points: each keeps its slice's last value and deepest drawdown, so troughs stay visible. */
function thinEquity(time: Float64Array, value: Float64Array): { time: number[]; value: number[]; drawdown: number[] } {
  const stride = Math.max(1, Math.ceil(value.length / EQUITY_POINTS));
  const out = { time: [] as number[], value: [] as number[], drawdown: [] as number[] };
  let peak = -Infinity;
  let deepest = 0;
  for (let i = 0; i < value.length; i++) {
    const v = value[i]!;
    if (v > peak) peak = v;
    const drawdown = peak > 0 ? (peak - v) / peak : 0;
    if (drawdown > deepest) deepest = drawdown;
    if ((i + 1) % stride === 0 || i === value.length - 1) {
      out.time.push(time[i]!);
      out.value.push(v);
      out.drawdown.push(deepest);
      deepest = 0;
    }
  }
  return out;
}
