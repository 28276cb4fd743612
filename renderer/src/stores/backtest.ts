import { create } from 'zustand';
import type { CommandResult } from '../../../core/api/contract/index';
import type { BacktestResultView, StrategyInfo } from '../../../core/api/contract/strategies';
import type { FormValues } from '../app/forms/SchemaForm';

export type SourceKind = 'simulated' | 'file' | 'stored';

export interface BacktestSetup {
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
}

export interface RunningBacktest {
  runId: string;
  startedAt: number;
  done: number;
  total: number;
}

export type BacktestMode = 'single' | 'shadow' | 'sweep';

/** A variant in Compare variants: its name and its parameters as typed. */
export interface CompareVariant {
  id: string;
  values: FormValues;
}

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
}

/** The backtest form, the run in progress, the last result and the variants compared: kept while the trader switches tabs. */
export const useBacktestStore = create<BacktestState>((set) => ({
  strategies: null,
  failures: [],
  setup: { strategy: '', params: {}, paramsFor: '', source: 'simulated', seed: '42', bars: '100000', path: '', exchange: 'binance', storedTimeframe: '1m', symbol: '', fee: '0.001', slippage: '', cash: '10000' },
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
}));
