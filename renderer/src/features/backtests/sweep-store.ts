import { create } from 'zustand';
import type { SweepResultView } from '../../../../core/api/contract/index';

export interface RunningSweep {
  runId: string;
  startedAt: number;
  done: number;
  total: number;
  etaMs: number | null;
  /** When `etaMs` was estimated (the progress event's arrival): the time left counts down from it between events. */
  etaAt: number;
}

interface SweepState {
  running: RunningSweep | null;
  result: SweepResultView | null;
  /** What the shown result was run with (`sweepKey`): the form differing from it makes the result stale. */
  resultKey: string | null;
  /** What the last run's refusal said, beside its fields and under the form: kept for a trader who switched tabs meanwhile. */
  errors: Record<string, string>;
  problem: string | null;
  setProblems(errors: Record<string, string>, problem: string | null): void;
  setRunning(running: RunningSweep | null): void;
  progress(runId: string, done: number, total: number, etaMs: number | null): void;
  setResult(result: SweepResultView | null, key?: string | null): void;
}

/** The sweep in progress, its result and what went wrong: kept while the trader switches tabs (the form is the backtest store's). */
export const useSweepStore = create<SweepState>((set) => ({
  running: null,
  result: null,
  resultKey: null,
  errors: {},
  problem: null,
  setProblems: (errors, problem) => set({ errors, problem }),
  setRunning: (running) => set({ running }),
  progress: (runId, done, total, etaMs) => set((s) => (s.running?.runId === runId ? { running: { ...s.running, done, total, etaMs, etaAt: Date.now() } } : s)),
  setResult: (result, key = null) => set({ result, resultKey: key }),
}));
