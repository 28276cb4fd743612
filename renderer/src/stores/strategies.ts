import { create } from 'zustand';
import type { StrategyConfigView, StrategyLevelView } from '../../../core/api/contract/live-strategies';

interface StrategiesState {
  /** Configured strategies as the core runs them; null until loaded or when the core has none. */
  configs: StrategyConfigView[] | null;
  setConfigs(configs: StrategyConfigView[]): void;
  /** Levels the running strategies plan around (grid, Fibonacci, their exits), by symbol, for the chart. */
  levels: Record<string, StrategyLevelView[]>;
  setLevels(symbol: string, levels: StrategyLevelView[]): void;
}

export const useStrategiesStore = create<StrategiesState>((set) => ({
  configs: null,
  setConfigs: (configs) => set({ configs }),
  levels: {},
  setLevels: (symbol, levels) => set((s) => ({ levels: { ...s.levels, [symbol]: levels } })),
}));

/** Highest readiness (0–100) any enabled strategy reports for a symbol; null when none does. */
export function readinessBySymbol(configs: readonly StrategyConfigView[] | null): Map<string, { value: number; strategy: string }> {
  const best = new Map<string, { value: number; strategy: string }>();
  for (const config of configs ?? []) {
    if (!config.enabled) continue;
    for (const [symbol, value] of Object.entries(config.readiness)) {
      if (value === null) continue;
      const current = best.get(symbol);
      if (!current || value > current.value) best.set(symbol, { value, strategy: config.name });
    }
  }
  return best;
}
