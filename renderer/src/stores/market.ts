import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { WatchRow } from '../../../core/api/contract/market';

interface MarketViewState {
  selectedSymbol: string;
  rows: WatchRow[];
  select(symbol: string): void;
  setRows(rows: WatchRow[]): void;
}

/** Which symbol the workspace shows (remembered) and the latest watchlist rows from the core. */
export const useMarketStore = create<MarketViewState>()(
  persist(
    (set) => ({
      selectedSymbol: 'BTC/USDT',
      rows: [],
      select: (selectedSymbol) => set({ selectedSymbol }),
      setRows: (rows) => set({ rows }),
    }),
    { name: 'halyard.market.v1', version: 1, partialize: (s) => ({ selectedSymbol: s.selectedSymbol }) },
  ),
);

/** The selected market's row (price precision, last price), if the core has sent it. */
export function useSelectedRow(): WatchRow | undefined {
  return useMarketStore((s) => s.rows.find((row) => row.symbol === s.selectedSymbol));
}

export function usePriceDecimals(symbol: string): number {
  return useMarketStore((s) => s.rows.find((row) => row.symbol === symbol)?.priceDecimals ?? 2);
}
