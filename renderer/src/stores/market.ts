import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { useShallow } from 'zustand/react/shallow';
import type { WatchRow } from '../../../core/api/contract/market';
import { DEFAULT_SYMBOL, MARKET_STORAGE_KEY } from './storage-keys';
import { unchangedWritesSkipped } from './unchanged-writes';

interface MarketViewState {
  selectedSymbol: string;
  /** The watchlist of the market the chart shows. */
  rows: WatchRow[];
  /** Watched symbols of other exchanges (`elsewhere`): shown in the watchlist, not charted. */
  elsewhere: WatchRow[];
  /** Newest bar time seen in the feed: the market's clock (a simulated or replayed market is not on the wall clock). */
  marketTime: number | null;
  select(symbol: string): void;
  setRows(rows: WatchRow[]): void;
  advanceClock(time: number): void;
}

/** Which symbol the workspace shows (remembered) and the latest watchlist rows from the core. */
export const useMarketStore = create<MarketViewState>()(
  persist(
    (set) => ({
      selectedSymbol: DEFAULT_SYMBOL,
      rows: [],
      elsewhere: [],
      marketTime: null,
      select: (selectedSymbol) => set({ selectedSymbol }),
      setRows: (rows) => set({ rows: rows.filter((row) => !row.elsewhere), elsewhere: rows.filter((row) => row.elsewhere) }),
      advanceClock: (time) => set((s) => (s.marketTime !== null && s.marketTime >= time ? s : { marketTime: time })),
    }),
    { name: MARKET_STORAGE_KEY, version: 1, partialize: (s) => ({ selectedSymbol: s.selectedSymbol }), storage: unchangedWritesSkipped<{ selectedSymbol: string }>() },
  ),
);

/** The selected market's row (price precision, last price), if the core has sent it. */
export function selectedRow(s: Pick<MarketViewState, 'rows' | 'selectedSymbol'>): WatchRow | undefined {
  return s.rows.find((row) => row.symbol === s.selectedSymbol);
}

/**
 * The selected market's symbol once the core has sent its row (null before). A primitive, unlike the
 * row (a new object on every tick): panels that only name the market do not re-render as it ticks.
 */
export function useSelectedSymbolShown(): string | null {
  return useMarketStore((s) => selectedRow(s)?.symbol ?? null);
}

/** The selected market's last price (null before its first tick): re-renders its caller on every price move. */
export function useSelectedLast(): number | null {
  return useMarketStore((s) => selectedRow(s)?.last ?? null);
}

export function usePriceDecimals(symbol: string): number {
  return useMarketStore((s) => s.rows.find((row) => row.symbol === symbol)?.priceDecimals ?? 2);
}

/**
 * Each watched symbol's price decimals, compared by value: the rows themselves are new on every tick, so a
 * panel that only formats prices by symbol does not re-render as the market ticks.
 */
export function usePriceDecimalsBySymbol(): Readonly<Record<string, number>> {
  return useMarketStore(useShallow((s) => Object.fromEntries(s.rows.map((row) => [row.symbol, row.priceDecimals]))));
}
