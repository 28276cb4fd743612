import { z } from 'zod';
import type { CommandResult } from '../../../core/api/contract/index';
import type { BacktestResultView, StrategyInfo } from '../../../core/api/contract/strategies';
import type { FormValues } from '../app/forms/SchemaForm';
import { FOLD_METRIC_LABELS, NEW_SWEEP, type FoldMetric, type SweepDraft } from '../features/backtests/sweep-setup';
import { persistedStore } from './persisted';

export type SourceKind = 'simulated' | 'file' | 'stored';

/** A type, not an interface: kept as JSON in the core's view state. */
export type BacktestSetup = {
  strategy: string;
  params: FormValues;
  /** The strategy `params` belong to (a different strategy starts from its own defaults). */
  paramsFor: string;
  source: SourceKind;
  seed: string;
  bars: string;
  path: string;
  exchange: string;
  storedTimeframe: string;
  symbol: string;
  fee: string;
  slippage: string;
  cash: string;
};

export interface RunningBacktest {
  runId: string;
  startedAt: number;
  done: number;
  total: number;
}

export type BacktestMode = 'single' | 'shadow' | 'sweep';

/** A variant in Compare variants: its name and its parameters as typed (a type: kept as JSON in the view state). */
export type CompareVariant = {
  id: string;
  values: FormValues;
};

export type CompareRows = CommandResult<'backtest.shadow'>['rows'];

interface BacktestState {
  strategies: StrategyInfo[] | null;
  failures: { file: string; error: string }[];
  setup: BacktestSetup;
  running: RunningBacktest | null;
  result: BacktestResultView | null;
  /** What the shown result was run with (`runKey` of its arguments): the form differing from it makes the result stale. */
  resultKey: string | null;
  setStrategies(strategies: StrategyInfo[], failures: { file: string; error: string }[]): void;
  update(patch: Partial<BacktestSetup>): void;
  setRunning(running: RunningBacktest | null): void;
  progress(runId: string, done: number, total: number): void;
  setResult(result: BacktestResultView | null, key?: string | null): void;
  /** Single run, Compare variants or Sweep. */
  mode: BacktestMode;
  setMode(mode: BacktestMode): void;
  /** Compare variants: the variants typed and the last comparison. */
  variants: CompareVariant[];
  compared: CompareRows | null;
  /** What the last comparison was run with: champion settings and the variants, as `runKey` writes them. */
  comparedKey: string | null;
  setVariants(update: (variants: CompareVariant[]) => CompareVariant[]): void;
  setCompared(rows: CompareRows | null, key?: string | null): void;
  /** Sweep: the ranges and settings typed (the run and its result are the sweep store's). */
  sweep: SweepDraft;
  setSweep(sweep: SweepDraft): void;
  /** Back to a new form: the first strategy's defaults, Single run, no ranges, no variants. */
  reset(): void;
}

const NEW_SETUP: BacktestSetup = { strategy: '', params: {}, paramsFor: '', source: 'simulated', seed: '42', bars: '100000', path: '', exchange: 'binance', storedTimeframe: '1m', symbol: '', fee: '0.001', slippage: '', cash: '10000' };

/** A field kept as typed: text of a sane length (a field that does not fit is dropped, the others stay). */
const text = (max = 200) => z.string().max(max).optional().catch(undefined);
const keptParamsSchema = z.record(z.string().max(100), z.union([z.string().max(200), z.boolean()]));
const keptSetupSchema = z.object({
  strategy: text(100),
  params: keptParamsSchema.optional().catch(undefined),
  paramsFor: text(120),
  source: z.enum(['simulated', 'file', 'stored']).optional().catch(undefined),
  seed: text(),
  bars: text(),
  path: text(500),
  exchange: text(100),
  storedTimeframe: text(10),
  symbol: text(40),
  fee: text(),
  slippage: text(),
  cash: text(),
});
const rangeSchema = z.object({ on: z.boolean(), from: z.string().max(50), to: z.string().max(50), step: z.string().max(50) });
const keptSweepSchema = z.object({
  ranges: z.record(z.string().max(100), rangeSchema).optional().catch(undefined),
  search: z.enum(['grid', 'random']).optional().catch(undefined),
  random: text(50),
  walkForward: z.boolean().optional().catch(undefined),
  trainDays: text(50),
  testDays: text(50),
  selectBy: z.enum(Object.keys(FOLD_METRIC_LABELS) as [FoldMetric, ...FoldMetric[]]).optional().catch(undefined),
  workers: text(50),
});
/** Compare variants as typed, at most as many as `backtest.shadow` takes: one that does not fit (or repeats a name) is dropped, the others stay. */
const keptVariantsSchema = z
  .array(z.object({ id: z.string().min(1).max(40), values: keptParamsSchema }).nullable().catch(null))
  .max(50)
  .transform((variants) => variants.filter((v, index): v is CompareVariant => v !== null && variants.findIndex((w) => w?.id === v.id) === index));
/** What may come back from the core or this origin's cache: each part, and each field of it, checked on its own. */
const keptSchema = z.object({
  setup: keptSetupSchema.optional().catch(undefined),
  mode: z.enum(['single', 'shadow', 'sweep']).optional().catch(undefined),
  sweep: keptSweepSchema.optional().catch(undefined),
  variants: keptVariantsSchema.optional().catch(undefined),
});
type KeptForm = z.infer<typeof keptSchema>;

/** The fields that came back, without those that did not fit. */
const present = <T extends object>(kept: T | undefined): Partial<{ [K in keyof T]: Exclude<T[K], undefined> }> =>
  Object.fromEntries(Object.entries(kept ?? {}).filter(([, value]) => value !== undefined)) as Partial<{ [K in keyof T]: Exclude<T[K], undefined> }>;

/**
 * The backtest form, the run in progress, the last result and the variants compared: kept while the trader
 * switches tabs. The form itself (settings, mode, sweep ranges, Compare variants) is also kept by the core (`view.state`
 * "backtest"), so a reload or a restart shows what the trader typed; a strategy no longer listed is
 * replaced when the list comes (`useStrategies`), the rest of the form stays.
 */
export const useBacktestStore = persistedStore<BacktestState, KeptForm>(
  {
    key: 'backtest',
    name: 'halyard.backtest.v1',
    keep: ({ setup, mode, sweep, variants }) => ({ setup, mode, sweep, variants }),
    schema: keptSchema,
    restore: (current, kept) => ({
      ...current,
      setup: { ...current.setup, ...present(kept.setup) },
      ...(kept.mode ? { mode: kept.mode } : {}),
      sweep: { ...current.sweep, ...present(kept.sweep) },
      ...(kept.variants ? { variants: kept.variants } : {}),
    }),
  },
  (set) => ({
    strategies: null,
    failures: [],
    setup: NEW_SETUP,
    running: null,
    result: null,
    resultKey: null,
    setStrategies: (strategies, failures) => set({ strategies, failures }),
    update: (patch) => set((s) => ({ setup: { ...s.setup, ...patch } })),
    setRunning: (running) => set({ running }),
    progress: (runId, done, total) => set((s) => (s.running?.runId === runId ? { running: { ...s.running, done, total } } : s)),
    setResult: (result, key = null) => set({ result, resultKey: key }),
    mode: 'single',
    setMode: (mode) => set({ mode }),
    variants: [],
    compared: null,
    comparedKey: null,
    setVariants: (update) => set((s) => ({ variants: update(s.variants) })),
    setCompared: (compared, key = null) => set({ compared, comparedKey: key }),
    sweep: NEW_SWEEP,
    setSweep: (sweep) => set({ sweep }),
    reset: () => set((s) => ({ setup: { ...NEW_SETUP, strategy: s.strategies?.[0]?.name ?? '' }, mode: 'single', sweep: NEW_SWEEP, variants: [], compared: null, comparedKey: null })),
  }),
);
